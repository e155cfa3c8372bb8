package dev.blacksmith.wanderer.jdbc;

import dev.blacksmith.spi.wanderer.Wanderer;
import dev.blacksmith.testkit.wanderer.WandererConformanceTest;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The conformance suite on the machine's PostgreSQL, one fresh schema per test. */
class PostgresWandererConformanceTest extends WandererConformanceTest {

  private static final PostgresTestDatabase DATABASE = new PostgresTestDatabase();

  // Wanderers have identity equality, so each instance is its own key.
  private final Map<Wanderer, String> urls = new HashMap<>();

  @BeforeAll
  static void requirePostgres() {
    PostgresTestDatabase.require();
  }

  @AfterAll
  static void dropSchemas() throws SQLException {
    DATABASE.dropSchemas();
  }

  @Override
  protected Wanderer newWanderer() {
    return open(PostgresTestDatabase.url(DATABASE.newSchema()));
  }

  @Override
  protected Wanderer connect(Wanderer existing) {
    return open(urls.get(existing));
  }

  private Wanderer open(String url) {
    JdbcWanderer w = JdbcWanderer.open(url);
    w.migrate();
    urls.put(w, url);
    return w;
  }
}
