package dev.blacksmith.modules.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blacksmith.json.Json;
import dev.blacksmith.store.Event;
import dev.blacksmith.store.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The source behind the real gateway, with requests written exactly as Segment's HTTP tracking API
 * documents them: basic auth with the write key as user name, JSON bodies, gzip where the libraries
 * use it.
 */
class SegmentGatewayTest {

  private static final String KEY = "wk_gateway";

  @TempDir Path dir;

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private RunningGateway gateway;

  @BeforeEach
  void start() {
    gateway =
        new RunningGateway(
            dir,
            SegmentSource.builder()
                .writeKeys(KEY)
                .flows(SegmentFlows.builder().forward("recorder", "record", CallType.TRACK).build())
                .build());
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  private HttpResponse<String> post(String path, byte[] body, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(gateway.url() + path))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String json, String... headers) throws Exception {
    return post(path, json.getBytes(StandardCharsets.UTF_8), headers);
  }

  @Test
  void a_gzipped_track_call_with_basic_auth_is_stored_answered_202_and_forwarded()
      throws Exception {
    String call =
        "{\"userId\":\"u-1\",\"event\":\"Order Completed\",\"properties\":{\"total\":42},"
            + "\"context\":{\"ip\":\"198.51.100.7\"},\"timestamp\":\"2025-03-01T09:00:00Z\"}";

    HttpResponse<String> response =
        post(
            "/v1/track",
            Requests.gzip(call.getBytes(StandardCharsets.UTF_8)),
            "Authorization",
            Requests.basic(KEY),
            "Content-Type",
            "application/json",
            "Content-Encoding",
            "gzip");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    JsonNode meta = Json.tree(response.body()).get("meta");
    String eventId = meta.get("event_id").stringValue();
    Event stored = gateway.blacksmith.store().findEvent(eventId).orElseThrow();
    assertThat(stored.source()).isEqualTo("segment");
    assertThat(stored.trigger()).isEqualTo("track");
    assertThat(Json.tree(stored.data()).get("event").stringValue()).isEqualTo("Order Completed");
    assertThat(Json.tree(stored.context()).get("ip").stringValue()).isEqualTo("198.51.100.7");
    assertThat(stored.sentAt()).isEqualTo(java.time.Instant.parse("2025-03-01T09:00:00Z"));

    String jobId = meta.get("job_ids").get(0).stringValue();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() ->
            gateway.blacksmith.store().findJob(jobId).orElseThrow().status() == Status.SUCCEEDED);
    assertThat(gateway.recorded).hasSize(1);
    assertThat(Json.tree(gateway.recorded.get(0))).isEqualTo(Json.tree(stored.data()));
  }

  @Test
  void a_batch_of_mixed_calls_becomes_an_event_with_one_sub_event_per_call() throws Exception {
    HttpResponse<String> response =
        post(
            "/v1/batch",
            """
            {"batch":[
              {"type":"identify","messageId":"b-1","userId":"u-2","traits":{"email":"ada@example.com"}},
              {"type":"track","messageId":"b-2","userId":"u-2","event":"Signed Up"},
              {"type":"group","messageId":"b-3","userId":"u-2","groupId":"acme"},
              {"type":"track","messageId":"b-4","anonymousId":"a-9","event":"Viewed Pricing"}
            ],"context":{"library":{"name":"analytics-ruby"}}}
            """,
            "Authorization",
            Requests.basic(KEY),
            "Content-Type",
            "application/json");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    JsonNode meta = Json.tree(response.body()).get("meta");
    assertThat(meta.get("sub_events")).hasSize(4);
    List<Event> parents = gateway.parents();
    assertThat(parents).hasSize(1);
    assertThat(parents.get(0).trigger()).isEqualTo("batch");
    List<Event> children = gateway.children(parents.get(0).id());
    assertThat(children)
        .extracting(e -> Json.tree(e.data()).get("messageId").stringValue())
        .containsExactlyInAnyOrder("b-1", "b-2", "b-3", "b-4");
    assertThat(children)
        .allSatisfy(e ->
            assertThat(Json.tree(e.context()).get("library").get("name").stringValue())
                .isEqualTo("analytics-ruby"));

    // Only the two track calls go to the recorder.
    await().atMost(Duration.ofSeconds(10)).until(() -> gateway.recorded.size() == 2);
    assertThat(gateway.recorded)
        .extracting(d -> Json.tree(d).get("event").stringValue())
        .containsExactlyInAnyOrder("Signed Up", "Viewed Pricing");
  }

  @Test
  void analytics_js_calls_on_its_short_routes_with_the_key_in_a_text_plain_body_are_accepted()
      throws Exception {
    // As Analytics 2.0 sends them: one call per request on /v1/<letter>, or batched on /v1/b.
    HttpResponse<String> page =
        post(
            "/v1/p",
            "{\"type\":\"page\",\"anonymousId\":\"a-1\",\"name\":\"Home\",\"writeKey\":\""
                + KEY
                + "\",\"sentAt\":\"2025-03-01T09:00:00.000Z\",\"_metadata\":{\"bundled\":[]}}",
            "Content-Type",
            "text/plain");
    HttpResponse<String> batch =
        post(
            "/v1/b",
            "{\"writeKey\":\""
                + KEY
                + "\",\"sentAt\":\"2025-03-01T09:00:01.000Z\",\"batch\":["
                + "{\"type\":\"track\",\"anonymousId\":\"a-1\",\"event\":\"Clicked\"}]}",
            "Content-Type",
            "text/plain");

    assertThat(page.statusCode()).as(page.body()).isEqualTo(202);
    assertThat(batch.statusCode()).as(batch.body()).isEqualTo(202);
    assertThat(gateway.parents()).extracting(Event::trigger).containsExactly("p", "b");
    assertThat(gateway.events())
        .hasSize(3)
        .allSatisfy(e -> assertThat(e.data()).doesNotContain(KEY));
    await().atMost(Duration.ofSeconds(10)).until(() -> gateway.recorded.size() == 1);
  }

  @Test
  void import_with_a_trailing_slash_is_where_analytics_java_sends_batches() throws Exception {
    HttpResponse<String> response =
        post(
            "/v1/import/",
            "{\"writeKey\":\"" + KEY + "\",\"batch\":[{\"type\":\"screen\",\"userId\":\"u\"}]}",
            "Content-Type",
            "application/json");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    assertThat(gateway.parents()).extracting(Event::trigger).containsExactly("import");
  }

  @Test
  void a_wrong_or_missing_write_key_gets_401_with_a_json_error_and_nothing_is_stored()
      throws Exception {
    String call = "{\"userId\":\"u\",\"event\":\"e\"}";

    HttpResponse<String> wrong =
        post("/v1/track", call, "Authorization", Requests.basic("wk_stolen"));
    HttpResponse<String> missing = post("/v1/track", call, "Content-Type", "application/json");

    assertThat(wrong.statusCode()).isEqualTo(401);
    JsonNode error = Json.tree(wrong.body());
    assertThat(error.get("statusCode").intValue()).isEqualTo(401);
    assertThat(error.get("message").stringValue())
        .isEqualTo("the write key is not one this source accepts");
    assertThat(error.get("validations").get(0).get("path").toString())
        .isEqualTo("[\"headers\",\"Authorization\"]");
    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(gateway.events()).isEmpty();
  }

  @Test
  void malformed_json_or_an_invalid_call_gets_400_and_nothing_is_stored() throws Exception {
    HttpResponse<String> malformed =
        post("/v1/batch", "{\"batch\":[{\"type\":\"track\",", "Authorization", Requests.basic(KEY));
    HttpResponse<String> invalid =
        post(
            "/v1/batch",
            "{\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"ok\"},"
                + "{\"type\":\"alias\",\"userId\":\"u\"}]}",
            "Authorization",
            Requests.basic(KEY));

    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(Json.tree(malformed.body()).get("message").stringValue())
        .isEqualTo("request body is not valid JSON");
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(Json.tree(invalid.body()).get("validations").get(0).get("path").toString())
        .isEqualTo("[\"body\",\"batch\",\"1\",\"previousId\"]");
    assertThat(gateway.events()).as("not even the valid call of the batch").isEmpty();
  }

  @Test
  void oversized_calls_and_batches_get_413_and_nothing_is_stored() throws Exception {
    String big = "x".repeat(SegmentSource.MAX_CALL_BYTES);
    String bigCall = "{\"userId\":\"u\",\"event\":\"e\",\"properties\":{\"p\":\"" + big + "\"}}";
    // Twenty calls of 30 KB: each within the call limit, 600 KB together.
    String item =
        "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"e\",\"properties\":{\"p\":\""
            + "y".repeat(30_000)
            + "\"}}";
    String bigBatch = "{\"batch\":[" + String.join(",", Collections.nCopies(20, item)) + "]}";

    HttpResponse<String> call = post("/v1/track", bigCall, "Authorization", Requests.basic(KEY));
    HttpResponse<String> batch =
        post(
            "/v1/batch",
            Requests.gzip(bigBatch.getBytes(StandardCharsets.UTF_8)),
            "Authorization",
            Requests.basic(KEY),
            "Content-Encoding",
            "gzip");

    assertThat(call.statusCode()).isEqualTo(413);
    assertThat(batch.statusCode()).isEqualTo(413);
    assertThat(Json.tree(batch.body()).get("message").stringValue())
        .isEqualTo(
            "request body is larger than the 512000 bytes a batch may have once decompressed");
    assertThat(gateway.events()).isEmpty();
  }
}
