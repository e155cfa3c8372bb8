package dev.blacksmith.testkit.wanderer;

import static dev.blacksmith.spi.wanderer.MigrationStatus.ACKNOWLEDGED;
import static dev.blacksmith.spi.wanderer.MigrationStatus.DISCARDED;
import static dev.blacksmith.spi.wanderer.MigrationStatus.EXECUTING_DOWN;
import static dev.blacksmith.spi.wanderer.MigrationStatus.EXECUTING_UP;
import static dev.blacksmith.spi.wanderer.MigrationStatus.FAILED_DOWN;
import static dev.blacksmith.spi.wanderer.MigrationStatus.FAILED_UP;
import static dev.blacksmith.spi.wanderer.MigrationStatus.SUCCEEDED_DOWN;
import static dev.blacksmith.spi.wanderer.MigrationStatus.SUCCEEDED_UP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.blacksmith.json.Json;
import dev.blacksmith.spi.store.Page;
import dev.blacksmith.spi.wanderer.Acknowledgement;
import dev.blacksmith.spi.wanderer.MigrationQuery;
import dev.blacksmith.spi.wanderer.MigrationRecord;
import dev.blacksmith.spi.wanderer.MigrationStatus;
import dev.blacksmith.spi.wanderer.MigrationTransition;
import dev.blacksmith.spi.wanderer.NewMigration;
import dev.blacksmith.spi.wanderer.Scope;
import dev.blacksmith.spi.wanderer.Wanderer;
import dev.blacksmith.spi.wanderer.WandererException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Wanderer} must have, run against a real backend. Extend it in the
 * backend's tests and supply the wanderer:
 *
 * <pre>{@code
 * class SqliteWandererConformanceTest extends WandererConformanceTest {
 *   @TempDir Path dir;
 *
 *   protected Wanderer newWanderer() { ... a fresh, empty, migrated wanderer ... }
 *   protected Wanderer connect(Wanderer existing) { ... another one on the same data ... }
 * }
 * }</pre>
 *
 * Times are given to the wanderer explicitly, starting at {@link #T0}, so no test sleeps.
 */
public abstract class WandererConformanceTest {

  /** The first instant tests use; it has microseconds, which the wanderer must keep. */
  protected static final Instant T0 = Instant.parse("2026-11-27T10:15:30.123456Z");

  private static final Scope WAREHOUSE = Scope.destination("warehouse");
  private static final Scope INSERT = Scope.action("warehouse", "insert");
  private static final Scope STRIPE = Scope.source("stripe");

  /** The wanderer under test, fresh for each test. */
  protected Wanderer wanderer;

  private final List<Wanderer> open = new ArrayList<>();

  /** A fresh, empty, migrated wanderer; closed by the suite after the test. */
  protected abstract Wanderer newWanderer();

  /**
   * Another wanderer on the data of {@code existing}, migrated, as another process would open it;
   * {@code existing} may be open or closed. Closed by the suite after the test.
   */
  protected abstract Wanderer connect(Wanderer existing);

  @BeforeEach
  final void openWanderer() {
    wanderer = newWanderer();
    open.add(wanderer);
  }

  @AfterEach
  final void closeWanderers() {
    for (Wanderer w : open) {
      w.close();
    }
    open.clear();
  }

  private Wanderer another() {
    Wanderer w = connect(wanderer);
    open.add(w);
    return w;
  }

  private static NewMigration migration(Scope scope, String version, String name) {
    return new NewMigration(scope, version, name, NewMigration.checksum(name + " up"));
  }

  private MigrationRecord acknowledged(Scope scope, String version, String name) {
    return wanderer.acknowledge(List.of(migration(scope, version, name)), T0).added().get(0);
  }

  private MigrationRecord move(MigrationRecord m, MigrationStatus to, int second) {
    return wanderer.transition(m.id(), m.status(), to, null, T0.plusSeconds(second));
  }

  // ---------------------------------------------------------------- acknowledge

  @Test
  void acknowledged_migrations_are_found_with_their_first_transition() {
    NewMigration create = migration(WAREHOUSE, "20260101000000", "create_events");
    NewMigration index = migration(INSERT, "20260102000000", "add_index");

    Acknowledgement ack = wanderer.acknowledge(List.of(create, index), T0);

    assertThat(ack.known()).isEmpty();
    assertThat(ack.added())
        .extracting(
            MigrationRecord::scope,
            MigrationRecord::version,
            MigrationRecord::name,
            MigrationRecord::checksum,
            MigrationRecord::createdAt,
            MigrationRecord::status)
        .containsExactly(
            tuple(
                WAREHOUSE, "20260101000000", "create_events", create.checksum(), T0, ACKNOWLEDGED),
            tuple(INSERT, "20260102000000", "add_index", index.checksum(), T0, ACKNOWLEDGED));
    MigrationRecord added = ack.added().get(0);
    assertThat(added.id()).isNotBlank().isNotEqualTo(ack.added().get(1).id());
    MigrationTransition first = added.transition();
    assertThat(first.id()).isNotBlank();
    assertThat(first.migrationId()).isEqualTo(added.id());
    assertThat(first.stateBefore()).isNull();
    assertThat(first.stateAfter()).isEqualTo(ACKNOWLEDGED);
    assertThat(first.error()).isNull();
    assertThat(first.createdAt()).isEqualTo(T0);
    assertThat(wanderer.findMigration(added.id())).contains(added);
    assertThat(wanderer.findTransitions(added.id())).containsExactly(first);
  }

  @Test
  void acknowledging_again_adds_nothing_and_returns_the_known_migrations() {
    NewMigration create = migration(WAREHOUSE, "20260101000000", "create_events");
    MigrationRecord first = wanderer.acknowledge(List.of(create), T0).added().get(0);
    NewMigration later = migration(WAREHOUSE, "20260301000000", "add_column");

    Acknowledgement again = wanderer.acknowledge(List.of(later, create), T0.plusSeconds(60));

    assertThat(again.known()).containsExactly(first);
    assertThat(again.added()).extracting(MigrationRecord::name).containsExactly("add_column");
    assertThat(wanderer.findTransitions(first.id())).hasSize(1);
    assertThat(wanderer.findMigrations(WAREHOUSE)).hasSize(2);
  }

  @Test
  void a_migration_not_yet_run_gets_its_new_name_and_checksum_when_acknowledged_again() {
    MigrationRecord first = acknowledged(WAREHOUSE, "20260101000000", "create_events");
    NewMigration edited =
        new NewMigration(WAREHOUSE, "20260101000000", "create_events_table", "cafe01");

    Acknowledgement again = wanderer.acknowledge(List.of(edited), T0.plusSeconds(5));

    MigrationRecord refreshed = again.known().get(0);
    assertThat(refreshed.id()).isEqualTo(first.id());
    assertThat(refreshed.name()).isEqualTo("create_events_table");
    assertThat(refreshed.checksum()).isEqualTo("cafe01");
    assertThat(refreshed.createdAt()).isEqualTo(T0);
    assertThat(refreshed.transition()).isEqualTo(first.transition());
    assertThat(wanderer.findMigration(first.id())).contains(refreshed);
  }

  @Test
  void a_migration_that_failed_or_was_rolled_back_gets_its_new_script_when_acknowledged_again() {
    MigrationRecord broken = acknowledged(WAREHOUSE, "20260101000000", "broken");
    MigrationRecord failed = move(move(broken, EXECUTING_UP, 1), FAILED_UP, 2);
    MigrationRecord undone = acknowledged(WAREHOUSE, "20260102000000", "undone");
    move(
        move(move(move(undone, EXECUTING_UP, 3), SUCCEEDED_UP, 4), EXECUTING_DOWN, 5),
        SUCCEEDED_DOWN,
        6);

    List<MigrationRecord> known =
        wanderer
            .acknowledge(
                List.of(
                    new NewMigration(WAREHOUSE, "20260101000000", "fixed", "f1x3d"),
                    new NewMigration(WAREHOUSE, "20260102000000", "undone", "n3w")),
                T0.plusSeconds(10))
            .known();

    assertThat(known)
        .extracting(MigrationRecord::name, MigrationRecord::checksum, MigrationRecord::status)
        .containsExactly(
            tuple("fixed", "f1x3d", FAILED_UP), tuple("undone", "n3w", SUCCEEDED_DOWN));
    assertThat(known.get(0).transition()).isEqualTo(failed.transition());
  }

  @Test
  void a_migration_that_is_applied_keeps_what_was_stored_when_acknowledged_again() {
    MigrationRecord first = acknowledged(WAREHOUSE, "20260101000000", "create_events");
    MigrationRecord applied = move(move(first, EXECUTING_UP, 1), SUCCEEDED_UP, 2);

    MigrationRecord other = acknowledged(INSERT, "20260101000000", "dropped");
    MigrationRecord discarded = move(other, DISCARDED, 3);

    Acknowledgement again =
        wanderer.acknowledge(
            List.of(
                new NewMigration(WAREHOUSE, "20260101000000", "renamed", "beef02"),
                new NewMigration(INSERT, "20260101000000", "dropped", "beef03")),
            T0.plusSeconds(5));

    assertThat(again.added()).isEmpty();
    assertThat(again.known()).containsExactly(applied, discarded);
    assertThat(applied.name()).isEqualTo("create_events");
    assertThat(applied.checksum()).isEqualTo(first.checksum());
  }

  @Test
  void migrations_of_different_scopes_may_share_a_version() {
    Acknowledgement ack =
        wanderer.acknowledge(
            List.of(
                migration(WAREHOUSE, "20260101000000", "create_events"),
                migration(INSERT, "20260101000000", "create_events"),
                migration(STRIPE, "20260101000000", "create_events")),
            T0);

    assertThat(ack.added())
        .extracting(MigrationRecord::scope)
        .containsExactly(WAREHOUSE, INSERT, STRIPE);
    assertThat(wanderer.findMigration(INSERT, "20260101000000"))
        .hasValueSatisfying(m -> assertThat(m.scope()).isEqualTo(INSERT));
  }

  @Test
  void two_migrations_with_one_scope_and_version_in_one_call_are_refused_and_nothing_is_stored() {
    List<NewMigration> twice =
        List.of(
            migration(STRIPE, "20260101000000", "first"),
            migration(WAREHOUSE, "20260101000000", "create_events"),
            migration(WAREHOUSE, "20260101000000", "create_other"));

    assertThatThrownBy(() -> wanderer.acknowledge(twice, T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("destination:warehouse")
        .hasMessageContaining("20260101000000");
    assertThat(wanderer.findMigrations(MigrationQuery.all()).count()).isZero();
  }

  @Test
  void acknowledging_nothing_changes_nothing() {
    Acknowledgement ack = wanderer.acknowledge(List.of(), T0);

    assertThat(ack.added()).isEmpty();
    assertThat(ack.known()).isEmpty();
  }

  // ---------------------------------------------------------------- transitions

  @Test
  void transitions_follow_a_migration_through_run_rollback_and_run_again() {
    MigrationRecord m = acknowledged(WAREHOUSE, "20260101000000", "create_events");

    MigrationRecord executing = move(m, EXECUTING_UP, 1);
    MigrationRecord applied = move(executing, SUCCEEDED_UP, 2);
    MigrationRecord reverting = move(applied, EXECUTING_DOWN, 3);
    MigrationRecord reverted = move(reverting, SUCCEEDED_DOWN, 4);
    MigrationRecord again = move(move(reverted, EXECUTING_UP, 5), SUCCEEDED_UP, 6);

    assertThat(executing.status()).isEqualTo(EXECUTING_UP);
    assertThat(executing.transition().stateBefore()).isEqualTo(ACKNOWLEDGED);
    assertThat(executing.transition().createdAt()).isEqualTo(T0.plusSeconds(1));
    assertThat(again.status()).isEqualTo(SUCCEEDED_UP);
    assertThat(again.createdAt()).isEqualTo(T0);
    assertThat(wanderer.findMigration(m.id())).contains(again);
    List<MigrationTransition> history = wanderer.findTransitions(m.id());
    assertThat(history)
        .extracting(MigrationTransition::stateBefore, MigrationTransition::stateAfter)
        .containsExactly(
            tuple(null, ACKNOWLEDGED),
            tuple(ACKNOWLEDGED, EXECUTING_UP),
            tuple(EXECUTING_UP, SUCCEEDED_UP),
            tuple(SUCCEEDED_UP, EXECUTING_DOWN),
            tuple(EXECUTING_DOWN, SUCCEEDED_DOWN),
            tuple(SUCCEEDED_DOWN, EXECUTING_UP),
            tuple(EXECUTING_UP, SUCCEEDED_UP));
    assertThat(history).extracting(MigrationTransition::id).doesNotHaveDuplicates();
    assertThat(history).allSatisfy(t -> assertThat(t.migrationId()).isEqualTo(m.id()));
    assertThat(history.get(history.size() - 1)).isEqualTo(again.transition());
  }

  @Test
  void a_failure_keeps_its_error_as_json_and_may_be_run_again_or_discarded() {
    MigrationRecord m = acknowledged(WAREHOUSE, "20260101000000", "create_events");
    MigrationRecord executing = move(m, EXECUTING_UP, 1);
    String error = "{\"message\":\"relation \\\"events\\\" already exists\",\"code\":\"42P07\"}";

    MigrationRecord failed =
        wanderer.transition(m.id(), EXECUTING_UP, FAILED_UP, error, T0.plusSeconds(2));

    assertThat(failed.status()).isEqualTo(FAILED_UP);
    assertThat(Json.tree(failed.transition().error())).isEqualTo(Json.tree(error));
    assertThat(Json.tree(wanderer.findTransitions(m.id()).get(2).error()))
        .isEqualTo(Json.tree(error));
    assertThat(executing.transition().error()).isNull();
    MigrationRecord discarded =
        wanderer.transition(
            m.id(), FAILED_UP, DISCARDED, "{\"message\":\"by an operator\"}", T0.plusSeconds(3));
    assertThat(discarded.status()).isEqualTo(DISCARDED);
  }

  @Test
  void a_rollback_that_failed_may_be_rolled_back_again() {
    MigrationRecord m = acknowledged(WAREHOUSE, "20260101000000", "create_events");
    MigrationRecord applied = move(move(m, EXECUTING_UP, 1), SUCCEEDED_UP, 2);
    MigrationRecord failed = move(move(applied, EXECUTING_DOWN, 3), FAILED_DOWN, 4);

    MigrationRecord reverted = move(move(failed, EXECUTING_DOWN, 5), SUCCEEDED_DOWN, 6);

    assertThat(reverted.status()).isEqualTo(SUCCEEDED_DOWN);
  }

  @Test
  void a_transition_outside_the_table_is_refused_and_writes_nothing() {
    MigrationRecord m = acknowledged(WAREHOUSE, "20260101000000", "create_events");

    assertThatThrownBy(() -> wanderer.transition(m.id(), ACKNOWLEDGED, SUCCEEDED_UP, null, T0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("acknowledged to succeeded(up)");
    MigrationRecord discarded = move(m, DISCARDED, 1);
    assertThatThrownBy(() -> wanderer.transition(m.id(), DISCARDED, EXECUTING_UP, null, T0))
        .isInstanceOf(IllegalStateException.class);

    assertThat(wanderer.findMigration(m.id())).contains(discarded);
    assertThat(wanderer.findTransitions(m.id())).hasSize(2);
  }

  @Test
  void a_transition_from_a_status_the_migration_has_left_is_refused_and_writes_nothing() {
    MigrationRecord m = acknowledged(WAREHOUSE, "20260101000000", "create_events");
    MigrationRecord executing = move(m, EXECUTING_UP, 1);

    assertThatThrownBy(() -> wanderer.transition(m.id(), ACKNOWLEDGED, EXECUTING_UP, null, T0))
        .isInstanceOf(WandererException.class)
        .hasMessageContaining(m.id())
        .hasMessageContaining("executing(up)");
    assertThatThrownBy(() -> wanderer.transition(m.id(), ACKNOWLEDGED, DISCARDED, null, T0))
        .isInstanceOf(WandererException.class);

    assertThat(wanderer.findMigration(m.id())).contains(executing);
    assertThat(wanderer.findTransitions(m.id())).hasSize(2);
  }

  @Test
  void a_transition_of_an_unknown_migration_is_refused() {
    assertThatThrownBy(
            () -> wanderer.transition("no-such-migration", ACKNOWLEDGED, EXECUTING_UP, null, T0))
        .isInstanceOf(WandererException.class)
        .hasMessageContaining("no-such-migration");
  }

  @Test
  void exactly_one_of_concurrent_runners_moves_a_migration_to_executing() throws Exception {
    MigrationRecord m = acknowledged(WAREHOUSE, "20260101000000", "create_events");
    Wanderer other = another();
    int runners = 8;
    ExecutorService pool = Executors.newFixedThreadPool(runners);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> attempts = new ArrayList<>();
      for (int i = 0; i < runners; i++) {
        Wanderer on = i % 2 == 0 ? wanderer : other;
        attempts.add(
            pool.submit(() -> {
              start.await();
              try {
                on.transition(m.id(), ACKNOWLEDGED, EXECUTING_UP, null, T0.plusSeconds(1));
                return true;
              } catch (WandererException e) {
                return false;
              }
            }));
      }
      start.countDown();
      int winners = 0;
      for (Future<Boolean> attempt : attempts) {
        if (attempt.get(60, TimeUnit.SECONDS)) {
          winners++;
        }
      }

      assertThat(winners).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(other.findTransitions(m.id()))
        .extracting(MigrationTransition::stateAfter)
        .containsExactly(ACKNOWLEDGED, EXECUTING_UP);
  }

  @Test
  void transitions_are_visible_to_every_instance_at_once() {
    MigrationRecord m = acknowledged(WAREHOUSE, "20260101000000", "create_events");
    Wanderer other = another();

    MigrationRecord executing =
        other.transition(m.id(), ACKNOWLEDGED, EXECUTING_UP, null, T0.plusSeconds(1));

    assertThat(wanderer.findMigration(m.id())).contains(executing);
    assertThat(wanderer.transition(m.id(), EXECUTING_UP, SUCCEEDED_UP, null, T0.plusSeconds(2)))
        .extracting(MigrationRecord::status)
        .isEqualTo(SUCCEEDED_UP);
  }

  // ---------------------------------------------------------------- reads

  @Test
  void migrations_of_a_scope_are_listed_oldest_version_first() {
    wanderer.acknowledge(
        List.of(
            migration(WAREHOUSE, "20260301000000", "third"),
            migration(INSERT, "20260201000000", "other_scope"),
            migration(WAREHOUSE, "20260101000000", "first"),
            migration(WAREHOUSE, "20260201000000", "second")),
        T0);

    assertThat(wanderer.findMigrations(WAREHOUSE))
        .extracting(MigrationRecord::name)
        .containsExactly("first", "second", "third");
    assertThat(wanderer.findMigrations(Scope.destination("crm"))).isEmpty();
  }

  @Test
  void a_migration_is_found_by_scope_and_version() {
    MigrationRecord m = acknowledged(INSERT, "20260101000000", "add_index");

    assertThat(wanderer.findMigration(INSERT, "20260101000000")).contains(m);
    assertThat(wanderer.findMigration(WAREHOUSE, "20260101000000")).isEmpty();
    assertThat(wanderer.findMigration(INSERT, "20260101000001")).isEmpty();
  }

  @Test
  void unknown_ids_find_nothing() {
    assertThat(wanderer.findMigration("no-such-migration")).isEmpty();
    assertThat(wanderer.findTransitions("no-such-migration")).isEmpty();
  }

  @Test
  void a_query_filters_by_scope_and_status_newest_version_first_then_by_scope_and_pages() {
    List<MigrationRecord> added =
        wanderer
            .acknowledge(
                List.of(
                    migration(WAREHOUSE, "20260101000000", "w1"),
                    migration(WAREHOUSE, "20260102000000", "w2"),
                    migration(INSERT, "20260101000000", "i1"),
                    migration(STRIPE, "20260103000000", "s1")),
                T0)
            .added();
    move(move(added.get(0), EXECUTING_UP, 1), SUCCEEDED_UP, 2);
    move(added.get(3), DISCARDED, 3);

    Page<MigrationRecord> everything = wanderer.findMigrations(MigrationQuery.all());
    assertThat(everything.count()).isEqualTo(4);
    assertThat(everything.offset()).isZero();
    assertThat(everything.limit()).isEqualTo(MigrationQuery.DEFAULT_LIMIT);
    assertThat(everything.items())
        .extracting(MigrationRecord::name)
        .containsExactly("s1", "w2", "i1", "w1");

    assertThat(
            wanderer
                .findMigrations(MigrationQuery.all().withScopes(Set.of(WAREHOUSE), Set.of()))
                .items())
        .extracting(MigrationRecord::name)
        .containsExactly("w2", "w1");
    assertThat(
            wanderer
                .findMigrations(
                    MigrationQuery.all().withScopes(Set.of(), Set.of(WAREHOUSE, INSERT)))
                .items())
        .extracting(MigrationRecord::name)
        .containsExactly("s1");
    assertThat(
            wanderer
                .findMigrations(MigrationQuery.all().withStatuses(Set.of(ACKNOWLEDGED), Set.of()))
                .items())
        .extracting(MigrationRecord::name)
        .containsExactly("w2", "i1");
    assertThat(
            wanderer
                .findMigrations(
                    MigrationQuery.all()
                        .withScopes(Set.of(WAREHOUSE, STRIPE), Set.of())
                        .withStatuses(Set.of(), Set.of(DISCARDED, SUCCEEDED_UP)))
                .items())
        .extracting(MigrationRecord::name)
        .containsExactly("w2");

    Page<MigrationRecord> second = wanderer.findMigrations(MigrationQuery.all().withPage(1, 2));
    assertThat(second.count()).isEqualTo(4);
    assertThat(second.offset()).isEqualTo(1);
    assertThat(second.limit()).isEqualTo(2);
    assertThat(second.items()).extracting(MigrationRecord::name).containsExactly("w2", "i1");
    assertThat(wanderer.findMigrations(MigrationQuery.all().withPage(4, 2)).items()).isEmpty();
    assertThat(
            wanderer.findMigrations(MigrationQuery.all().withStatuses(Set.of(FAILED_UP), Set.of())))
        .satisfies(p -> {
          assertThat(p.count()).isZero();
          assertThat(p.items()).isEmpty();
        });
  }

  // ---------------------------------------------------------------- durability

  @Test
  void everything_survives_a_reopen() {
    MigrationRecord m = acknowledged(WAREHOUSE, "20260101000000", "create_events");
    MigrationRecord applied = move(move(m, EXECUTING_UP, 1), SUCCEEDED_UP, 2);
    List<MigrationTransition> history = wanderer.findTransitions(m.id());
    wanderer.close();

    Wanderer reopened = another();

    assertThat(reopened.findMigration(m.id())).contains(applied);
    assertThat(reopened.findTransitions(m.id())).isEqualTo(history);
    assertThat(reopened.findMigrations(WAREHOUSE)).containsExactly(applied);
  }

  @Test
  void migrate_is_safe_to_call_again_and_keeps_what_is_there() {
    MigrationRecord m = acknowledged(WAREHOUSE, "20260101000000", "create_events");

    wanderer.migrate();
    another().migrate();

    assertThat(wanderer.findMigration(m.id())).contains(m);
    assertThat(wanderer.name()).isNotBlank();
  }
}
