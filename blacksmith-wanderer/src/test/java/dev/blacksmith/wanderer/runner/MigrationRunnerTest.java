package dev.blacksmith.wanderer.runner;

import static dev.blacksmith.spi.wanderer.MigrationStatus.ACKNOWLEDGED;
import static dev.blacksmith.spi.wanderer.MigrationStatus.DISCARDED;
import static dev.blacksmith.spi.wanderer.MigrationStatus.EXECUTING_UP;
import static dev.blacksmith.spi.wanderer.MigrationStatus.FAILED_UP;
import static dev.blacksmith.spi.wanderer.MigrationStatus.SUCCEEDED_DOWN;
import static dev.blacksmith.spi.wanderer.MigrationStatus.SUCCEEDED_UP;
import static dev.blacksmith.wanderer.runner.Fixtures.files;
import static dev.blacksmith.wanderer.runner.Fixtures.only;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.blacksmith.engine.internal.InProcessSupervisor;
import dev.blacksmith.json.Json;
import dev.blacksmith.spi.supervisor.Lock;
import dev.blacksmith.spi.wanderer.MigrationRecord;
import dev.blacksmith.spi.wanderer.MigrationStatus;
import dev.blacksmith.spi.wanderer.MigrationTransition;
import dev.blacksmith.spi.wanderer.Scope;
import dev.blacksmith.supervisor.Service;
import dev.blacksmith.testkit.authoring.SettableClock;
import dev.blacksmith.wanderer.Direction;
import dev.blacksmith.wanderer.jdbc.JdbcWanderer;
import dev.blacksmith.wanderer.runner.Fixtures.Journal;
import dev.blacksmith.wanderer.runner.Fixtures.PlainDestination;
import dev.blacksmith.wanderer.runner.Fixtures.ShopSource;
import dev.blacksmith.wanderer.runner.Fixtures.Warehouse;
import dev.blacksmith.wanderer.runner.Fixtures.WarehouseDestination;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationRunnerTest {

  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  private static final Scope WAREHOUSE = Scope.destination("warehouse");
  private static final Scope INSERT = Scope.action("warehouse", "insert");
  private static final Scope POLL = Scope.trigger("shop", "poll");

  @TempDir Path dir;

  private final SettableClock clock = new SettableClock(T0);
  private final Journal journal = new Journal();
  private final InProcessSupervisor supervisor = new InProcessSupervisor(clock);
  private Warehouse warehouse;
  private WarehouseDestination destination;
  private ShopSource shop;
  private JdbcWanderer wanderer;
  private MigrationRunner runner;

  @BeforeEach
  void setUp() throws IOException {
    warehouse = new Warehouse(dir.resolve("warehouse.db"));
    destination = new WarehouseDestination(dir, warehouse, journal);
    shop = new ShopSource(dir, warehouse, journal);
    files(
        dir.resolve("warehouse"),
        "20260101000000.create_events.up.sql",
        "CREATE TABLE events (id TEXT PRIMARY KEY, data TEXT)",
        "20260101000000.create_events.down.sql",
        "DROP TABLE events",
        "20260201000000.add_received_at.up.sql",
        "ALTER TABLE events ADD COLUMN received_at TEXT",
        "20260201000000.add_received_at.down.sql",
        "ALTER TABLE events DROP COLUMN received_at",
        "20260301000000.index_received_at.up.sql",
        "CREATE INDEX events_received_at ON events (received_at)",
        "20260301000000.index_received_at.down.sql",
        "DROP INDEX events_received_at");
    files(
        dir.resolve("insert"),
        "20260115000000.create_batches.up.sql",
        "CREATE TABLE batches (id TEXT)",
        "20260115000000.create_batches.down.sql",
        "DROP TABLE batches");
    files(
        dir.resolve("poll"),
        "20260110000000.create_cursor.up.sql",
        "CREATE TABLE cursor (at TEXT)",
        "20260110000000.create_cursor.down.sql",
        "DROP TABLE cursor");
    wanderer = JdbcWanderer.open("sqlite:" + dir.resolve("blacksmith.db"));
    wanderer.migrate();
    runner =
        MigrationRunner.builder(wanderer, supervisor)
            .sources(List.of(shop))
            .destinations(List.of(destination, new PlainDestination()))
            .clock(clock)
            .build();
  }

  @AfterEach
  void tearDown() {
    wanderer.close();
    supervisor.close();
  }

  private void acknowledgeAll() {
    runner.acknowledge(runner.planAcknowledge(List.of()), MigrationListener.NONE);
  }

  private RunResult run(List<Scope> scopes, String toVersion) {
    return runner.execute(runner.planRun(scopes, toVersion), MigrationListener.NONE);
  }

  private MigrationStatus status(Scope scope, String version) {
    return wanderer.findMigration(scope, version).orElseThrow().status();
  }

  // ---------------------------------------------------------------- scopes and ack

  @Test
  void scopes_are_the_components_with_migrations_in_the_applications_order() {
    assertThat(runner.scopes()).containsExactly(POLL, WAREHOUSE, INSERT);
  }

  @Test
  void acknowledge_registers_every_declared_migration_once() {
    AckPlan plan = runner.planAcknowledge(List.of());

    assertThat(plan.added())
        .extracting(m -> m.scope().value() + " " + m.version())
        .containsExactly(
            "source/trigger:shop/poll 20260110000000",
            "destination:warehouse 20260101000000",
            "destination:warehouse 20260201000000",
            "destination:warehouse 20260301000000",
            "destination/action:warehouse/insert 20260115000000");
    List<MigrationRecord> heard = new CopyOnWriteArrayList<>();
    runner.acknowledge(
        plan,
        new MigrationListener() {
          @Override
          public void acknowledged(MigrationRecord migration) {
            heard.add(migration);
          }
        });

    assertThat(heard).hasSize(5).allSatisfy(m -> assertThat(m.status()).isEqualTo(ACKNOWLEDGED));
    assertThat(heard.get(0).createdAt()).isEqualTo(T0);
    assertThat(runner.planAcknowledge(List.of()).isEmpty()).isTrue();
    assertThat(journal.entries).as("acknowledging runs nothing").isEmpty();
  }

  @Test
  void acknowledge_of_one_scope_registers_only_its_migrations() {
    runner.acknowledge(runner.planAcknowledge(List.of(INSERT)), MigrationListener.NONE);

    assertThat(runner.status(List.of()))
        .filteredOn(e -> e.record() != null)
        .extracting(StatusEntry::scope)
        .containsExactly(INSERT);
  }

  @Test
  void unknown_scopes_and_components_without_migrations_are_refused_naming_the_scopes() {
    assertThatThrownBy(() -> runner.planRun(List.of(Scope.destination("nope")), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the application has no destination 'nope'")
        .hasMessageContaining(
            "scopes with migrations: source/trigger:shop/poll, destination:warehouse,"
                + " destination/action:warehouse/insert");
    assertThatThrownBy(() -> runner.planAcknowledge(List.of(Scope.destination("crm"))))
        .hasMessageContaining("destination:crm has no migrations");
    assertThatThrownBy(() -> runner.planRollback(Scope.source("shop"), null, false))
        .hasMessageContaining("source:shop has no migrations");
  }

  @Test
  void a_component_whose_migrations_cannot_be_read_blocks_the_acknowledgement() throws IOException {
    Files.writeString(dir.resolve("insert/2026.bad.up.sql"), "");

    AckPlan plan = runner.planAcknowledge(List.of());

    assertThat(plan.isRunnable()).isFalse();
    assertThat(plan.problems())
        .singleElement()
        .asString()
        .contains("cannot read the migrations of destination/action:warehouse/insert")
        .contains("2026.bad.up.sql");
    assertThatThrownBy(() -> runner.acknowledge(plan, MigrationListener.NONE))
        .hasMessageContaining("nothing was acknowledged");
    assertThat(runner.status(List.of(WAREHOUSE))).allSatisfy(e -> assertThat(e.record()).isNull());
  }

  // ---------------------------------------------------------------- run

  @Test
  void run_applies_acknowledged_migrations_oldest_first_with_hooks_around_each_component()
      throws Exception {
    acknowledgeAll();
    destination.during = (m, d) -> clock.advance(Duration.ofMillis(250));
    List<String> progress = new CopyOnWriteArrayList<>();
    MigrationListener listener =
        new MigrationListener() {
          @Override
          public void locked(Scope scope) {
            progress.add("locked " + scope);
          }

          @Override
          public void started(Step step, int index, int total) {
            progress.add(index + "/" + total + " " + step.describe());
          }

          @Override
          public void finished(
              Step step, MigrationRecord migration, Duration took, int index, int total) {
            progress.add(index + "/" + total + " " + migration.status() + " in " + took.toMillis());
          }
        };

    Plan plan = runner.planRun(List.of(), null);
    RunResult result = runner.execute(plan, listener);

    assertThat(result.succeeded()).isTrue();
    assertThat(result.completed())
        .hasSize(5)
        .allSatisfy(m -> assertThat(m.status()).isEqualTo(SUCCEEDED_UP));
    assertThat(journal.entries)
        .containsExactly(
            "init shop",
            "init shop/poll",
            "shop/poll up 20260110000000",
            "shutdown shop/poll",
            "shutdown shop",
            "init warehouse",
            "warehouse up 20260101000000",
            "warehouse up 20260201000000",
            "warehouse up 20260301000000",
            "init warehouse/insert",
            "warehouse/insert up 20260115000000",
            "shutdown warehouse/insert",
            "shutdown warehouse");
    assertThat(progress)
        .containsExactly(
            "locked source/trigger:shop/poll",
            "1/5 source/trigger:shop/poll 20260110000000.create_cursor up",
            "1/5 succeeded(up) in 0",
            "locked destination:warehouse",
            "2/5 destination:warehouse 20260101000000.create_events up",
            "2/5 succeeded(up) in 250",
            "3/5 destination:warehouse 20260201000000.add_received_at up",
            "3/5 succeeded(up) in 250",
            "4/5 destination:warehouse 20260301000000.index_received_at up",
            "4/5 succeeded(up) in 250",
            "locked destination/action:warehouse/insert",
            "5/5 destination/action:warehouse/insert 20260115000000.create_batches up",
            "5/5 succeeded(up) in 0");
    assertThat(warehouse.tables()).contains("events", "events_received_at", "batches", "cursor");
    MigrationRecord created = wanderer.findMigration(WAREHOUSE, "20260101000000").orElseThrow();
    assertThat(wanderer.findTransitions(created.id()))
        .extracting(
            MigrationTransition::stateBefore,
            MigrationTransition::stateAfter,
            MigrationTransition::createdAt)
        .containsExactly(
            tuple(null, ACKNOWLEDGED, T0),
            tuple(ACKNOWLEDGED, EXECUTING_UP, T0),
            tuple(EXECUTING_UP, SUCCEEDED_UP, T0.plusMillis(250)));
    assertThat(supervisor.locks()).as("every scope's lock is released").isEmpty();
    assertThat(runner.planRun(List.of(), null).isEmpty()).isTrue();
  }

  @Test
  void run_stops_at_the_first_error_and_leaves_later_migrations_as_they_were() throws Exception {
    Files.writeString(
        dir.resolve("warehouse/20260201000000.add_received_at.up.sql"),
        "ALTER TABLE no_such_table ADD COLUMN received_at TEXT");
    acknowledgeAll();

    RunResult result = run(List.of(), null);

    assertThat(result.succeeded()).isFalse();
    RunResult.Failure failure = result.failure();
    assertThat(failure.scope()).isEqualTo(WAREHOUSE);
    assertThat(failure.message())
        .startsWith("destination:warehouse 20260201000000.add_received_at up failed: ")
        .contains("no such table");
    assertThat(failure.migration().status()).isEqualTo(FAILED_UP);
    assertThat(Json.tree(failure.migration().transition().error()).path("message").asString())
        .contains("no such table: no_such_table");
    assertThat(result.completed())
        .extracting(MigrationRecord::describe)
        .containsExactly(
            "source/trigger:shop/poll 20260110000000.create_cursor",
            "destination:warehouse 20260101000000.create_events");
    assertThat(status(WAREHOUSE, "20260301000000")).isEqualTo(ACKNOWLEDGED);
    assertThat(status(INSERT, "20260115000000"))
        .as("later scopes do not run")
        .isEqualTo(ACKNOWLEDGED);
    assertThat(only(journal, "init warehouse", "shutdown warehouse"))
        .containsExactly("init warehouse", "shutdown warehouse");
    assertThat(warehouse.tables()).contains("events").doesNotContain("batches");
    assertThat(supervisor.locks()).isEmpty();
  }

  @Test
  void a_failed_migration_runs_again_once_its_script_is_fixed_and_acknowledged() throws Exception {
    Path script = dir.resolve("warehouse/20260201000000.add_received_at.up.sql");
    Files.writeString(script, "ALTER TABLE no_such_table ADD COLUMN received_at TEXT");
    acknowledgeAll();
    assertThat(run(List.of(WAREHOUSE), null).succeeded()).isFalse();
    Files.writeString(script, "ALTER TABLE events ADD COLUMN received_at TEXT");

    Plan stale = runner.planRun(List.of(WAREHOUSE), null);
    assertThat(stale.problems())
        .singleElement()
        .asString()
        .contains(
            "20260201000000.add_received_at: its up script changed since it was acknowledged");
    AckPlan refresh = runner.planAcknowledge(List.of(WAREHOUSE));
    assertThat(refresh.refreshed()).extracting(m -> m.version()).containsExactly("20260201000000");
    runner.acknowledge(refresh, MigrationListener.NONE);
    RunResult again = run(List.of(WAREHOUSE), null);

    assertThat(again.succeeded()).isTrue();
    assertThat(again.completed())
        .extracting(MigrationRecord::version)
        .containsExactly("20260201000000", "20260301000000");
    MigrationRecord fixed = wanderer.findMigration(WAREHOUSE, "20260201000000").orElseThrow();
    assertThat(wanderer.findTransitions(fixed.id()))
        .extracting(MigrationTransition::stateAfter)
        .containsExactly(ACKNOWLEDGED, EXECUTING_UP, FAILED_UP, EXECUTING_UP, SUCCEEDED_UP);
  }

  @Test
  void run_refuses_migrations_that_are_not_acknowledged_and_runs_nothing() throws Exception {
    acknowledgeAll();
    files(
        dir.resolve("warehouse"),
        "20260401000000.add_data_index.up.sql",
        "CREATE INDEX events_data ON events (data)");

    Plan plan = runner.planRun(List.of(), null);

    assertThat(plan.problems())
        .containsExactly(
            "destination:warehouse 20260401000000.add_data_index is not acknowledged: run"
                + " 'blacksmith migrations ack' first");
    assertThatThrownBy(() -> runner.execute(plan, MigrationListener.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nothing ran");
    assertThat(journal.entries).isEmpty();
    assertThat(runner.planRun(List.of(), "20260301000000").isRunnable())
        .as("a newer unacknowledged migration is no problem below --version")
        .isTrue();
  }

  @Test
  void run_up_to_a_version_includes_it_and_stops_there() {
    acknowledgeAll();

    RunResult result = run(List.of(WAREHOUSE), "20260201000000");

    assertThat(result.completed())
        .extracting(MigrationRecord::version)
        .containsExactly("20260101000000", "20260201000000");
    assertThat(status(WAREHOUSE, "20260301000000")).isEqualTo(ACKNOWLEDGED);
    assertThat(status(POLL, "20260110000000")).isEqualTo(ACKNOWLEDGED);
    assertThatThrownBy(() -> runner.planRun(List.of(), "2026-02-01"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("YYYYMMDDHHMISS");
  }

  @Test
  void a_scope_locked_by_another_run_is_left_alone() {
    acknowledgeAll();
    Service other = new Service("other-run", "migrations", "0.1.0", null);
    Lock held =
        supervisor.tryAcquire(WAREHOUSE.lockKey(), other, Duration.ofSeconds(30)).orElseThrow();

    RunResult result = run(List.of(WAREHOUSE), null);

    assertThat(result.completed()).isEmpty();
    assertThat(result.failure().message())
        .contains("destination:warehouse is locked by another run (migrations other-run")
        .contains("lock migrations/destination:warehouse");
    assertThat(status(WAREHOUSE, "20260101000000")).isEqualTo(ACKNOWLEDGED);
    assertThat(journal.entries).as("no hook runs for a locked scope").isEmpty();
    assertThat(supervisor.locks()).containsExactly(held);
  }

  @Test
  void a_migration_a_dead_run_left_executing_is_marked_failed_and_the_run_stops_there() {
    acknowledgeAll();
    MigrationRecord left = wanderer.findMigration(WAREHOUSE, "20260101000000").orElseThrow();
    wanderer.transition(left.id(), ACKNOWLEDGED, EXECUTING_UP, null, T0);
    clock.advance(Duration.ofMinutes(5));
    List<MigrationRecord> interrupted = new CopyOnWriteArrayList<>();

    Plan plan = runner.planRun(List.of(WAREHOUSE), null);
    assertThat(plan.notes())
        .singleElement()
        .asString()
        .contains("20260101000000.create_events is executing(up) since " + T0);
    RunResult result =
        runner.execute(
            plan,
            new MigrationListener() {
              @Override
              public void interrupted(MigrationRecord migration) {
                interrupted.add(migration);
              }
            });

    assertThat(result.failure().message())
        .contains("was executing(up) when its run stopped; it is now failed(up)");
    assertThat(interrupted).extracting(MigrationRecord::status).containsExactly(FAILED_UP);
    assertThat(Json.tree(interrupted.get(0).transition().error()).path("message").asString())
        .startsWith("interrupted: the run that started it at " + T0);
    assertThat(journal.entries).as("nothing ran").isEmpty();

    RunResult retried = run(List.of(WAREHOUSE), null);
    assertThat(retried.succeeded()).isTrue();
    assertThat(retried.completed()).hasSize(3);
  }

  @Test
  void an_init_failure_stops_the_run_before_any_migration_of_the_component() {
    acknowledgeAll();
    destination.initFailure = new IllegalStateException("warehouse unreachable");

    RunResult result = run(List.of(WAREHOUSE, INSERT), null);

    assertThat(result.failure().message())
        .isEqualTo(
            "init of destination warehouse failed: warehouse unreachable; no migration of"
                + " destination:warehouse ran");
    assertThat(journal.entries).containsExactly("init warehouse");
    assertThat(status(WAREHOUSE, "20260101000000")).isEqualTo(ACKNOWLEDGED);
    assertThat(status(INSERT, "20260115000000")).isEqualTo(ACKNOWLEDGED);
    assertThat(supervisor.locks()).isEmpty();
  }

  @Test
  void a_run_that_lost_its_lock_stops_after_the_migration_running_then() {
    acknowledgeAll();
    Service other = new Service("other-run", "migrations", "0.1.0", null);
    destination.during =
        (m, d) -> {
          if (m.version().equals("20260101000000")) {
            // The run stalls past its lease and another run takes the scope over.
            clock.advance(Duration.ofSeconds(31));
            assertThat(supervisor.tryAcquire(WAREHOUSE.lockKey(), other, Duration.ofSeconds(30)))
                .isPresent();
          }
        };

    RunResult result = run(List.of(WAREHOUSE), null);

    assertThat(result.completed())
        .extracting(MigrationRecord::version)
        .containsExactly("20260101000000");
    assertThat(result.failure().message())
        .startsWith("lost the lock migrations/destination:warehouse")
        .endsWith("stopped before destination:warehouse 20260201000000.add_received_at up");
    assertThat(status(WAREHOUSE, "20260201000000")).isEqualTo(ACKNOWLEDGED);
    assertThat(supervisor.locks()).extracting(l -> l.holder().id()).containsExactly("other-run");
  }

  // ---------------------------------------------------------------- rollback

  @Test
  void rollback_reverts_only_the_newest_applied_migration_by_default() throws Exception {
    acknowledgeAll();
    run(List.of(WAREHOUSE), null);
    journal.entries.clear();

    Plan plan = runner.planRollback(WAREHOUSE, null, false);
    RunResult result = runner.execute(plan, MigrationListener.NONE);

    assertThat(plan.direction()).isEqualTo(Direction.DOWN);
    assertThat(result.completed())
        .extracting(MigrationRecord::version, MigrationRecord::status)
        .containsExactly(tuple("20260301000000", SUCCEEDED_DOWN));
    assertThat(journal.entries)
        .containsExactly("init warehouse", "warehouse down 20260301000000", "shutdown warehouse");
    assertThat(warehouse.tables()).contains("events").doesNotContain("events_received_at");
    assertThat(status(WAREHOUSE, "20260201000000")).isEqualTo(SUCCEEDED_UP);
  }

  @Test
  void rollback_to_a_version_reverts_every_newer_one_newest_first_and_keeps_it() throws Exception {
    acknowledgeAll();
    run(List.of(WAREHOUSE), null);
    journal.entries.clear();

    RunResult result =
        runner.execute(
            runner.planRollback(WAREHOUSE, "20260101000000", false), MigrationListener.NONE);

    assertThat(result.completed())
        .extracting(MigrationRecord::version)
        .containsExactly("20260301000000", "20260201000000");
    assertThat(status(WAREHOUSE, "20260101000000")).isEqualTo(SUCCEEDED_UP);
    assertThat(warehouse.tables()).contains("events").doesNotContain("events_received_at");

    RunResult reapplied = run(List.of(WAREHOUSE), null);
    assertThat(reapplied.completed())
        .as("rolled back migrations run again, oldest first")
        .extracting(MigrationRecord::version)
        .containsExactly("20260201000000", "20260301000000");
  }

  @Test
  void rollback_all_reverts_every_applied_migration_newest_first() throws Exception {
    acknowledgeAll();
    run(List.of(WAREHOUSE), "20260201000000");
    journal.entries.clear();

    RunResult result =
        runner.execute(runner.planRollback(WAREHOUSE, null, true), MigrationListener.NONE);

    assertThat(only(journal, "warehouse down"))
        .containsExactly("warehouse down 20260201000000", "warehouse down 20260101000000");
    assertThat(result.succeeded()).isTrue();
    assertThat(warehouse.tables()).doesNotContain("events");
    assertThatThrownBy(() -> runner.planRollback(WAREHOUSE, "20260101000000", true))
        .hasMessageContaining("not both");
  }

  @Test
  void a_rollback_that_needs_a_missing_down_script_is_refused_before_anything_runs()
      throws Exception {
    acknowledgeAll();
    run(List.of(WAREHOUSE), null);
    Files.delete(dir.resolve("warehouse/20260201000000.add_received_at.down.sql"));
    journal.entries.clear();

    Plan plan = runner.planRollback(WAREHOUSE, null, true);

    assertThat(plan.problems())
        .containsExactly(
            "destination:warehouse 20260201000000.add_received_at has no down script"
                + " (20260201000000.add_received_at.down.sql): it cannot be rolled back");
    assertThat(plan.steps())
        .extracting(s -> s.migration().version())
        .containsExactly("20260301000000", "20260101000000");
    assertThatThrownBy(() -> runner.execute(plan, MigrationListener.NONE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(journal.entries).isEmpty();
    assertThat(status(WAREHOUSE, "20260301000000")).isEqualTo(SUCCEEDED_UP);
  }

  @Test
  void a_failing_rollback_stops_and_keeps_older_migrations_applied() throws Exception {
    acknowledgeAll();
    run(List.of(WAREHOUSE), null);
    Files.writeString(
        dir.resolve("warehouse/20260201000000.add_received_at.down.sql"), "DROP TABLE nothing");

    RunResult result =
        runner.execute(runner.planRollback(WAREHOUSE, null, true), MigrationListener.NONE);

    assertThat(result.completed())
        .extracting(MigrationRecord::version)
        .containsExactly("20260301000000");
    assertThat(result.failure().migration().status()).isEqualTo(MigrationStatus.FAILED_DOWN);
    assertThat(status(WAREHOUSE, "20260101000000")).isEqualTo(SUCCEEDED_UP);
    assertThat(runner.planRollback(WAREHOUSE, null, false).steps())
        .as("the failed rollback is the next to retry")
        .extracting(s -> s.migration().version())
        .containsExactly("20260201000000");
  }

  // ---------------------------------------------------------------- discard and status

  @Test
  void a_discarded_migration_never_runs_and_an_applied_one_cannot_be_discarded() throws Exception {
    Files.writeString(
        dir.resolve("warehouse/20260201000000.add_received_at.up.sql"), "ALTER TABLE nothing");
    Files.writeString(
        dir.resolve("warehouse/20260301000000.index_received_at.up.sql"),
        "CREATE INDEX events_data ON events (data)");
    acknowledgeAll();
    run(List.of(WAREHOUSE), null);

    MigrationRecord discarded = runner.discard(WAREHOUSE, "20260201000000");

    assertThat(discarded.status()).isEqualTo(DISCARDED);
    assertThat(Json.tree(discarded.transition().error()).path("message").asString())
        .isEqualTo("discarded by an operator");
    assertThat(run(List.of(WAREHOUSE), null).completed())
        .extracting(MigrationRecord::version)
        .containsExactly("20260301000000");
    assertThatThrownBy(() -> runner.discard(WAREHOUSE, "20260101000000"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is succeeded(up)")
        .hasMessageContaining("roll it back first");
    assertThatThrownBy(() -> runner.discard(WAREHOUSE, "20250101000000"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no migration 20250101000000 in destination:warehouse");
    assertThat(supervisor.locks()).isEmpty();
  }

  @Test
  void status_shows_declared_and_known_migrations_with_changes() throws Exception {
    runner.acknowledge(runner.planAcknowledge(List.of(WAREHOUSE)), MigrationListener.NONE);
    run(List.of(WAREHOUSE), "20260101000000");
    Files.writeString(
        dir.resolve("warehouse/20260101000000.create_events.up.sql"), "CREATE TABLE other (a)");
    files(dir.resolve("warehouse"), "20260401000000.later.up.sql", "SELECT 1");

    List<StatusEntry> entries = runner.status(List.of(WAREHOUSE));

    assertThat(entries)
        .extracting(
            StatusEntry::version,
            e -> e.record() == null ? null : e.record().status(),
            StatusEntry::changed)
        .containsExactly(
            tuple("20260101000000", SUCCEEDED_UP, true),
            tuple("20260201000000", ACKNOWLEDGED, false),
            tuple("20260301000000", ACKNOWLEDGED, false),
            tuple("20260401000000", null, false));
    assertThat(runner.planAcknowledge(List.of(WAREHOUSE)).notes())
        .singleElement()
        .asString()
        .contains("20260101000000.create_events is succeeded(up) but its up script changed");
  }
}
