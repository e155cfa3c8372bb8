package dev.blacksmith.supervisor.postgres;

import dev.blacksmith.spi.supervisor.Supervisor;
import dev.blacksmith.testkit.supervisor.SupervisorConformanceTest;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The conformance suite on the machine's PostgreSQL, one fresh schema per test. Time passes by an
 * offset added to the database's clock, which every instance of a test shares.
 */
class PostgresSupervisorConformanceTest extends SupervisorConformanceTest {

  private static final TestDatabase DATABASE = new TestDatabase();

  private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);
  private @Nullable String schema;

  @BeforeAll
  static void requirePostgres() {
    TestDatabase.requireReachable();
  }

  @AfterAll
  static void dropSchemas() throws SQLException {
    DATABASE.dropSchemas();
  }

  @Override
  protected Supervisor newSupervisor() {
    if (schema == null) {
      schema = DATABASE.newSchema();
    }
    PostgresSupervisor s = PostgresSupervisor.open(TestDatabase.url(schema), offset::get);
    s.init();
    return s;
  }

  @Override
  protected void elapse(Duration d) {
    offset.accumulateAndGet(d, Duration::plus);
  }

  @AfterEach
  void nextTestGetsAFreshSchema() {
    schema = null;
    offset.set(Duration.ZERO);
  }
}
