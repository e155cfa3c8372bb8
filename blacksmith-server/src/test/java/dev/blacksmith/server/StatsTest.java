package dev.blacksmith.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blacksmith.engine.internal.EngineCounters;
import dev.blacksmith.server.Stats.Sample;
import dev.blacksmith.server.TestApp.Answer;
import dev.blacksmith.spi.store.ForwardingStore;
import dev.blacksmith.spi.store.Page;
import dev.blacksmith.spi.store.Query;
import dev.blacksmith.spi.store.Store;
import dev.blacksmith.spi.store.StoreException;
import dev.blacksmith.store.Job;
import dev.blacksmith.store.Status;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The overview's statistics: samples of the engine's counters and of the store's counts by status
 * in a bounded ring, on a real application's store, and {@code GET /admin/api/stats}.
 */
class StatsTest {

  private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

  @TempDir Path dir;
  private TestApp app;
  private final EngineCounters counters = new EngineCounters();
  private final AtomicLong nanos = new AtomicLong();

  @BeforeEach
  void start() {
    app = TestApp.start(dir);
  }

  @AfterEach
  void stop() {
    app.close();
  }

  private Stats stats(Store store, Duration window, double budget) {
    return new Stats(app.clock, () -> store, counters, TEN_SECONDS, window, budget, nanos::get);
  }

  private Stats stats() {
    return stats(app.blacksmith.store(), Duration.ofHours(1), 1.0);
  }

  private void order(String id) {
    Answer answer = app.post(app.gateway(), "/shop/acme/orders", "{\"id\":\"" + id + "\"}");
    assertThat(answer.status()).as(answer.body()).isEqualTo(202);
  }

  @Test
  void a_point_holds_what_the_counters_did_since_the_previous_sample() {
    Stats stats = stats();
    counters.eventsReceived.add(2);
    stats.sample();
    app.clock.advance(TEN_SECONDS);
    counters.eventsReceived.add(5);
    counters.jobsCreated.add(10);
    counters.jobsSucceeded.add(7);
    counters.jobsFailed.add(2);
    counters.jobsDiscarded.add(1);
    stats.sample();

    JsonNode series = series(stats);

    assertThat(series).hasSize(1);
    JsonNode point = series.get(0);
    assertThat(point.path("at").asString()).isEqualTo(TestApp.T0.plus(TEN_SECONDS).toString());
    assertThat(point.path("seconds").asDouble()).isEqualTo(10.0);
    assertThat(point.path("events_received").asLong()).isEqualTo(5);
    assertThat(point.path("jobs_created").asLong()).isEqualTo(10);
    assertThat(point.path("jobs_succeeded").asLong()).isEqualTo(7);
    assertThat(point.path("jobs_failed").asLong()).isEqualTo(2);
    assertThat(point.path("jobs_discarded").asLong()).isEqualTo(1);
    assertThat(point.path("jobs_unknown").asLong()).isZero();
    assertThat(point.path("counts").path("acknowledged").asLong()).isZero();
  }

  @Test
  void the_counts_of_a_sample_are_the_store_s_jobs_by_status() {
    order("o-1");
    order("o-2");
    await().atMost(Duration.ofSeconds(20)).until(() -> stats().counts().get(Status.SUCCEEDED) == 2);

    Sample sample = stats().sample();

    assertThat(sample.counts()).isNotNull();
    assertThat(sample.counts()).containsEntry(Status.SUCCEEDED, 2L);
    assertThat(sample.counts()).containsEntry(Status.ACKNOWLEDGED, 2L);
    assertThat(sample.counts()).containsEntry(Status.FAILED, 0L);
    assertThat(sample.counts()).hasSize(Status.values().length);
  }

  @Test
  void two_samples_in_one_slot_keep_the_later() {
    Stats stats = stats();
    stats.sample();
    app.clock.advance(TEN_SECONDS);
    counters.eventsReceived.add(1);
    stats.sample();
    app.clock.advance(Duration.ofSeconds(3));
    counters.eventsReceived.add(4);
    stats.sample();

    assertThat(stats.history()).hasSize(2);
    JsonNode series = series(stats);
    assertThat(series).hasSize(1);
    assertThat(series.get(0).path("events_received").asLong()).isEqualTo(5);
    assertThat(series.get(0).path("seconds").asDouble()).isEqualTo(13.0);
  }

  @Test
  void samples_older_than_the_window_are_dropped_and_the_ring_stays_bounded() {
    Stats stats = stats(app.blacksmith.store(), Duration.ofMinutes(1), 1.0);
    for (int i = 0; i < 30; i++) {
      stats.sample();
      app.clock.advance(TEN_SECONDS);
    }

    List<Sample> history = stats.history();

    assertThat(history).hasSizeLessThanOrEqualTo(7).isNotEmpty();
    assertThat(history.getFirst().at()).isAfterOrEqualTo(app.clock.instant().minusSeconds(60));
    // An hour later nothing of it is left.
    app.clock.advance(Duration.ofHours(1));
    assertThat(stats.history()).isEmpty();
  }

  @Test
  void a_clock_that_goes_back_starts_the_history_again() {
    Stats stats = stats();
    stats.sample();
    app.clock.advance(TEN_SECONDS);
    stats.sample();
    app.clock.set(app.clock.instant().minusSeconds(30));

    stats.sample();

    assertThat(stats.history()).hasSize(1);
    assertThat(stats.history().getFirst().at()).isEqualTo(TestApp.T0.minusSeconds(20));
  }

  @Test
  void counting_waits_while_the_last_count_used_up_the_budget() {
    // Each count of one status "takes" 100 ms: a sample's counts take 700 ms.
    Store slow =
        new ForwardingStore(app.blacksmith.store()) {
          @Override
          public Page<Job> findJobs(Query query) {
            nanos.addAndGet(Duration.ofMillis(100).toNanos());
            return super.findJobs(query);
          }
        };
    Stats stats = stats(slow, Duration.ofHours(1), 0.1);

    Sample first = stats.sample();
    app.clock.advance(TEN_SECONDS);
    nanos.addAndGet(Duration.ofSeconds(6).toNanos());
    Sample tooSoon = stats.sample();
    app.clock.advance(TEN_SECONDS);
    nanos.addAndGet(Duration.ofSeconds(2).toNanos());
    Sample afterSevenSeconds = stats.sample();

    assertThat(first.counts()).isNotNull();
    assertThat(tooSoon.counts()).isNull();
    assertThat(afterSevenSeconds.counts()).isNotNull();
    assertThat(series(stats).get(0).path("counts").isNull()).isTrue();
  }

  @Test
  void a_store_that_fails_to_count_leaves_the_counts_out_and_sampling_goes_on() {
    AtomicBoolean down = new AtomicBoolean(true);
    Store failing =
        new ForwardingStore(app.blacksmith.store()) {
          @Override
          public Page<Job> findJobs(Query query) {
            if (down.get()) {
              throw new StoreException("database is down");
            }
            return super.findJobs(query);
          }
        };
    Stats stats = stats(failing, Duration.ofHours(1), 1.0);
    counters.eventsReceived.add(3);

    Sample whileDown = stats.sample();
    down.set(false);
    app.clock.advance(TEN_SECONDS);
    Sample back = stats.sample();

    assertThat(whileDown.counts()).isNull();
    assertThat(whileDown.totals().eventsReceived()).isEqualTo(3);
    assertThat(back.counts()).isNotNull();
  }

  @Test
  void sampling_in_the_background_runs_every_resolution_until_closed() {
    Stats stats =
        new Stats(
            Clock.systemUTC(),
            app.blacksmith::store,
            counters,
            Duration.ofMillis(50),
            Duration.ofMinutes(1),
            1.0,
            System::nanoTime);
    stats.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> stats.history().size() >= 3);

    stats.close();

    Sample last = stats.history().getLast();
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> stats.history().getLast().equals(last));
  }

  @Test
  void the_stats_route_answers_the_store_s_counts_this_process_s_totals_and_the_history() {
    Stats stats = app.server.stats();
    stats.sample();
    app.clock.advance(TEN_SECONDS);
    order("o-1");
    order("o-2");
    await().atMost(Duration.ofSeconds(20)).until(() -> stats.counts().get(Status.SUCCEEDED) == 2);
    app.clock.advance(TEN_SECONDS);

    Answer answer = app.get(app.scheduler(), "/admin/api/stats");

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    JsonNode json = answer.json();
    assertThat(json.path("statusCode").asInt()).isEqualTo(200);
    assertThat(json.path("meta").path("resolution_seconds").asLong()).isEqualTo(10);
    assertThat(json.path("meta").path("window_seconds").asLong()).isEqualTo(3600);
    JsonNode data = json.path("data");
    assertThat(data.path("at").asString()).isEqualTo(app.clock.instant().toString());
    assertThat(data.path("events").asLong()).isEqualTo(2);
    assertThat(data.path("counts").path("succeeded").asLong()).isEqualTo(2);
    assertThat(data.path("counts").path("acknowledged").asLong()).isEqualTo(2);
    assertThat(data.path("counts").propertyNames())
        .containsExactly(
            "acknowledged", "awaiting", "executing", "succeeded", "failed", "discarded", "unknown");
    assertThat(data.path("totals").path("events_received").asLong()).isEqualTo(2);
    assertThat(data.path("totals").path("jobs_created").asLong()).isEqualTo(4);
    assertThat(data.path("totals").path("jobs_succeeded").asLong()).isEqualTo(2);
    // The background sampler may have added points in between; together they hold it all.
    long received = 0;
    long created = 0;
    for (JsonNode point : data.path("series")) {
      received += point.path("events_received").asLong();
      created += point.path("jobs_created").asLong();
    }
    assertThat(received).isEqualTo(2);
    assertThat(created).isEqualTo(4);
    JsonNode last = data.path("series").get(data.path("series").size() - 1);
    assertThat(last.path("at").asString()).isEqualTo(app.clock.instant().toString());
    assertThat(last.path("counts").path("succeeded").asLong()).isEqualTo(2);
  }

  @Test
  void the_stats_route_requires_the_token_and_takes_no_parameters() {
    Answer anonymous =
        app.send(HttpRequest.newBuilder(TestApp.uri(app.scheduler(), "/admin/api/stats")));
    Answer withParameter = app.get(app.scheduler(), "/admin/api/stats?window=2h");

    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(withParameter.status()).isEqualTo(400);
    JsonNode validation = withParameter.json().path("validations").get(0);
    assertThat(validation.path("message").asString())
        .isEqualTo("unknown parameter 'window'; the statistics take none");
    assertThat(validation.path("path").get(0).asString()).isEqualTo("window");
  }

  private static JsonNode series(Stats stats) {
    return Answers.MAPPER.valueToTree(stats.view()).path("series");
  }
}
