package dev.blacksmith.engine;

import static dev.blacksmith.engine.Recording.Call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blacksmith.destination.Actions;
import dev.blacksmith.destination.Options;
import dev.blacksmith.destination.Schedule;
import dev.blacksmith.engine.Recording.RecordingAction;
import dev.blacksmith.engine.Recording.RecordingDestination;
import dev.blacksmith.source.Event;
import dev.blacksmith.spi.store.ForwardingStore;
import dev.blacksmith.spi.store.NewEvent;
import dev.blacksmith.spi.store.Query;
import dev.blacksmith.spi.store.Store;
import dev.blacksmith.spi.store.StoreProvider;
import dev.blacksmith.store.Status;
import dev.blacksmith.testkit.authoring.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LifecycleBehaviourTest {

  @TempDir Path dir;

  @BeforeEach
  void clearHooks() {
    Recording.HOOKS.clear();
  }

  @Test
  void init_runs_destinations_before_their_actions_and_shutdown_runs_in_reverse() {
    RecordingAction a = new RecordingAction("a", null);
    RecordingAction b = new RecordingAction("b", null);
    EngineFixture app =
        new EngineFixture(
            dir,
            o -> o.destination(new RecordingDestination("crm", Options.builder().build(), a, b)));
    app.close();

    assertThat(Recording.HOOKS)
        .containsExactly(
            "init destination crm",
            "init action a",
            "init action b",
            "shutdown action b",
            "shutdown action a",
            "shutdown destination crm");
  }

  @Test
  void an_init_error_aborts_start_up_and_shuts_down_what_was_initialised() {
    RecordingAction a = new RecordingAction("a", null);
    RecordingAction b = new RecordingAction("b", null);
    b.initError = "cannot reach the API";

    assertThatThrownBy(() ->
            new EngineFixture(
                dir,
                o ->
                    o.destination(
                        new RecordingDestination("crm", Options.builder().build(), a, b))))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("init of action crm/b failed: cannot reach the API");
    assertThat(Recording.HOOKS)
        .containsExactly(
            "init destination crm",
            "init action a",
            "init action b",
            "shutdown action a",
            "shutdown destination crm");
  }

  @Test
  void invalid_applications_are_refused_at_creation_with_a_clear_message() {
    RecordingAction a = new RecordingAction("a", Schedule.every("@every banana"));
    assertThatThrownBy(() ->
            Blacksmith.create(
                dev.blacksmith.engine.Options.builder()
                    .storeUrl("sqlite:" + dir.resolve("x.db"))
                    .destination(new RecordingDestination("crm", Options.builder().build(), a))
                    .build()))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("schedule of crm/a")
        .hasMessageContaining("@every banana");
    assertThatThrownBy(() ->
            Blacksmith.create(
                dev.blacksmith.engine.Options.builder()
                    .storeUrl("sqlite:" + dir.resolve("x.db"))
                    .destination(
                        new RecordingDestination("crm", Options.builder().build()),
                        new RecordingDestination("crm", Options.builder().build()))
                    .build()))
        .isInstanceOf(StartupException.class)
        .hasMessage("two destinations are named 'crm'");
    assertThatThrownBy(() ->
            Blacksmith.create(
                dev.blacksmith.engine.Options.builder().storeUrl("nosuch:thing").build()))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("no store adapter supports 'nosuch:thing'");
  }

  @Test
  void realtime_jobs_are_loaded_by_the_background_scheduler_as_soon_as_they_are_committed()
      throws Exception {
    RecordingAction push = new RecordingAction("push", Schedule.inRealtime());
    CountDownLatch loaded = new CountDownLatch(1);
    push.behaviour =
        (queue, then) -> {
          then.send(dev.blacksmith.destination.Then.succeeded());
          loaded.countDown();
        };
    Blacksmith blacksmith =
        Blacksmith.create(
            dev.blacksmith.engine.Options.builder()
                .storeUrl("sqlite:" + dir.resolve("rt.db"))
                .sweepInterval(Duration.ofMinutes(10))
                .source(new EngineFixture.AppSource())
                .destination(new RecordingDestination("crm", Options.builder().build(), push))
                .build());
    blacksmith.start();
    try {
      Accepted accepted =
          blacksmith
              .gateway()
              .ingest(
                  "app",
                  "track",
                  Event.builder().actions(Actions.of("crm", Call.of("push", 1))).build())
              .join();
      // The sweep runs every 10 minutes: only the wake-up can load it this soon.
      assertThat(loaded.await(10, TimeUnit.SECONDS)).isTrue();
      String id = accepted.jobIds().get(0);
      awaitStatus(blacksmith.store(), id, Status.SUCCEEDED);
    } finally {
      blacksmith.close();
    }
  }

  @Test
  void close_commits_every_accepted_event_and_reopening_resumes_where_it_stopped() {
    RecordingAction sync = new RecordingAction("sync", null);
    EngineFixture app =
        new EngineFixture(
            dir,
            o -> o.destination(new RecordingDestination("crm", Options.builder().build(), sync)));
    List<CompletableFuture<Accepted>> futures = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      futures.add(
          app.blacksmith
              .gateway()
              .ingest(
                  "app",
                  "track",
                  Event.builder().actions(Actions.of("crm", Call.of("sync", i))).build()));
    }
    app.close();
    assertThat(futures).allSatisfy(f -> assertThat(f).isCompleted());

    RecordingAction again = new RecordingAction("sync", null);
    EngineFixture reopened =
        new EngineFixture(
            dir,
            o -> o.destination(new RecordingDestination("crm", Options.builder().build(), again)));
    try {
      assertThat(reopened.blacksmith.store().findJobs(Query.all()).count()).isEqualTo(200);
      reopened.clock.advance(Duration.ofHours(1));
      assertThat(reopened.runDue()).isEqualTo(200);
    } finally {
      reopened.close();
    }
  }

  @Test
  void a_job_claimed_by_an_instance_that_died_is_loaded_once_its_lease_expires() {
    RecordingAction push = new RecordingAction("push", Schedule.inRealtime());
    EngineFixture app =
        new EngineFixture(
            dir,
            o ->
                o.leaseDuration(Duration.ofMinutes(2))
                    .destination(new RecordingDestination("crm", Options.builder().build(), push)));
    try {
      String id =
          app.send(Event.builder().actions(Actions.of("crm", Call.of("push", 1))).build())
              .jobIds()
              .get(0);
      // Another instance claims and starts the job, then dies without a word.
      Instant now = app.clock.instant();
      var claimed =
          app.blacksmith
              .store()
              .claim(
                  new dev.blacksmith.spi.store.ClaimRequest(
                      "crm", "push", "dead-instance", now, now.plus(Duration.ofMinutes(2)), 10));
      app.blacksmith
          .store()
          .start("dead-instance", List.of(id), now, now.plus(Duration.ofMinutes(2)));
      assertThat(claimed.size()).isEqualTo(1);

      assertThat(app.runDue()).as("the lease still holds").isZero();
      app.clock.advance(Duration.ofMinutes(2).plusSeconds(1));
      assertThat(app.runDue()).isEqualTo(1);

      assertThat(app.statuses(id))
          .containsExactly(
              Status.ACKNOWLEDGED,
              Status.AWAITING,
              Status.EXECUTING,
              Status.AWAITING,
              Status.EXECUTING,
              Status.SUCCEEDED);
      assertThat(app.job(id).attempt()).isEqualTo(2);
    } finally {
      app.close();
    }
  }

  @Test
  void jobs_whose_claim_outlived_half_its_lease_are_left_for_a_later_claim_not_loaded() {
    RecordingAction push = new RecordingAction("push", Schedule.inRealtime());
    SettableClock clock = new SettableClock(EngineFixture.START);
    java.util.concurrent.atomic.AtomicBoolean slow =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    Store store =
        new ForwardingStore(openSqlite(dir.resolve("slow-claim.db"))) {
          @Override
          public dev.blacksmith.store.Queue claimAndStart(
              dev.blacksmith.spi.store.ClaimRequest request) {
            var queue = super.claimAndStart(request);
            if (slow.getAndSet(false)) {
              clock.advance(Duration.ofSeconds(40)); // the database answered late
            }
            return queue;
          }
        };
    Blacksmith blacksmith =
        Blacksmith.create(
            dev.blacksmith.engine.Options.builder()
                .store(store)
                .clock(clock)
                .leaseDuration(Duration.ofMinutes(1))
                .backgroundLoops(false)
                .source(new EngineFixture.AppSource())
                .destination(new RecordingDestination("crm", Options.builder().build(), push))
                .build());
    blacksmith.start();
    try {
      String id =
          blacksmith
              .gateway()
              .ingest(
                  "app",
                  "track",
                  Event.builder().actions(Actions.of("crm", Call.of("push", 1))).build())
              .join()
              .jobIds()
              .get(0);

      blacksmith.scheduler().runDue();
      assertThat(push.loadedJobs()).isZero();
      assertThat(blacksmith.store().findJob(id).orElseThrow().status()).isEqualTo(Status.EXECUTING);

      clock.advance(Duration.ofMinutes(1));
      blacksmith.scheduler().runDue();
      assertThat(push.loadedJobs()).isEqualTo(1);
      assertThat(blacksmith.store().findJob(id).orElseThrow().status()).isEqualTo(Status.SUCCEEDED);
    } finally {
      blacksmith.close();
    }
  }

  @Test
  void a_saturated_writer_refuses_new_events_with_overloaded_instead_of_queueing_them()
      throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch inInsert = new CountDownLatch(1);
    Store slow = new SlowStore(openSqlite(dir.resolve("slow.db")), inInsert, release);
    Blacksmith blacksmith =
        Blacksmith.create(
            dev.blacksmith.engine.Options.builder()
                .store(slow)
                .writerQueueCapacity(2)
                .groupCommit(1, Duration.ZERO)
                .backgroundLoops(false)
                .source(new EngineFixture.AppSource())
                .build());
    blacksmith.start();
    try {
      Gateway gateway = blacksmith.gateway();
      CompletableFuture<Accepted> first = gateway.ingest("app", "track", Event.builder().build());
      assertThat(inInsert.await(10, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<Accepted> second = gateway.ingest("app", "track", Event.builder().build());
      CompletableFuture<Accepted> third = gateway.ingest("app", "track", Event.builder().build());
      CompletableFuture<Accepted> refused = gateway.ingest("app", "track", Event.builder().build());

      assertThatThrownBy(refused::join)
          .isInstanceOf(CompletionException.class)
          .cause()
          .isInstanceOf(OverloadedException.class);
      release.countDown();
      CompletableFuture.allOf(first, second, third).get(10, TimeUnit.SECONDS);
      assertThat(blacksmith.store().findEvents(Query.all()).count()).isEqualTo(3);
    } finally {
      release.countDown();
      blacksmith.close();
    }
  }

  static Store openSqlite(Path file) {
    for (StoreProvider p : ServiceLoader.load(StoreProvider.class)) {
      if (p.supports("sqlite:" + file)) {
        return p.open("sqlite:" + file);
      }
    }
    throw new AssertionError("no SQLite store provider");
  }

  static void awaitStatus(Store store, String jobId, Status status) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (store.findJob(jobId).orElseThrow().status() == status) {
        return;
      }
      Thread.sleep(10);
    }
    assertThat(store.findJob(jobId).orElseThrow().status()).isEqualTo(status);
  }

  /** A store whose first insert blocks until released, to saturate the writer. */
  static final class SlowStore extends ForwardingStore {
    private final CountDownLatch inInsert;
    private final CountDownLatch release;

    SlowStore(Store delegate, CountDownLatch inInsert, CountDownLatch release) {
      super(delegate);
      this.inInsert = inInsert;
      this.release = release;
    }

    @Override
    public void insert(List<NewEvent> events, Instant ingestedAt) {
      inInsert.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      super.insert(events, ingestedAt);
    }
  }
}
