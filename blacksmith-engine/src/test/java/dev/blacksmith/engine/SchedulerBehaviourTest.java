package dev.blacksmith.engine;

import static dev.blacksmith.engine.Recording.Call;
import static dev.blacksmith.store.Status.ACKNOWLEDGED;
import static dev.blacksmith.store.Status.AWAITING;
import static dev.blacksmith.store.Status.DISCARDED;
import static dev.blacksmith.store.Status.EXECUTING;
import static dev.blacksmith.store.Status.FAILED;
import static dev.blacksmith.store.Status.SUCCEEDED;
import static dev.blacksmith.store.Status.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.blacksmith.destination.Actions;
import dev.blacksmith.destination.Defaults;
import dev.blacksmith.destination.Options;
import dev.blacksmith.destination.Schedule;
import dev.blacksmith.destination.Then;
import dev.blacksmith.engine.Recording.RecordingAction;
import dev.blacksmith.engine.Recording.RecordingDestination;
import dev.blacksmith.json.Json;
import dev.blacksmith.source.Event;
import dev.blacksmith.spi.store.Query;
import dev.blacksmith.store.Job;
import dev.blacksmith.store.Status;
import dev.blacksmith.store.Transition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulerBehaviourTest {

  @TempDir java.nio.file.Path dir;

  private EngineFixture app;
  private final RecordingAction realtime =
      new RecordingAction(
          "push", Schedule.inRealtime().withInterval("@every 1m").withMaxRetries(2));
  private final RecordingAction hourly = new RecordingAction("sync", null);
  private final RecordingAction cron = new RecordingAction("nightly", Schedule.every("0 2 * * *"));
  private final RecordingAction followUp = new RecordingAction("notify", Schedule.inRealtime());

  @AfterEach
  void close() {
    if (app != null) {
      app.close();
    }
  }

  private EngineFixture start() {
    app =
        new EngineFixture(
            dir,
            b ->
                b.destination(
                    new RecordingDestination(
                        "crm", Options.builder().build(), realtime, hourly, cron, followUp)));
    return app;
  }

  private List<String> send(String action, int jobs) {
    List<dev.blacksmith.destination.Action> calls = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      calls.add(Call.of(action, Map.of("n", i)));
    }
    return app.send(
            Event.builder()
                .actions(Actions.of("crm", calls.toArray(dev.blacksmith.destination.Action[]::new)))
                .build())
        .jobIds();
  }

  @Test
  void schedules_resolve_action_over_destination_over_defaults_field_by_field() {
    RecordingAction own = new RecordingAction("own", Schedule.inRealtime());
    RecordingAction inherit = new RecordingAction("inherit", null);
    app =
        new EngineFixture(
            dir,
            b ->
                b.destination(
                        new RecordingDestination(
                            "crm",
                            Options.builder()
                                .defaultSchedule(new Schedule(null, "@every 10m", 5))
                                .build(),
                            own,
                            inherit))
                    .destination(
                        new RecordingDestination(
                            "bare", Options.builder().build(), new RecordingAction("x", null))));

    assertThat(app.blacksmith.scheduler().actions())
        .extracting(ScheduledAction::action, ScheduledAction::schedule)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("own", new Schedule(true, "@every 10m", 5)),
            org.assertj.core.groups.Tuple.tuple("inherit", new Schedule(false, "@every 10m", 5)),
            org.assertj.core.groups.Tuple.tuple("x", Defaults.SCHEDULE));
  }

  @Test
  void a_realtime_job_goes_acknowledged_awaiting_executing_succeeded_with_attempt_numbers() {
    start();
    List<Status> seenInLoad = new ArrayList<>();
    realtime.behaviour =
        (queue, then) -> {
          queue.jobs().forEach(j -> seenInLoad.add(j.status()));
          then.send(Then.succeeded());
        };
    String id = send("push", 1).get(0);
    assertThat(app.statuses(id)).containsExactly(ACKNOWLEDGED);

    assertThat(app.runDue()).isEqualTo(1);

    assertThat(seenInLoad).containsExactly(EXECUTING);
    List<Transition> history = app.history(id);
    assertThat(history)
        .extracting(Transition::stateBefore, Transition::stateAfter, Transition::attempt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(null, ACKNOWLEDGED, 0),
            org.assertj.core.groups.Tuple.tuple(ACKNOWLEDGED, AWAITING, 1),
            org.assertj.core.groups.Tuple.tuple(AWAITING, EXECUTING, 1),
            org.assertj.core.groups.Tuple.tuple(EXECUTING, SUCCEEDED, 1));
    assertThat(app.job(id).status()).isEqualTo(SUCCEEDED);
  }

  @Test
  void a_then_without_jobs_settles_the_whole_queue_in_one_load() {
    start();
    List<String> ids = send("push", 5);

    app.runDue();

    assertThat(realtime.queues).hasSize(1);
    assertThat(Recording.ids(realtime.queues.get(0))).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(ids).allSatisfy(id -> assertThat(app.job(id).status()).isEqualTo(SUCCEEDED));
  }

  @Test
  void thens_listing_jobs_apply_to_those_only_and_unreported_jobs_become_unknown() {
    start();
    List<String> ids = send("push", 3);
    realtime.behaviour =
        (queue, then) -> {
          then.send(Then.succeeded().forJobs(ids.get(0)));
          then.send(Then.failed(new IllegalStateException("rate limited")).forJobs(ids.get(1)));
        };

    app.runDue();

    assertThat(app.job(ids.get(0)).status()).isEqualTo(SUCCEEDED);
    assertThat(app.job(ids.get(1)).status()).isEqualTo(FAILED);
    assertThat(Json.tree(app.job(ids.get(1)).transition().error()).get("message").asString())
        .isEqualTo("rate limited");
    assertThat(app.job(ids.get(2)).status()).isEqualTo(UNKNOWN);
  }

  @Test
  void a_failed_job_is_retried_one_interval_later_and_discarded_after_max_retries() {
    start();
    realtime.behaviour = (queue, then) -> then.send(Then.failed(new RuntimeException("down")));
    String id = send("push", 1).get(0);

    app.runDue();
    assertThat(app.job(id).status()).isEqualTo(FAILED);
    assertThat(app.runDue()).as("not due before its interval").isZero();

    app.clock.advance(Duration.ofSeconds(59));
    assertThat(app.runDue()).isZero();
    app.clock.advance(Duration.ofSeconds(1));
    assertThat(app.runDue()).isEqualTo(1);
    assertThat(app.job(id).status()).isEqualTo(FAILED);
    assertThat(app.job(id).attempt()).isEqualTo(2);

    app.clock.advance(Duration.ofMinutes(1));
    app.runDue();
    // maxRetries 2: attempts 1, 2 and 3, then discarded.
    assertThat(app.job(id).status()).isEqualTo(DISCARDED);
    assertThat(app.job(id).attempt()).isEqualTo(3);
    app.clock.advance(Duration.ofHours(1));
    assertThat(app.runDue()).isZero();
    assertThat(app.statuses(id))
        .containsExactly(
            ACKNOWLEDGED,
            AWAITING,
            EXECUTING,
            FAILED,
            AWAITING,
            EXECUTING,
            FAILED,
            AWAITING,
            EXECUTING,
            DISCARDED);
  }

  @Test
  void max_retries_zero_means_a_single_attempt() {
    RecordingAction once = new RecordingAction("once", Schedule.inRealtime().withMaxRetries(0));
    once.behaviour = (queue, then) -> then.send(Then.failed(new RuntimeException("no")));
    app =
        new EngineFixture(
            dir,
            b -> b.destination(new RecordingDestination("crm", Options.builder().build(), once)));
    String id = send("once", 1).get(0);

    app.runDue();

    assertThat(app.job(id).status()).isEqualTo(DISCARDED);
    assertThat(app.job(id).attempt()).isEqualTo(1);
  }

  @Test
  void force_discard_discards_at_once_without_retries() {
    start();
    realtime.behaviour =
        (queue, then) -> then.send(Then.discarded(new IllegalArgumentException("bad email")));
    String id = send("push", 1).get(0);

    app.runDue();

    assertThat(app.job(id).status()).isEqualTo(DISCARDED);
    assertThat(app.job(id).attempt()).isEqualTo(1);
  }

  @Test
  void an_exception_thrown_by_load_fails_the_jobs_it_did_not_report() {
    start();
    List<String> ids = send("push", 2);
    realtime.behaviour =
        (queue, then) -> {
          then.send(Then.succeeded().forJobs(ids.get(0)));
          throw new java.io.IOException("connection reset");
        };

    app.runDue();

    assertThat(app.job(ids.get(0)).status()).isEqualTo(SUCCEEDED);
    assertThat(app.job(ids.get(1)).status()).isEqualTo(FAILED);
    assertThat(app.job(ids.get(1)).transition().error()).contains("connection reset");
  }

  @Test
  void a_load_that_does_not_return_within_the_load_timeout_fails_the_jobs_it_did_not_report() {
    java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean interrupted =
        new java.util.concurrent.atomic.AtomicBoolean();
    app =
        new EngineFixture(
            dir,
            b ->
                b.loadTimeout(java.time.Duration.ofMillis(300))
                    .destination(
                        new RecordingDestination(
                            "crm", Options.builder().build(), realtime, hourly, cron, followUp)));
    List<String> ids = send("push", 2);
    realtime.behaviour =
        (queue, then) -> {
          then.send(Then.succeeded().forJobs(ids.get(0)));
          try {
            // A third-party call that never answers.
            released.await();
          } catch (InterruptedException e) {
            interrupted.set(true);
            Thread.currentThread().interrupt();
          }
        };

    app.runDue();

    assertThat(app.job(ids.get(0)).status()).isEqualTo(SUCCEEDED);
    assertThat(app.job(ids.get(1)).status()).isEqualTo(FAILED);
    assertThat(app.job(ids.get(1)).transition().error()).contains("did not return within PT0.3S");
    org.awaitility.Awaitility.await().untilTrue(interrupted);
    released.countDown();
  }

  @Test
  void a_load_timeout_must_be_shorter_than_the_lease() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() ->
            dev.blacksmith.engine.Options.builder()
                .leaseDuration(java.time.Duration.ofSeconds(30))
                .loadTimeout(java.time.Duration.ofSeconds(30))
                .build())
        .hasMessageContaining("must be shorter than leaseDuration");
    assertThat(
            dev.blacksmith.engine.Options.builder()
                .leaseDuration(java.time.Duration.ofMinutes(5))
                .build()
                .loadTimeout())
        .isEqualTo(java.time.Duration.ofMinutes(4));
  }

  @Test
  void outcomes_create_follow_up_jobs_with_their_parent_and_their_own_schedule() {
    start();
    List<String> ids = send("push", 3);
    realtime.behaviour =
        (queue, then) -> {
          then.send(Then.succeeded().forJobs(ids.get(0)).onSucceeded(Call.of("notify", "ok")));
          then.send(
              Then.failed(new RuntimeException("x"))
                  .forJobs(ids.get(1))
                  .onFailed(Call.of("notify", "failed")));
          then.send(
              Then.discarded(new RuntimeException("y"))
                  .forJobs(ids.get(2))
                  .onDiscarded(Call.of("sync", "discarded")));
        };

    app.runDue();

    List<Job> children =
        app.blacksmith
            .store()
            .findJobs(
                Query.all()
                    .withJobs(
                        new Query.JobFilter(
                            java.util.Set.of(),
                            java.util.Set.of(),
                            java.util.Set.of("notify", "sync"),
                            java.util.Set.of(),
                            java.util.Set.of(),
                            java.util.Set.of(),
                            null,
                            null,
                            null)))
            .items();
    assertThat(children)
        .extracting(Job::parentJobId, Job::action, Job::data)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(ids.get(0), "notify", "\"ok\""),
            org.assertj.core.groups.Tuple.tuple(ids.get(1), "notify", "\"failed\""),
            org.assertj.core.groups.Tuple.tuple(ids.get(2), "sync", "\"discarded\""));
    // notify is realtime: loaded on the next pass; sync waits for its hourly run.
    app.runDue();
    assertThat(followUp.loadedJobs()).isEqualTo(2);
    assertThat(hourly.loadedJobs()).isZero();
    app.clock.advance(Duration.ofHours(1));
    app.runDue();
    assertThat(hourly.loadedJobs()).isEqualTo(1);
  }

  @Test
  void an_interval_action_loads_all_its_due_jobs_in_one_queue_when_its_interval_elapses() {
    start();
    List<String> ids = send("sync", 4);

    assertThat(app.runDue()).isZero();
    app.clock.advance(Duration.ofMinutes(59));
    assertThat(app.runDue()).isZero();
    app.clock.advance(Duration.ofMinutes(1));

    assertThat(app.runDue()).isEqualTo(4);
    assertThat(hourly.queues).hasSize(1);
    assertThat(Recording.ids(hourly.queues.get(0))).containsExactlyInAnyOrderElementsOf(ids);
  }

  @Test
  void a_cron_action_loads_at_its_next_cron_time() {
    start(); // the clock starts at 10:00 UTC; the action runs at 02:00 UTC.
    String id = send("nightly", 1).get(0);

    app.clock.advance(Duration.ofHours(15));
    assertThat(app.runDue()).isZero();
    app.clock.advance(Duration.ofHours(1));
    assertThat(app.runDue()).isEqualTo(1);
    assertThat(app.job(id).status()).isEqualTo(SUCCEEDED);
  }

  @Test
  void queues_hold_the_events_of_their_jobs_with_only_this_actions_jobs() {
    start();
    Accepted accepted =
        app.send(
            Event.builder()
                .data(Map.of("order", 7))
                .actions(Actions.of("crm", Call.of("push", 1), Call.of("sync", 2)))
                .build());

    app.runDue();

    var queue = realtime.queues.get(0);
    assertThat(queue.events())
        .singleElement()
        .satisfies(e -> {
          assertThat(e.id()).isEqualTo(accepted.eventId());
          assertThat(e.data()).isEqualTo("{\"order\":7}");
          assertThat(e.jobs()).extracting(Job::action).containsExactly("push");
        });
  }

  @Test
  void cron_triggers_run_on_their_schedule() {
    start();
    int before = EngineFixture.AppSource.CRON_EVENTS.size();
    var triggers = app.blacksmith.internals().triggers();
    assertThat(triggers.runDueCronTriggers()).isZero();
    app.clock.advance(Duration.ofMinutes(5));
    assertThat(triggers.runDueCronTriggers()).isEqualTo(1);
    assertThat(EngineFixture.AppSource.CRON_EVENTS).hasSize(before + 1);
    assertThat(
            app.blacksmith
                .store()
                .findEvents(
                    Query.all()
                        .withEvents(
                            new Query.EventFilter(
                                java.util.Set.of(),
                                java.util.Set.of(),
                                java.util.Set.of("tick"),
                                java.util.Set.of(),
                                java.util.Set.of(),
                                java.util.Set.of(),
                                null,
                                null)))
                .count())
        .isEqualTo(1);
  }
}
