package dev.blacksmith.testkit.authoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Options;
import dev.blacksmith.destination.Schedule;
import dev.blacksmith.destination.Then;
import dev.blacksmith.destination.ThenSink;
import dev.blacksmith.destination.Toolkit;
import dev.blacksmith.json.Json;
import dev.blacksmith.store.Event;
import dev.blacksmith.store.Job;
import dev.blacksmith.store.Queue;
import dev.blacksmith.store.Status;
import dev.blacksmith.store.Transition;
import dev.blacksmith.testkit.authoring.TestDestination.TestAction;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class ActionHarnessTest {

  private static final Options NO_OPTIONS = Options.builder().build();

  /** What an action's marshal does, for marshal's rules. */
  @FunctionalInterface
  private interface Marshal {
    dev.blacksmith.destination.@Nullable Job marshal(Toolkit toolkit) throws Exception;
  }

  /** Action {@code upsert} marshalling with {@code marshal}. */
  private static Action upsert(Marshal marshal) {
    return new Action() {
      @Override
      public String name() {
        return "upsert";
      }

      @Override
      public dev.blacksmith.destination.Job marshal(Toolkit toolkit) throws Exception {
        return marshal.marshal(toolkit);
      }

      @Override
      public void load(Toolkit toolkit, Queue queue, ThenSink then) {
        then.send(Then.succeeded());
      }
    };
  }

  /** Action {@code upsert} whose marshal returns {@code job}. */
  private static Action upsert(dev.blacksmith.destination.@Nullable Job job) {
    return upsert(toolkit -> job);
  }

  private static ActionHarness harness(TestDestination.Loader loader) {
    return ActionHarness.of(new TestDestination(NO_OPTIONS).with("upsert", null, loader), "upsert");
  }

  private static ActionHarness harness(Schedule schedule, TestDestination.Loader loader) {
    return ActionHarness.of(
        new TestDestination(NO_OPTIONS).with("upsert", schedule, loader), "upsert");
  }

  private static Job job(ActionHarness harness, String data) throws Exception {
    return harness.marshal(TestAction.carrying("upsert", data));
  }

  // marshal

  @Test
  void marshalled_job_gets_the_event_context_ids_and_the_first_transition() throws Exception {
    ActionHarness harness = harness((t, q, then) -> then.send(Then.succeeded()));

    Job job =
        harness.marshal(
            TestAction.carrying("upsert", "{\"email\":\"ada@example.com\"}"),
            "{\"ip\":\"10.0.0.1\"}",
            "{\"raw\":true}");

    assertThat(job.destination()).isEqualTo("crm");
    assertThat(job.action()).isEqualTo("upsert");
    assertThat(job.data()).isEqualTo("{\"email\":\"ada@example.com\"}");
    assertThat(job.context()).isEqualTo("{\"ip\":\"10.0.0.1\"}");
    assertThat(job.version()).isNull();
    assertThat(job.parentJobId()).isNull();
    assertThat(job.createdAt()).isEqualTo(ActionHarness.T0);
    assertThat(job.status()).isEqualTo(Status.ACKNOWLEDGED);
    assertThat(job.attempt()).isZero();
    assertThat(job.id()).isNotEqualTo(job.eventId());
  }

  @Test
  void marshal_sees_the_event_and_job_ids_in_its_toolkit() throws Exception {
    AtomicReference<Toolkit> seen = new AtomicReference<>();
    Action spy =
        upsert(toolkit -> {
          seen.set(toolkit);
          return dev.blacksmith.destination.Job.ofJson("{}");
        });
    ActionHarness harness = ActionHarness.of(spy);

    Job job = harness.marshal(spy);

    assertThat(seen.get().eventId()).isEqualTo(job.eventId());
    assertThat(seen.get().jobId()).isEqualTo(job.id());
    assertThat(seen.get().logger()).isSameAs(harness.logger());
  }

  @Test
  void a_context_the_job_sets_wins_over_the_event_context() throws Exception {
    Action action =
        upsert(dev.blacksmith.destination.Job.ofJson("{}").withContext(java.util.Map.of("a", 1)));

    Job job = ActionHarness.of(action).marshal(action, "{\"b\":2}", "{}");

    assertThat(job.context()).isEqualTo("{\"a\":1}");
  }

  @Test
  void what_marshal_throws_reaches_the_test_unchanged() {
    Action failing =
        upsert(toolkit -> {
          throw new IOException("no email in the event");
        });

    assertThatThrownBy(() -> ActionHarness.of(failing).marshal(failing))
        .isInstanceOf(IOException.class)
        .hasMessage("no email in the event");
  }

  @Test
  void no_job_or_data_that_is_not_json_is_rejected_as_the_gateway_would() {
    Action none = upsert((dev.blacksmith.destination.Job) null);
    Action notJson = upsert(dev.blacksmith.destination.Job.ofJson("{\"unclosed\":"));

    assertThatThrownBy(() -> ActionHarness.of(none).marshal(none))
        .isInstanceOf(JobRejectedException.class)
        .hasMessageContaining("returned no job");
    assertThatThrownBy(() -> ActionHarness.of(notJson).marshal(notJson))
        .isInstanceOf(JobRejectedException.class)
        .hasMessageContaining("job data is not valid JSON");
  }

  @Test
  void versions_follow_the_destination_default_unknown_ones_are_rejected_deprecated_ones_warn()
      throws Exception {
    Options versioned =
        Options.builder()
            .version("v2")
            .version("v1", Instant.parse("2029-06-01T00:00:00Z"))
            .defaultVersion("v2")
            .build();
    TestDestination crm = new TestDestination(versioned).with("upsert", null, (t, q, then) -> {});
    ActionHarness harness = ActionHarness.of(crm, "upsert");
    Action unversioned = upsert(dev.blacksmith.destination.Job.ofJson("{}"));
    Action v1 = upsert(dev.blacksmith.destination.Job.ofJson("{}").withVersion("v1"));
    Action v3 = upsert(dev.blacksmith.destination.Job.ofJson("{}").withVersion("v3"));

    assertThat(harness.marshal(unversioned).version()).isEqualTo("v2");
    assertThat(harness.logger().messages(Level.WARN)).isEmpty();
    assertThat(harness.marshal(v1).version()).isEqualTo("v1");
    assertThat(harness.logger().messages(Level.WARN))
        .containsExactly("version v1 of destination crm is deprecated since 2029-06-01T00:00:00Z");
    assertThatThrownBy(() -> harness.marshal(v3))
        .isInstanceOf(JobRejectedException.class)
        .hasMessageContaining("unknown version 'v3' for destination crm")
        .hasMessageContaining("v1")
        .hasMessageContaining("v2");
  }

  @Test
  void marshal_of_another_action_is_refused_naming_both() {
    ActionHarness harness = harness((t, q, then) -> {});

    assertThatThrownBy(() -> harness.marshal(TestAction.carrying("notify", "{}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("runs action upsert, not notify")
        .hasMessageContaining("forAction(\"notify\")");
  }

  @Test
  void event_context_and_data_must_be_json() {
    ActionHarness harness = harness((t, q, then) -> {});

    assertThatThrownBy(() -> harness.marshal(TestAction.carrying("upsert", "{}"), "nope", "{}"))
        .isInstanceOf(Json.JsonException.class)
        .hasMessageContaining("event context is not valid JSON");
  }

  // load: the rules of Then

  @Test
  void a_then_without_job_ids_settles_the_whole_queue() throws Exception {
    ActionHarness harness = harness((t, q, then) -> then.send(Then.succeeded()));
    Job a = job(harness, "{\"n\":1}");
    Job b = job(harness, "{\"n\":2}");

    LoadResult result = harness.load(a, b);

    assertThat(result.succeeded()).containsExactly(a.id(), b.id());
    assertThat(result.failed()).isEmpty();
    assertThat(result.thrown()).isNull();
    assertThat(result.job(a.id()).transition().stateBefore()).isEqualTo(Status.EXECUTING);
    assertThat(result.job(a.id()).transition().stateAfter()).isEqualTo(Status.SUCCEEDED);
  }

  @Test
  void a_job_never_reported_is_unknown() throws Exception {
    AtomicReference<String> first = new AtomicReference<>();
    ActionHarness harness =
        harness((t, q, then) -> then.send(Then.succeeded().forJobs(first.get())));
    Job a = job(harness, "{}");
    Job b = job(harness, "{}");
    first.set(a.id());

    LoadResult result = harness.load(a, b);

    assertThat(result.status(a.id())).isEqualTo(Status.SUCCEEDED);
    assertThat(result.status(b.id())).isEqualTo(Status.UNKNOWN);
    assertThat(result.unknown()).containsExactly(b.id());
    assertThat(result.error(b.id())).isNull();
  }

  @Test
  void an_exception_from_load_fails_every_job_it_did_not_report() throws Exception {
    AtomicReference<String> first = new AtomicReference<>();
    IOException down = new IOException("connection reset");
    ActionHarness harness =
        harness((t, q, then) -> {
          then.send(Then.succeeded().forJobs(first.get()));
          throw down;
        });
    Job a = job(harness, "{}");
    Job b = job(harness, "{}");
    first.set(a.id());

    LoadResult result = harness.load(a, b);

    assertThat(result.thrown()).isSameAs(down);
    assertThat(result.status(a.id())).isEqualTo(Status.SUCCEEDED);
    assertThat(result.status(b.id())).isEqualTo(Status.FAILED);
    assertThat(result.error(b.id())).isSameAs(down);
    assertThat(Json.tree(result.job(b.id()).transition().error()).get("message").stringValue())
        .isEqualTo("connection reset");
    assertThat(harness.logger().messages(Level.WARN)).containsExactly("load of crm/upsert threw");
  }

  @Test
  void a_then_naming_a_job_wins_over_the_whole_queue_one_and_the_first_report_wins()
      throws Exception {
    List<String> ids = new ArrayList<>();
    ActionHarness harness =
        harness((t, q, then) -> {
          then.send(Then.failed(new IOException("batch failed")));
          then.send(Then.succeeded().forJobs(ids.get(0)));
          then.send(Then.discarded(new IOException("too late")).forJobs(ids.get(0)));
        });
    Job a = job(harness, "{}");
    Job b = job(harness, "{}");
    ids.add(a.id());

    LoadResult result = harness.load(a, b);

    assertThat(result.status(a.id())).isEqualTo(Status.SUCCEEDED);
    assertThat(result.status(b.id())).isEqualTo(Status.FAILED);
    assertThat(result.thens()).hasSize(3);
  }

  @Test
  void a_failing_job_is_retried_until_its_attempts_exceed_max_retries_then_discarded()
      throws Exception {
    ActionHarness harness =
        harness(
            Schedule.every("@every 1m").withMaxRetries(2),
            (t, q, then) -> then.send(Then.failed(new IOException("503"))));
    Job job = job(harness, "{}");

    LoadResult first = harness.load(job);
    LoadResult second = harness.load(first.job(job.id()));
    LoadResult third = harness.load(second.job(job.id()));

    assertThat(first.status(job.id())).isEqualTo(Status.FAILED);
    assertThat(first.job(job.id()).attempt()).isEqualTo(1);
    assertThat(second.status(job.id())).isEqualTo(Status.FAILED);
    assertThat(second.job(job.id()).attempt()).isEqualTo(2);
    assertThat(third.status(job.id())).isEqualTo(Status.DISCARDED);
    assertThat(third.job(job.id()).attempt()).isEqualTo(3);
    assertThatThrownBy(() -> harness.load(third.job(job.id())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is discarded; only acknowledged or failed jobs are due");
  }

  @Test
  void zero_retries_means_a_single_attempt() throws Exception {
    ActionHarness harness =
        harness(
            Schedule.inRealtime().withMaxRetries(0),
            (t, q, then) -> then.send(Then.failed(new IOException("503"))));
    Job job = job(harness, "{}");

    assertThat(harness.load(job).status(job.id())).isEqualTo(Status.DISCARDED);
  }

  @Test
  void force_discard_discards_on_the_first_attempt() throws Exception {
    ActionHarness harness =
        harness((t, q, then) -> then.send(Then.discarded(new IllegalArgumentException("bad"))));
    Job job = job(harness, "{}");

    LoadResult result = harness.load(job);

    assertThat(result.discarded()).containsExactly(job.id());
    assertThat(result.error(job.id())).hasMessage("bad");
  }

  @Test
  void at_attempt_prepares_a_job_for_its_last_attempt() throws Exception {
    List<Integer> attempts = new ArrayList<>();
    ActionHarness harness =
        harness((t, q, then) -> {
          q.jobs().forEach(j -> attempts.add(j.attempt()));
          then.send(Then.failed(new IOException("503")));
        });
    Job job = job(harness, "{}");

    LoadResult result = harness.load(harness.atAttempt(job, harness.maxRetries() + 1));

    assertThat(harness.maxRetries()).isEqualTo(72);
    assertThat(attempts).containsExactly(73);
    assertThat(result.status(job.id())).isEqualTo(Status.DISCARDED);
    assertThat(harness.atAttempt(job, 1).status()).isEqualTo(Status.ACKNOWLEDGED);
    assertThatThrownBy(() -> harness.atAttempt(job, 0)).hasMessageContaining("from 1");
  }

  @Test
  void reporting_after_load_returned_is_refused() throws Exception {
    AtomicReference<ThenSink> kept = new AtomicReference<>();
    ActionHarness harness = harness((t, q, then) -> kept.set(then));
    Job job = job(harness, "{}");

    LoadResult result = harness.load(job);

    assertThat(result.status(job.id())).isEqualTo(Status.UNKNOWN);
    assertThatThrownBy(() -> kept.get().send(Then.succeeded()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already returned");
  }

  @Test
  void reports_from_several_threads_are_all_kept() throws Exception {
    ActionHarness harness =
        harness((t, q, then) -> {
          List<Thread> threads = new ArrayList<>();
          for (Job j : q.jobs()) {
            threads.add(
                Thread.ofVirtual().start(() -> then.send(Then.succeeded().forJobs(j.id()))));
          }
          for (Thread thread : threads) {
            thread.join();
          }
        });
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      jobs.add(job(harness, "{}"));
    }

    LoadResult result = harness.load(jobs);

    assertThat(result.succeeded()).hasSize(20);
  }

  @Test
  void a_reported_job_that_is_not_in_the_queue_is_ignored_and_listed() throws Exception {
    ActionHarness harness =
        harness((t, q, then) -> then.send(Then.succeeded().forJobs("somebody-else")));
    Job job = job(harness, "{}");

    LoadResult result = harness.load(job);

    assertThat(result.unexpectedJobIds()).containsExactly("somebody-else");
    assertThat(result.status(job.id())).isEqualTo(Status.UNKNOWN);
    assertThat(harness.logger().messages(Level.WARN))
        .containsExactly(
            "load of crm/upsert reported job somebody-else which is not in its queue; ignored");
    assertThatThrownBy(() -> result.status("somebody-else"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was not in the loaded queue");
  }

  // follow-ups

  @Test
  void follow_ups_become_jobs_of_the_destination_with_the_job_as_parent() throws Exception {
    Action notify = TestAction.carrying("notify", "{\"to\":\"sales\"}");
    TestDestination crm =
        new TestDestination(NO_OPTIONS)
            .with(
                "upsert",
                null,
                (t, q, then) -> then.send(Then.succeeded().onSucceeded(notify).onFailed(notify)))
            .with("notify", null, (t, q, then) -> then.send(Then.succeeded()));
    ActionHarness harness = ActionHarness.of(crm, "upsert");
    Job job = harness.marshal(TestAction.carrying("upsert", "{}"), "{\"ip\":\"1.2.3.4\"}", "{}");

    LoadResult result = harness.load(job);

    assertThat(result.followUps(job.id()))
        .singleElement()
        .satisfies(next -> {
          assertThat(next.action()).isEqualTo("notify");
          assertThat(next.destination()).isEqualTo("crm");
          assertThat(next.parentJobId()).isEqualTo(job.id());
          assertThat(next.eventId()).isEqualTo(job.eventId());
          assertThat(next.context()).isEqualTo("{\"ip\":\"1.2.3.4\"}");
          assertThat(next.data()).isEqualTo("{\"to\":\"sales\"}");
          assertThat(next.status()).isEqualTo(Status.ACKNOWLEDGED);
        });
    ActionHarness notifier = harness.forAction("notify");
    LoadResult loaded = notifier.load(result.followUps());
    assertThat(loaded.succeeded()).containsExactly(result.followUps().get(0).id());
    assertThat(loaded.queue().events().get(0).context()).isEqualTo("{\"ip\":\"1.2.3.4\"}");
  }

  @Test
  void only_the_follow_ups_of_the_outcome_apply() throws Exception {
    Action onFailed = TestAction.carrying("notify", "{\"on\":\"failed\"}");
    Action onDiscarded = TestAction.carrying("notify", "{\"on\":\"discarded\"}");
    TestDestination crm =
        new TestDestination(NO_OPTIONS)
            .with(
                "upsert",
                Schedule.every("@every 1h").withMaxRetries(1),
                (t, q, then) ->
                    then.send(
                        Then.failed(new IOException("503"))
                            .onFailed(onFailed)
                            .onDiscarded(onDiscarded)))
            .with("notify", null, (t, q, then) -> {});
    ActionHarness harness = ActionHarness.of(crm, "upsert");
    Job job = harness.marshal(TestAction.carrying("upsert", "{}"));

    LoadResult first = harness.load(job);
    LoadResult last = harness.load(first.job(job.id()));

    assertThat(first.followUps()).extracting(Job::data).containsExactly("{\"on\":\"failed\"}");
    assertThat(last.followUps()).extracting(Job::data).containsExactly("{\"on\":\"discarded\"}");
  }

  @Test
  void a_follow_up_the_destination_does_not_register_is_rejected_and_logged() throws Exception {
    Action unknown = TestAction.carrying("refund", "{}");
    ActionHarness harness =
        harness((t, q, then) -> then.send(Then.succeeded().onSucceeded(unknown)));
    Job job = job(harness, "{}");

    LoadResult result = harness.load(job);

    assertThat(result.followUps()).isEmpty();
    assertThat(result.rejectedFollowUps())
        .containsExactly(
            new LoadResult.Rejection(
                job.id(), "refund", "destination 'crm' has no action 'refund'"));
    assertThat(result.status(job.id())).isEqualTo(Status.SUCCEEDED);
    assertThat(harness.logger().messages(Level.WARN)).hasSize(1);
  }

  // queues

  @Test
  void each_load_claims_its_jobs_for_their_next_attempt_grouped_by_event() throws Exception {
    List<Queue> seen = new ArrayList<>();
    ActionHarness harness =
        harness((t, q, then) -> {
          seen.add(q);
          then.send(Then.succeeded());
        });
    Job a = harness.marshal(TestAction.carrying("upsert", "{}"), "{\"c\":1}", "{\"d\":1}");
    Job b = harness.marshal(TestAction.carrying("upsert", "{}"), "{\"c\":2}", "{\"d\":2}");

    harness.load(b, a);

    Queue queue = seen.get(0);
    assertThat(queue.events()).extracting(Event::id).containsExactly(b.eventId(), a.eventId());
    assertThat(queue.events()).extracting(Event::data).containsExactly("{\"d\":2}", "{\"d\":1}");
    assertThat(queue.events()).extracting(Event::context).containsExactly("{\"c\":2}", "{\"c\":1}");
    assertThat(queue.jobs()).extracting(Job::status).containsOnly(Status.EXECUTING);
    assertThat(queue.jobs()).extracting(Job::attempt).containsOnly(1);
  }

  @Test
  void queues_refuse_jobs_of_another_action_jobs_given_twice_and_jobs_not_due() throws Exception {
    TestDestination crm =
        new TestDestination(NO_OPTIONS)
            .with("upsert", null, (t, q, then) -> then.send(Then.succeeded()))
            .with("notify", null, (t, q, then) -> {});
    ActionHarness harness = ActionHarness.of(crm, "upsert");
    Job job = harness.marshal(TestAction.carrying("upsert", "{}"));
    Job other = harness.forAction("notify").marshal(TestAction.carrying("notify", "{}"));
    Job succeeded = harness.load(job).job(job.id());

    assertThatThrownBy(() -> harness.queueOf(other))
        .hasMessageContaining("is for crm/notify, not crm/upsert");
    assertThatThrownBy(() -> harness.queueOf(job, job)).hasMessageContaining("given twice");
    assertThatThrownBy(() -> harness.queueOf(succeeded))
        .hasMessageContaining("is succeeded; only acknowledged or failed jobs are due");
  }

  @Test
  void a_queue_built_by_hand_is_loaded_as_it_is() {
    List<Integer> attempts = new ArrayList<>();
    ActionHarness harness =
        harness((t, q, then) -> {
          q.jobs().forEach(j -> attempts.add(j.attempt()));
          then.send(Then.failed(new IOException("503")));
        });
    Instant at = Instant.parse("2030-01-01T00:00:00Z");
    Job job =
        new Job(
            "j1",
            "crm",
            "upsert",
            null,
            "{}",
            "{}",
            new Transition("t1", 73, Status.AWAITING, Status.EXECUTING, null, at, "e1", "j1"),
            at,
            "e1",
            null);
    Event event =
        new Event("e1", "shop", "orders", null, "{}", "{}", List.of(job), null, at, at, null);

    LoadResult result = harness.load(new Queue(List.of(event)));

    assertThat(attempts).containsExactly(73);
    assertThat(result.status("j1")).isEqualTo(Status.DISCARDED);
  }

  @Test
  void times_come_from_the_clock_the_test_moves() throws Exception {
    SettableClock clock = SettableClock.at("2031-05-06T07:08:09Z");
    ActionHarness harness = harness((t, q, then) -> then.send(Then.succeeded())).withClock(clock);
    Job job = job(harness, "{}");
    clock.advance(Duration.ofMinutes(5));

    LoadResult result = harness.load(job);

    assertThat(job.createdAt()).isEqualTo(Instant.parse("2031-05-06T07:08:09Z"));
    assertThat(result.job(job.id()).transition().createdAt())
        .isEqualTo(Instant.parse("2031-05-06T07:13:09Z"));
    assertThat(harness.clock()).isSameAs(clock);
  }

  // schedules, hooks and registration

  @Test
  void schedule_resolves_field_by_field_action_then_destination_then_defaults() {
    TestDestination crm =
        new TestDestination(Options.builder().defaultSchedule(Schedule.every("@every 10m")).build())
            .with("upsert", Schedule.inRealtime().withMaxRetries(3), (t, q, then) -> {})
            .with("notify", null, (t, q, then) -> {});

    Schedule upsert = ActionHarness.of(crm, "upsert").schedule();
    Schedule notify = ActionHarness.of(crm, "notify").schedule();
    Schedule alone =
        ActionHarness.of(new TestAction("upsert", null, null, (t, q, then) -> {}, List.of()))
            .schedule();

    assertThat(upsert).isEqualTo(new Schedule(true, "@every 10m", 3));
    assertThat(notify).isEqualTo(new Schedule(false, "@every 10m", 72));
    assertThat(alone).isEqualTo(new Schedule(false, "@every 1h", 72));
  }

  @Test
  void hooks_run_destination_first_at_init_and_last_at_shutdown() throws Exception {
    TestDestination crm = new TestDestination(NO_OPTIONS).with("upsert", null, (t, q, then) -> {});
    ActionHarness harness = ActionHarness.of(crm, "upsert");

    harness.init();
    harness.shutdown();

    assertThat(crm.calls)
        .containsExactly("init crm", "init upsert", "shutdown upsert", "shutdown crm");
  }

  @Test
  void a_failing_shutdown_hook_does_not_stop_the_others_and_reaches_the_test() {
    TestDestination crm = new TestDestination(NO_OPTIONS).with("upsert", null, (t, q, then) -> {});
    ((TestAction) crm.actions().get("upsert")).failShutdownWith(new IOException("pool stuck"));
    ActionHarness harness = ActionHarness.of(crm, "upsert");

    assertThatThrownBy(harness::shutdown).isInstanceOf(IOException.class).hasMessage("pool stuck");
    assertThat(crm.calls).containsExactly("shutdown upsert", "shutdown crm");
  }

  @Test
  void an_action_the_destination_does_not_register_is_refused_listing_those_it_has() {
    TestDestination crm = new TestDestination(NO_OPTIONS).with("upsert", null, (t, q, then) -> {});

    assertThatThrownBy(() -> ActionHarness.of(crm, "delete"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("destination crm has no action 'delete'; it has [upsert]");
  }

  @Test
  void a_destination_blacksmith_would_refuse_is_refused() {
    TestDestination crm = new TestDestination(NO_OPTIONS).with("Upsert", null, (t, q, then) -> {});

    assertThatThrownBy(() -> ActionHarness.of(crm, "Upsert"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("action of destination crm has an invalid name 'Upsert'");
  }

  @Test
  void a_harness_without_destination_has_no_sibling_actions() {
    ActionHarness harness = ActionHarness.of(TestAction.carrying("upsert", "{}"));

    assertThatThrownBy(() -> harness.forAction("notify"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("without its destination");
  }
}
