package dev.blacksmith.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blacksmith.server.TestApp.Answer;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class GatewayServiceTest {

  private static final int MAX_BODY = 1024;

  @TempDir Path dir;
  private TestApp app;

  @BeforeEach
  void start() {
    app = TestApp.start(dir, b -> b.maxBodyBytes(MAX_BODY));
  }

  @AfterEach
  void stop() {
    app.close();
  }

  @Test
  void accepted_event_answers_202_with_its_ids_and_is_readable_in_the_admin_api() {
    Answer answer =
        app.send(
            HttpRequest.newBuilder(TestApp.uri(app.gateway(), "/shop/acme/orders?ref=newsletter"))
                .header("Content-Type", "application/json")
                .header("X-Request-Id", "req-42")
                .POST(BodyPublishers.ofString("{\"id\":\"o-1\",\"total\":12}")));

    assertThat(answer.status()).isEqualTo(202);
    JsonNode json = answer.json();
    assertThat(json.path("statusCode").asInt()).isEqualTo(202);
    assertThat(json.path("message").asString()).isEqualTo("Accepted");
    JsonNode meta = json.path("meta");
    String eventId = meta.path("event_id").asString();
    assertThat(eventId).isNotBlank();
    List<String> jobIds = strings(meta.path("job_ids"));
    assertThat(jobIds).hasSize(2);
    assertThat(meta.path("sub_events").isArray()).isTrue();
    assertThat(meta.path("sub_events")).isEmpty();
    assertThat(meta.path("rejected")).isEmpty();
    assertThat(json.path("data").path("id").asString()).isEqualTo("o-1");
    assertThat(json.path("data").path("total").asInt()).isEqualTo(12);

    JsonNode event = app.get(app.scheduler(), "/admin/api/store/events/" + eventId).json();
    assertThat(event.path("statusCode").asInt()).isEqualTo(200);
    JsonNode data = event.path("data");
    assertThat(data.path("id").asString()).isEqualTo(eventId);
    assertThat(data.path("source").asString()).isEqualTo("shop");
    assertThat(data.path("trigger").asString()).isEqualTo("orders");
    assertThat(data.path("version").asString()).isEqualTo("v1");
    assertThat(data.path("data").isObject()).as("data is JSON, not a string").isTrue();
    assertThat(data.path("data").path("total").asInt()).isEqualTo(12);
    JsonNode context = data.path("context");
    assertThat(context.path("tenant").asString()).isEqualTo("acme");
    assertThat(context.path("ref").asString()).isEqualTo("newsletter");
    assertThat(context.path("request_id").asString()).isEqualTo("req-42");
    assertThat(context.path("method").asString()).isEqualTo("POST");
    assertThat(data.path("received_at").asString()).isEqualTo(TestApp.T0.toString());
    List<String> storedJobIds = new ArrayList<>();
    data.path("jobs").forEach(j -> storedJobIds.add(j.path("id").asString()));
    assertThat(storedJobIds).containsExactlyInAnyOrderElementsOf(jobIds);

    for (String jobId : jobIds) {
      JsonNode job = app.get(app.scheduler(), "/admin/api/store/jobs/" + jobId).json();
      assertThat(job.path("data").path("event_id").asString()).isEqualTo(eventId);
      assertThat(job.path("data").path("destination").asString()).isEqualTo("warehouse");
      assertThat(job.path("data").path("data").path("id").asString()).isEqualTo("o-1");
    }
  }

  @Test
  void requests_are_handled_on_virtual_threads() {
    // The engine runs an HTTP trigger's extract in the caller's thread, the HTTP handler's.
    assertThat(app.post(app.gateway(), "/shop/acme/orders", "{\"id\":\"o-1\"}").status())
        .isEqualTo(202);

    assertThat(app.shop.lastExtractOnVirtualThread).isTrue();
  }

  @Test
  void every_method_of_a_route_is_mounted() {
    Answer answer =
        app.send(
            HttpRequest.newBuilder(TestApp.uri(app.gateway(), "/shop/acme/orders"))
                .PUT(BodyPublishers.ofString("{\"id\":\"o-put\"}")));

    assertThat(answer.status()).isEqualTo(202);
    String eventId = answer.json().path("meta").path("event_id").asString();
    JsonNode event = app.get(app.scheduler(), "/admin/api/store/events/" + eventId).json();
    assertThat(event.path("data").path("context").path("method").asString()).isEqualTo("PUT");
  }

  @Test
  void route_without_meta_and_data_answers_only_its_status_and_message() {
    Answer answer = app.post(app.gateway(), "/shop/quiet", "{\"id\":\"q-1\"}");

    assertThat(answer.status()).isEqualTo(202);
    assertThat(answer.json().propertyNames()).containsExactly("statusCode", "message");
    assertThat(app.storedEvents()).isEqualTo(1);
  }

  @Test
  void request_a_trigger_extracts_no_event_from_answers_202_and_stores_nothing() {
    Answer answer = app.post(app.gateway(), "/shop/acme/orders", "{\"skip\":true}");

    assertThat(answer.status()).isEqualTo(202);
    assertThat(answer.json().toString()).isEqualTo("{\"statusCode\":202,\"message\":\"Accepted\"}");
    assertThat(app.storedEvents()).isZero();
  }

  @Test
  void malformed_json_answers_400_and_stores_nothing() {
    Answer answer = app.post(app.gateway(), "/shop/acme/orders", "{\"id\": \"o-1\", ");

    assertThat(answer.status()).isEqualTo(400);
    JsonNode json = answer.json();
    assertThat(json.path("statusCode").asInt()).isEqualTo(400);
    assertThat(json.path("message").asString()).isNotBlank();
    assertThat(json.path("validations").get(0).path("path").get(0).asString()).isEqualTo("body");
    assertThat(app.storedEvents()).isZero();
    assertThat(app.storedJobs()).isZero();
  }

  @Test
  void refused_input_answers_with_the_triggers_status_and_validations() {
    Answer answer = app.post(app.gateway(), "/shop/acme/orders", "{\"total\":3}");

    assertThat(answer.status()).isEqualTo(400);
    JsonNode json = answer.json();
    assertThat(json.path("message").asString()).isEqualTo("id is required");
    assertThat(json.path("validations")).hasSize(1);
    JsonNode validation = json.path("validations").get(0);
    assertThat(validation.path("message").asString()).isEqualTo("id is required");
    assertThat(strings(validation.path("path"))).containsExactly("body", "id");
    assertThat(app.storedEvents()).isZero();
  }

  @Test
  void body_over_the_limit_by_content_length_answers_413_and_stores_nothing() {
    Answer answer = app.post(app.gateway(), "/shop/acme/orders", order(MAX_BODY + 1));

    assertThat(answer.status()).isEqualTo(413);
    assertThat(answer.json().path("statusCode").asInt()).isEqualTo(413);
    assertThat(answer.json().path("validations").get(0).path("message").asString())
        .contains(Integer.toString(MAX_BODY));
    assertThat(app.storedEvents()).isZero();
    assertThat(app.storedJobs()).isZero();
  }

  @Test
  void chunked_body_over_the_limit_answers_413_and_stores_nothing() {
    Answer answer = app.send(chunked(order(MAX_BODY + 1)));

    assertThat(answer.status()).isEqualTo(413);
    assertThat(app.storedEvents()).isZero();
    assertThat(app.storedJobs()).isZero();
  }

  @Test
  void chunked_body_within_the_limit_is_accepted() {
    Answer answer = app.send(chunked(order(MAX_BODY)));

    assertThat(answer.status()).isEqualTo(202);
    assertThat(app.storedEvents()).isEqualTo(1);
  }

  @Test
  void unknown_route_answers_404_with_the_error_shape() {
    Answer answer = app.get(app.gateway(), "/nowhere");

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(answer.json().toString())
        .isEqualTo("{\"statusCode\":404,\"message\":\"Not Found\",\"validations\":[]}");
  }

  @Test
  void known_path_with_a_wrong_method_answers_405_with_the_error_shape() {
    Answer answer = app.get(app.gateway(), "/shop/acme/orders");

    assertThat(answer.status()).isEqualTo(405);
    assertThat(answer.json().toString())
        .isEqualTo("{\"statusCode\":405,\"message\":\"Method Not Allowed\",\"validations\":[]}");
  }

  @Test
  void failing_trigger_answers_500_without_leaking_the_cause_and_stores_nothing() {
    Answer answer = app.post(app.gateway(), "/shop/acme/orders", "{\"id\":\"o-1\",\"boom\":true}");

    assertThat(answer.status()).isEqualTo(500);
    assertThat(answer.json().toString())
        .isEqualTo("{\"statusCode\":500,\"message\":\"Internal Server Error\",\"validations\":[]}");
    assertThat(answer.body()).doesNotContain("secret");
    assertThat(app.storedEvents()).isZero();
  }

  @Test
  void action_that_cannot_marshal_is_reported_as_rejected_and_the_others_are_stored() {
    Answer answer =
        app.post(app.gateway(), "/shop/acme/orders", "{\"id\":\"o-1\",\"broken\":true}");

    assertThat(answer.status()).isEqualTo(202);
    JsonNode meta = answer.json().path("meta");
    assertThat(meta.path("job_ids")).hasSize(2);
    assertThat(meta.path("rejected")).hasSize(1);
    JsonNode rejected = meta.path("rejected").get(0);
    assertThat(rejected.path("destination").asString()).isEqualTo("warehouse");
    assertThat(rejected.path("action").asString()).isEqualTo("broken");
    assertThat(rejected.path("message").asString()).isNotBlank();
    assertThat(app.storedJobs()).isEqualTo(2);
  }

  @Test
  void health_answers_ok_on_both_services() {
    Answer gateway = app.get(app.gateway(), "/_health");
    Answer scheduler = app.get(app.scheduler(), "/_health");

    assertThat(gateway.status()).isEqualTo(200);
    assertThat(gateway.json().toString())
        .isEqualTo(
            "{\"statusCode\":200,\"message\":\"OK\",\"data\":{\"service\":\"gateway\",\"version\":\""
                + dev.blacksmith.engine.Blacksmith.VERSION
                + "\"}}");
    assertThat(scheduler.status()).isEqualTo(200);
    assertThat(scheduler.json().path("data").path("service").asString()).isEqualTo("scheduler");
  }

  @Test
  void health_answers_503_once_blacksmith_is_closed() {
    app.blacksmith.close();

    Answer gateway = app.get(app.gateway(), "/_health");
    Answer scheduler = app.get(app.scheduler(), "/_health");

    assertThat(gateway.status()).isEqualTo(503);
    assertThat(gateway.json().path("statusCode").asInt()).isEqualTo(503);
    assertThat(gateway.json().path("data").path("service").asString()).isEqualTo("gateway");
    assertThat(scheduler.status()).isEqualTo(503);
  }

  /** A valid order of exactly {@code size} bytes. */
  private static String order(int size) {
    String head = "{\"id\":\"o-big\",\"pad\":\"";
    String tail = "\"}";
    return head + "x".repeat(size - head.length() - tail.length()) + tail;
  }

  /** A POST whose body has no declared length, so it is sent in chunks. */
  private HttpRequest.Builder chunked(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return HttpRequest.newBuilder(TestApp.uri(app.gateway(), "/shop/acme/orders"))
        .header("Content-Type", "application/json")
        .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)));
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(n -> values.add(n.asString()));
    return values;
  }
}
