package dev.blacksmith.wanderer.runner;

import static dev.blacksmith.wanderer.runner.Fixtures.files;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blacksmith.spi.wanderer.MigrationRecord;
import dev.blacksmith.spi.wanderer.MigrationStatus;
import dev.blacksmith.spi.wanderer.Scope;
import dev.blacksmith.supervisor.postgres.PostgresSupervisor;
import dev.blacksmith.wanderer.jdbc.JdbcWanderer;
import dev.blacksmith.wanderer.jdbc.PostgresTestDatabase;
import dev.blacksmith.wanderer.runner.Fixtures.Journal;
import dev.blacksmith.wanderer.runner.Fixtures.Warehouse;
import dev.blacksmith.wanderer.runner.Fixtures.WarehouseDestination;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runners, as two processes would, on the machine's PostgreSQL: one wanderer schema and one
 * supervisor schema shared by both, each runner with connections of its own.
 */
class PostgresMigrationRunnerTest {

  private static final PostgresTestDatabase DATABASE = new PostgresTestDatabase();
  private static final Scope WAREHOUSE = Scope.destination("warehouse");

  @TempDir Path dir;

  @BeforeAll
  static void requirePostgres() {
    PostgresTestDatabase.require();
  }

  @AfterAll
  static void dropSchemas() throws SQLException {
    DATABASE.dropSchemas();
  }

  @Test
  void a_second_runner_leaves_a_scope_alone_while_the_first_runs_it() throws Exception {
    files(
        dir.resolve("warehouse"),
        "20260101000000.create_events.up.sql",
        "CREATE TABLE events (id TEXT)",
        "20260201000000.create_users.up.sql",
        "CREATE TABLE users (id TEXT)");
    Journal journal = new Journal();
    WarehouseDestination destination =
        new WarehouseDestination(dir, new Warehouse(dir.resolve("warehouse.db")), journal);
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch proceed = new CountDownLatch(1);
    destination.during =
        (m, d) -> {
          if (m.version().equals("20260101000000")) {
            inside.countDown();
            assertThat(proceed.await(60, TimeUnit.SECONDS)).isTrue();
          }
        };
    String wandererUrl = PostgresTestDatabase.url(DATABASE.newSchema());
    String supervisorUrl = PostgresTestDatabase.url(DATABASE.newSchema());

    try (JdbcWanderer firstWanderer = JdbcWanderer.open(wandererUrl);
        JdbcWanderer secondWanderer = JdbcWanderer.open(wandererUrl);
        PostgresSupervisor firstSupervisor = PostgresSupervisor.open(supervisorUrl);
        PostgresSupervisor secondSupervisor = PostgresSupervisor.open(supervisorUrl)) {
      firstWanderer.migrate();
      secondWanderer.migrate();
      firstSupervisor.init();
      secondSupervisor.init();
      MigrationRunner first =
          MigrationRunner.builder(firstWanderer, firstSupervisor)
              .destinations(List.of(destination))
              .build();
      MigrationRunner second =
          MigrationRunner.builder(secondWanderer, secondSupervisor)
              .destinations(List.of(destination))
              .build();
      first.acknowledge(first.planAcknowledge(List.of()), MigrationListener.NONE);
      assertThat(second.planAcknowledge(List.of()).isEmpty()).isTrue();

      CompletableFuture<RunResult> running =
          CompletableFuture.supplyAsync(
              () -> first.execute(first.planRun(List.of(), null), MigrationListener.NONE));
      assertThat(inside.await(60, TimeUnit.SECONDS)).isTrue();

      Plan meanwhile = second.planRun(List.of(), null);
      RunResult refused = second.execute(meanwhile, MigrationListener.NONE);

      assertThat(meanwhile.notes())
          .singleElement()
          .asString()
          .contains("20260101000000.create_events is executing(up)");
      assertThat(refused.completed()).isEmpty();
      assertThat(refused.failure().message())
          .contains(
              "destination:warehouse is locked by another run (migrations " + first.holder().id());
      assertThat(secondWanderer.findMigration(WAREHOUSE, "20260101000000").orElseThrow().status())
          .as("the second runner did not mark the running migration interrupted")
          .isEqualTo(MigrationStatus.EXECUTING_UP);

      proceed.countDown();
      RunResult done = running.get(60, TimeUnit.SECONDS);

      assertThat(done.succeeded()).isTrue();
      assertThat(done.completed())
          .extracting(MigrationRecord::version)
          .containsExactly("20260101000000", "20260201000000");
      assertThat(second.planRun(List.of(), null).isEmpty()).isTrue();
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(secondSupervisor.locks()).isEmpty());
      assertThat(journal.entries)
          .containsExactly(
              "init warehouse",
              "warehouse up 20260101000000",
              "warehouse up 20260201000000",
              "shutdown warehouse");
    }
  }
}
