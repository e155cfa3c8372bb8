package dev.blacksmith.supervisor.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blacksmith.spi.supervisor.Lock;
import dev.blacksmith.spi.supervisor.SupervisorException;
import dev.blacksmith.spi.supervisor.SupervisorProvider;
import dev.blacksmith.supervisor.Service;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the PostgreSQL supervisor does beyond the conformance suite. */
class PostgresSupervisorTest {

  private static final TestDatabase DATABASE = new TestDatabase();
  private static final Service ME = new Service("instance-1", "scheduler", "1.2.3", null);

  @BeforeAll
  static void requirePostgres() {
    TestDatabase.requireReachable();
  }

  @AfterAll
  static void dropSchemas() throws SQLException {
    DATABASE.dropSchemas();
  }

  @Test
  void instances_starting_together_create_the_tables_once_without_failing() throws Exception {
    String schema = DATABASE.newSchema();
    int instances = 6;
    List<PostgresSupervisor> opened = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      opened.add(PostgresSupervisor.open(TestDatabase.url(schema)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(instances);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> inits = new ArrayList<>();
      for (PostgresSupervisor s : opened) {
        inits.add(
            pool.submit(() -> {
              start.await();
              s.init();
              return null;
            }));
      }
      start.countDown();
      for (Future<?> init : inits) {
        init.get(60, TimeUnit.SECONDS);
      }

      assertThat(opened.get(0).tryAcquire("migrations/crm", ME, Duration.ofSeconds(30)))
          .isPresent();
      assertThat(opened.get(1).locks()).extracting(Lock::key).containsExactly("migrations/crm");
    } finally {
      pool.shutdownNow();
      opened.forEach(PostgresSupervisor::close);
    }
  }

  @Test
  void tables_are_created_in_the_schema_of_the_url() throws Exception {
    String schema = DATABASE.newSchema();
    try (PostgresSupervisor s = PostgresSupervisor.open(TestDatabase.url(schema))) {
      s.init();
      assertThat(s.schema()).isEqualTo(schema);
    }

    assertThat(columns(schema, "locks"))
        .containsExactly(
            "key",
            "holder_id",
            "holder_name",
            "holder_version",
            "holder_address",
            "acquired_at",
            "expires_at");
    assertThat(columns(schema, "services"))
        .containsExactly(
            "id", "name", "version", "address", "started_at", "heartbeat_at", "expires_at");
  }

  @Test
  void leases_are_measured_on_the_database_clock() throws Exception {
    String schema = DATABASE.newSchema();
    try (PostgresSupervisor s = PostgresSupervisor.open(TestDatabase.url(schema))) {
      s.init();
      Instant before = TestDatabase.now();
      Lock lock = s.tryAcquire("actions/crm/push", ME, Duration.ofMinutes(5)).orElseThrow();
      Instant after = TestDatabase.now();

      assertThat(lock.acquiredAt()).isBetween(before, after);
      assertThat(lock.expiresAt()).isEqualTo(lock.acquiredAt().plus(Duration.ofMinutes(5)));
    }
  }

  @Test
  void a_lease_ends_in_real_time_when_not_renewed() throws Exception {
    String schema = DATABASE.newSchema();
    try (PostgresSupervisor a = PostgresSupervisor.open(TestDatabase.url(schema));
        PostgresSupervisor b = PostgresSupervisor.open(TestDatabase.url(schema))) {
      a.init();
      Lock lock = a.tryAcquire("triggers/cron/tick", ME, Duration.ofMillis(300)).orElseThrow();
      Service other = new Service("instance-2", "scheduler", "1.2.3", null);
      assertThat(b.tryAcquire("triggers/cron/tick", other, Duration.ofSeconds(30))).isEmpty();

      Thread.sleep(Duration.between(TestDatabase.now(), lock.expiresAt()).toMillis() + 50);

      assertThat(b.tryAcquire("triggers/cron/tick", other, Duration.ofSeconds(30))).isPresent();
      assertThat(a.renew(lock, Duration.ofSeconds(30))).isFalse();
    }
  }

  @Test
  void an_unreachable_database_is_reported_as_a_supervisor_error() {
    long start = System.nanoTime();

    assertThatThrownBy(() -> PostgresSupervisor.open("postgres://postgres:pw@127.0.0.1:1/test"))
        .isInstanceOf(SupervisorException.class)
        .hasMessageContaining("127.0.0.1:1")
        .hasMessageNotContaining("pw");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void a_closed_supervisor_refuses_calls_with_a_supervisor_error() {
    PostgresSupervisor s = PostgresSupervisor.open(TestDatabase.url(DATABASE.newSchema()));
    s.init();
    s.close();

    assertThatThrownBy(s::locks).isInstanceOf(SupervisorException.class);
  }

  @Test
  void the_provider_is_found_for_postgres_urls() {
    List<SupervisorProvider> providers =
        ServiceLoader.load(SupervisorProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.supports("postgres://postgres@127.0.0.1:5432/test"))
            .toList();

    assertThat(providers).singleElement().isInstanceOf(PostgresSupervisorProvider.class);
    assertThat(providers.get(0).supports("postgresql://h/db")).isTrue();
    assertThat(providers.get(0).supports("jdbc:postgresql://h/db")).isTrue();
    assertThat(providers.get(0).supports("inprocess:")).isFalse();
    try (var s = providers.get(0).open(TestDatabase.url(DATABASE.newSchema()))) {
      s.init();
      assertThat(s.name()).isEqualTo("postgres");
      assertThat(s.locks()).isEmpty();
    }
  }

  private static List<String> columns(String schema, String table) throws SQLException {
    try (Connection c = TestDatabase.connect();
        var ps =
            c.prepareStatement(
                "SELECT column_name FROM information_schema.columns"
                    + " WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
      ps.setString(1, schema);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        List<String> names = new ArrayList<>();
        while (rs.next()) {
          names.add(rs.getString(1));
        }
        return names;
      }
    }
  }
}
