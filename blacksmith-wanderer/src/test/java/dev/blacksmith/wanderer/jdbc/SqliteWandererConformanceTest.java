package dev.blacksmith.wanderer.jdbc;

import dev.blacksmith.spi.wanderer.Wanderer;
import dev.blacksmith.testkit.wanderer.WandererConformanceTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The conformance suite on SQLite, one fresh file per test. */
class SqliteWandererConformanceTest extends WandererConformanceTest {

  @TempDir Path dir;

  private String url() {
    return "sqlite:" + dir.resolve("blacksmith.db");
  }

  @Override
  protected Wanderer newWanderer() {
    JdbcWanderer w = JdbcWanderer.open(url());
    w.migrate();
    return w;
  }

  @Override
  protected Wanderer connect(Wanderer existing) {
    return newWanderer();
  }
}
