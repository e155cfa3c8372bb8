package dev.blacksmith.modules.http;

import static dev.blacksmith.modules.http.ScriptedServer.after;
import static dev.blacksmith.modules.http.ScriptedServer.endlessBody;
import static dev.blacksmith.modules.http.ScriptedServer.hugeBody;
import static dev.blacksmith.modules.http.ScriptedServer.silence;
import static dev.blacksmith.modules.http.ScriptedServer.status;
import static dev.blacksmith.store.Status.ACKNOWLEDGED;
import static dev.blacksmith.store.Status.AWAITING;
import static dev.blacksmith.store.Status.DISCARDED;
import static dev.blacksmith.store.Status.EXECUTING;
import static dev.blacksmith.store.Status.FAILED;
import static dev.blacksmith.store.Status.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Then;
import dev.blacksmith.destination.Toolkit;
import dev.blacksmith.json.Json;
import dev.blacksmith.modules.http.HttpDestinationConfig.Envelope;
import dev.blacksmith.store.Job;
import dev.blacksmith.store.Queue;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

class HttpDestinationTest {

  @TempDir Path dir;

  private final ScriptedServer server = new ScriptedServer();
  private final List<Pipeline> pipelines = new ArrayList<>();

  @AfterEach
  void close() {
    pipelines.forEach(Pipeline::close);
    server.close();
  }

  private HttpDestinationConfig.Builder config() {
    return HttpDestinationConfig.builder(server.url("/hook"))
        .name("webhook")
        .interval("@every 1m")
        .maxRetries(3)
        .timeout(Duration.ofSeconds(5));
  }

  private Pipeline start(HttpDestinationConfig.Builder config) {
    Pipeline p = new Pipeline(dir.resolve("p" + pipelines.size()), config.build());
    pipelines.add(p);
    return p;
  }

  private static Action[] sends(int n) {
    return IntStream.range(0, n)
        .mapToObj(i -> HttpDestination.send(Map.of("n", i)))
        .toArray(Action[]::new);
  }

  private static Action[] batches(int n, String padding) {
    return IntStream.range(0, n)
        .mapToObj(i -> HttpDestination.batch(Map.of("n", i, "padding", padding)))
        .toArray(Action[]::new);
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  // ---- send: one request per job ----

  @Test
  void each_job_is_sent_in_a_request_of_its_own_with_its_id_as_idempotency_key() {
    Pipeline p = start(config().header("Authorization", "Bearer s3cret"));
    List<String> ids =
        p.send(
            HttpDestination.send(Map.of("order", 1)),
            HttpDestination.sendJson("{\"order\": 2, \"price\": 1.10}"));

    p.runDue();

    assertThat(ids).allSatisfy(id -> assertThat(p.status(id)).isEqualTo(SUCCEEDED));
    assertThat(server.received).hasSize(2);
    assertThat(server.received)
        .extracting(r -> r.header("Idempotency-Key"))
        .containsExactlyInAnyOrderElementsOf(ids);
    assertThat(server.received)
        .extracting(ScriptedServer.Received::body)
        .containsExactlyInAnyOrder("{\"order\":1}", "{\"order\": 2, \"price\": 1.10}");
    assertThat(server.received)
        .allSatisfy(r -> {
          assertThat(r.method()).isEqualTo("POST");
          assertThat(r.path()).isEqualTo("/hook");
          assertThat(r.header("Content-Type")).isEqualTo("application/json");
          assertThat(r.header("User-Agent")).startsWith("blacksmith/");
          assertThat(r.header("Authorization")).isEqualTo("Bearer s3cret");
          assertThat(r.headers()).doesNotContainKeys("upgrade", "http2-settings");
        });
  }

  @Test
  void a_server_error_fails_the_job_and_the_retry_one_interval_later_succeeds() {
    server.then(status(500, "{\"error\":\"database down\"}"));
    Pipeline p = start(config());
    String id = p.send(HttpDestination.send(Map.of("order", 1))).get(0);

    p.runDue();
    assertThat(p.status(id)).isEqualTo(FAILED);
    assertThat(p.error(id))
        .startsWith("job " + id + ": HTTP 500 from POST " + server.url(""))
        .contains("response: {\"error\":\"database down\"}");
    assertThat(p.runDue()).as("not due before its interval").isZero();

    p.clock.advance(Duration.ofMinutes(1));
    p.runDue();

    assertThat(p.status(id)).isEqualTo(SUCCEEDED);
    assertThat(p.job(id).attempt()).isEqualTo(2);
    assertThat(p.statuses(id))
        .containsExactly(ACKNOWLEDGED, AWAITING, EXECUTING, FAILED, AWAITING, EXECUTING, SUCCEEDED);
    assertThat(server.received)
        .extracting(r -> r.header("Idempotency-Key"))
        .as("the retry is recognisable as the same job")
        .containsExactly(id, id);
  }

  @Test
  void a_client_error_discards_the_job_at_once_with_the_status_and_response_in_its_error() {
    server.then(status(400, "{\"error\":\"email is invalid\"}"));
    Pipeline p = start(config());
    String id = p.send(HttpDestination.send(Map.of("email", "nope"))).get(0);

    p.runDue();

    assertThat(p.status(id)).isEqualTo(DISCARDED);
    assertThat(p.job(id).attempt()).isEqualTo(1);
    assertThat(p.error(id)).contains("HTTP 400").contains("{\"error\":\"email is invalid\"}");
    p.clock.advance(Duration.ofHours(2));
    assertThat(p.runDue()).isZero();
    assertThat(server.received).hasSize(1);
  }

  @Test
  void
      too_many_requests_fails_the_job_records_retry_after_and_does_not_send_the_rest_of_the_load() {
    server.then(status(429, "{\"error\":\"slow down\"}", "Retry-After", "30"));
    Pipeline p = start(config().concurrency(1));
    List<String> ids = p.send(sends(3));

    p.runDue();

    assertThat(server.received).as("one request, then the load stops").hasSize(1);
    String answered = server.received.get(0).header("Idempotency-Key");
    assertThat(ids).allSatisfy(id -> assertThat(p.status(id)).isEqualTo(FAILED));
    assertThat(p.error(answered)).contains("HTTP 429").contains("Retry-After: 30s");
    assertThat(p.errorField(answered, "status")).isEqualTo("429");
    assertThat(p.errorField(answered, "retry_after")).isEqualTo("30");
    assertThat(p.errorField(answered, "response")).contains("slow down");
    assertThat(ids.stream().filter(id -> !id.equals(answered)))
        .allSatisfy(id ->
            assertThat(p.error(id))
                .startsWith("not sent: ")
                .contains("answered 429 with Retry-After: 30s")
                .endsWith("retried on schedule"));

    p.clock.advance(Duration.ofMinutes(1));
    p.runDue();
    assertThat(ids).allSatisfy(id -> assertThat(p.status(id)).isEqualTo(SUCCEEDED));
    assertThat(server.received).hasSize(4);
  }

  @Test
  void configured_status_lists_decide_and_a_status_in_none_of_them_is_retried() {
    server.then(status(202), status(409), status(503), status(302));
    Pipeline p =
        start(
            config()
                .concurrency(1)
                .successStatuses("200, 202")
                .retryStatuses("503")
                .discardStatuses("409, 422"));
    List<String> ids = p.send(sends(4));

    p.runDue();

    Map<Integer, String> byStatus = new java.util.HashMap<>();
    List<Integer> statuses = List.of(202, 409, 503, 302);
    for (int i = 0; i < 4; i++) {
      byStatus.put(statuses.get(i), server.received.get(i).header("Idempotency-Key"));
    }
    assertThat(byStatus.values()).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(p.status(byStatus.get(202))).isEqualTo(SUCCEEDED);
    assertThat(p.status(byStatus.get(409))).isEqualTo(DISCARDED);
    assertThat(p.status(byStatus.get(503))).isEqualTo(FAILED);
    assertThat(p.status(byStatus.get(302))).isEqualTo(FAILED);
    assertThat(p.error(byStatus.get(302))).contains("HTTP 302").contains("in none of");
    assertThat(server.received).as("redirects are reported, not followed").hasSize(4);
  }

  @Test
  void a_job_still_failing_after_its_retries_is_discarded() {
    server.then(status(502), status(502));
    Pipeline p = start(config().maxRetries(1));
    String id = p.send(HttpDestination.send(Map.of("n", 1))).get(0);

    p.runDue();
    p.clock.advance(Duration.ofMinutes(1));
    p.runDue();

    assertThat(p.status(id)).isEqualTo(DISCARDED);
    assertThat(p.job(id).attempt()).isEqualTo(2);
    assertThat(p.error(id)).contains("HTTP 502").contains("empty response");
  }

  // ---- timeouts and bounded reads ----

  @Test
  void a_request_without_answer_fails_at_its_timeout_without_hanging() {
    server.then(silence());
    Pipeline p = start(config().timeout(Duration.ofMillis(500)));
    String id = p.send(HttpDestination.send(Map.of("n", 1))).get(0);

    long start = System.nanoTime();
    p.runDue();

    assertThat(millisSince(start)).isBetween(400L, 5_000L);
    assertThat(p.status(id)).isEqualTo(FAILED);
    assertThat(p.error(id)).contains("no response within 500ms (timeouts.request)");

    p.clock.advance(Duration.ofMinutes(1));
    p.runDue();
    assertThat(p.status(id)).isEqualTo(SUCCEEDED);
  }

  @Test
  void an_error_body_that_never_ends_is_cut_at_the_request_timeout_and_quoted() {
    server.then(endlessBody(503, "{\"error\":\"overlo"));
    Pipeline p = start(config().timeout(Duration.ofMillis(500)));
    String id = p.send(HttpDestination.send(Map.of("n", 1))).get(0);

    long start = System.nanoTime();
    p.runDue();

    assertThat(millisSince(start)).isLessThan(5_000L);
    assertThat(p.status(id)).isEqualTo(FAILED);
    assertThat(p.error(id))
        .contains("HTTP 503")
        .contains("response: {\"error\":\"overlo")
        .contains("the response body did not end in time");
  }

  @Test
  void a_success_whose_body_never_ends_succeeds_once_the_timeout_ends_the_wait() {
    server.then(endlessBody(200, "{\"accepted\":"));
    Pipeline p = start(config().timeout(Duration.ofMillis(500)));
    String id = p.send(HttpDestination.send(Map.of("n", 1))).get(0);

    long start = System.nanoTime();
    p.runDue();

    assertThat(millisSince(start)).isLessThan(5_000L);
    assertThat(p.status(id)).isEqualTo(SUCCEEDED);
  }

  @Test
  void a_huge_error_body_is_quoted_only_up_to_the_excerpt_limit() {
    server.then(hugeBody(500, 5_000_000));
    Pipeline p = start(config().responseExcerptBytes(100));
    String id = p.send(HttpDestination.send(Map.of("n", 1))).get(0);

    p.runDue();

    assertThat(p.status(id)).isEqualTo(FAILED);
    assertThat(p.error(id))
        .contains("x".repeat(100) + "… (cut)")
        .doesNotContain("x".repeat(101))
        .hasSizeLessThan(400);
  }

  @Test
  void an_unreachable_endpoint_fails_the_first_job_and_the_rest_are_not_sent() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Pipeline p =
        start(
            config()
                .url("http://127.0.0.1:" + closedPort + "/hook")
                .concurrency(1)
                .connectTimeout(Duration.ofSeconds(2)));
    List<String> ids = p.send(sends(3));

    long start = System.nanoTime();
    p.runDue();

    assertThat(millisSince(start)).isLessThan(5_000L);
    assertThat(ids).allSatisfy(id -> assertThat(p.status(id)).isEqualTo(FAILED));
    List<String> errors = ids.stream().map(p::error).toList();
    assertThat(errors).filteredOn(e -> e.contains("cannot connect")).hasSize(1);
    assertThat(errors)
        .filteredOn(
            e -> e.startsWith("not sent: http://127.0.0.1:" + closedPort + " is unreachable"))
        .hasSize(2);
  }

  @Test
  void jobs_not_sent_before_the_load_time_budget_runs_out_fail_for_a_retry() {
    server.then(silence(), silence(), silence());
    Pipeline p =
        start(
            config()
                .concurrency(1)
                .timeout(Duration.ofMillis(300))
                .loadTimeout(Duration.ofMillis(300)));
    List<String> ids = p.send(sends(3));

    long start = System.nanoTime();
    p.runDue();

    assertThat(millisSince(start)).isLessThan(5_000L);
    assertThat(server.received).hasSize(1);
    assertThat(ids).allSatisfy(id -> assertThat(p.status(id)).isEqualTo(FAILED));
    assertThat(ids.stream().map(p::error).toList())
        .filteredOn(e -> e.startsWith("not sent: the load's time budget ran out"))
        .hasSize(2);
  }

  @Test
  void requests_of_one_load_are_in_flight_together_up_to_the_concurrency_limit() {
    CountDownLatch fourArrived = new CountDownLatch(4);
    for (int i = 0; i < 8; i++) {
      server.then(after(fourArrived));
    }
    Pipeline p = start(config().concurrency(4));
    List<String> ids = p.send(sends(8));

    long start = System.nanoTime();
    p.runDue();

    assertThat(millisSince(start)).as("the first four waited for each other").isLessThan(8_000L);
    assertThat(ids).allSatisfy(id -> assertThat(p.status(id)).isEqualTo(SUCCEEDED));
    assertThat(server.maxInFlight.get()).isEqualTo(4);
  }

  // ---- bodies ----

  @Test
  void the_job_envelope_carries_the_job_its_event_and_its_context() {
    Pipeline p = start(config().envelope(Envelope.JOB).method("PUT"));
    String id = p.send(HttpDestination.send(Map.of("order", 7))).get(0);

    p.runDue();

    JsonNode body = Json.tree(server.received.get(0).body());
    Job job = p.job(id);
    assertThat(server.received.get(0).method()).isEqualTo("PUT");
    assertThat(body.get("id").asString()).isEqualTo(id);
    assertThat(body.get("event_id").asString()).isEqualTo(job.eventId());
    assertThat(body.get("attempt").asInt()).isEqualTo(1);
    assertThat(body.get("version").isNull()).isTrue();
    assertThat(body.get("created_at").asString()).isEqualTo(job.createdAt().toString());
    assertThat(body.get("context").get("ip").asString()).isEqualTo("203.0.113.7");
    assertThat(body.get("data").get("order").asInt()).isEqualTo(7);
  }

  @Test
  void a_batch_sends_the_queue_as_one_json_array_of_items_carrying_their_job_ids() {
    Pipeline p = start(config());
    List<String> ids = p.send(batches(5, ""));

    p.runDue();

    assertThat(server.received).hasSize(1);
    JsonNode body = Json.tree(server.received.get(0).body());
    assertThat(body.isArray()).isTrue();
    assertThat(body.size()).isEqualTo(5);
    List<String> itemIds = new ArrayList<>();
    for (JsonNode item : body) {
      itemIds.add(item.get("id").asString());
      assertThat(item.get("data").get("n").isInt()).isTrue();
    }
    assertThat(itemIds).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(server.received.get(0).header("Idempotency-Key"))
        .isEqualTo(Requests.batchKey(itemIds));
    assertThat(ids).allSatisfy(id -> assertThat(p.status(id)).isEqualTo(SUCCEEDED));
  }

  @Test
  void batches_are_split_by_size_and_each_answer_decides_its_own_jobs() {
    server.then(status(200), status(500), status(200));
    Pipeline p = start(config().maxBatchSize(2).concurrency(1));
    List<String> ids = p.send(batches(5, ""));

    p.runDue();

    assertThat(server.received).hasSize(3);
    List<List<String>> requests = server.received.stream().map(r -> itemIds(r.body())).toList();
    assertThat(requests).extracting(List::size).containsExactly(2, 2, 1);
    assertThat(requests.stream().flatMap(List::stream)).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(requests.get(0)).allSatisfy(id -> assertThat(p.status(id)).isEqualTo(SUCCEEDED));
    assertThat(requests.get(1)).allSatisfy(id -> assertThat(p.status(id)).isEqualTo(FAILED));
    assertThat(requests.get(2)).allSatisfy(id -> assertThat(p.status(id)).isEqualTo(SUCCEEDED));
    assertThat(p.error(requests.get(1).get(0))).startsWith("batch of 2 jobs: HTTP 500");
  }

  @Test
  void batches_are_split_so_no_body_exceeds_the_byte_limit() {
    Pipeline p = start(config().maxBatchBytes(1024));
    List<String> ids = p.send(batches(5, "p".repeat(400)));

    p.runDue();

    assertThat(server.received).hasSizeGreaterThanOrEqualTo(3);
    assertThat(server.received)
        .allSatisfy(r ->
            assertThat(r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(1024));
    assertThat(server.received.stream().flatMap(r -> itemIds(r.body()).stream()))
        .containsExactlyInAnyOrderElementsOf(ids);
    assertThat(ids).allSatisfy(id -> assertThat(p.status(id)).isEqualTo(SUCCEEDED));
  }

  @Test
  void a_retried_batch_of_the_same_jobs_carries_the_same_idempotency_key() {
    server.then(status(503));
    Pipeline p = start(config());
    List<String> ids = p.send(batches(3, ""));

    p.runDue();
    assertThat(ids).allSatisfy(id -> assertThat(p.status(id)).isEqualTo(FAILED));
    p.clock.advance(Duration.ofMinutes(1));
    p.runDue();

    assertThat(ids).allSatisfy(id -> assertThat(p.status(id)).isEqualTo(SUCCEEDED));
    assertThat(server.received).hasSize(2);
    assertThat(server.received.get(1).header("Idempotency-Key"))
        .startsWith("batch-")
        .isEqualTo(server.received.get(0).header("Idempotency-Key"));
  }

  private static List<String> itemIds(String body) {
    List<String> ids = new ArrayList<>();
    for (JsonNode item : Json.tree(body)) {
      ids.add(item.get("id").asString());
    }
    return ids;
  }

  // ---- the SDK contract ----

  @Test
  void actions_created_for_flows_refuse_data_that_is_not_json() {
    assertThatThrownBy(() -> HttpDestination.sendJson("{\"broken\":"))
        .isInstanceOf(Json.JsonException.class)
        .hasMessageContaining("the data of an HTTP job");
    assertThatThrownBy(() -> HttpDestination.batch(null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_destination_that_was_not_initialised_refuses_to_load() {
    HttpDestination d = new HttpDestination(config().build());
    Toolkit toolkit = new Toolkit(LoggerFactory.getLogger("test"), null, null, null);
    List<Then> thens = new ArrayList<>();

    assertThatThrownBy(() ->
            d.actions().get(HttpDestination.SEND).load(toolkit, new Queue(List.of()), thens::add))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not initialised");
    d.init(toolkit);
    d.shutdown(toolkit);
    assertThatThrownBy(() ->
            d.actions().get(HttpDestination.SEND).load(toolkit, new Queue(List.of()), thens::add))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void the_destination_declares_its_actions_and_schedule_and_never_shows_secrets() {
    HttpDestination d =
        new HttpDestination(
            config().header("Authorization", "Bearer s3cret").realtime(false).build());

    assertThat(d.name()).isEqualTo("webhook");
    assertThat(d.actions().keySet()).containsExactly("send", "batch");
    assertThat(d.options().defaultSchedule())
        .isEqualTo(new dev.blacksmith.destination.Schedule(false, "@every 1m", 3));
    assertThat(d.toString()).contains("Authorization=***").doesNotContain("s3cret");
  }
}
