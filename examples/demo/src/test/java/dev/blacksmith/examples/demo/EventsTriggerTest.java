package dev.blacksmith.examples.demo;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.blacksmith.json.Json;
import dev.blacksmith.source.Event;
import dev.blacksmith.source.ExtractException;
import dev.blacksmith.source.HttpRequest;
import dev.blacksmith.source.Toolkit;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class EventsTriggerTest {

  private static final Toolkit TOOLKIT = new Toolkit(LoggerFactory.getLogger("test"), null);

  private final EventsTrigger trigger = new EventsTrigger();

  private static HttpRequest post(String body, Map<String, List<String>> headers) {
    return new HttpRequest(
        "POST", "/demo/events", headers, Map.of(), Map.of(), body.getBytes(UTF_8));
  }

  private static HttpRequest post(String body) {
    return post(body, Map.of());
  }

  private ExtractException refused(String body) {
    return catchThrowableOfType(ExtractException.class, () -> trigger.extract(TOOLKIT, post(body)));
  }

  @Test
  void route_is_post_demo_events() {
    assertThat(trigger.route().methods()).containsExactly("POST");
    assertThat(trigger.route().path()).isEqualTo("/demo/events");
  }

  @Test
  void json_object_becomes_the_event_data_going_through_the_flow() throws Exception {
    Event event = trigger.extract(TOOLKIT, post("{ \"user\": \"ada\", \"n\": [1, 2] }"));

    assertThat(Json.tree(event.data())).isEqualTo(Json.tree("{\"user\":\"ada\",\"n\":[1,2]}"));
    assertThat(event.flows()).containsExactly(new ToFileAndWarehouse(event.data()));
    assertThat(event.actions().isEmpty()).isTrue();
    assertThat(event.sentAt()).isNull();
    assertThat(Json.tree(event.context())).isEqualTo(Json.tree("{}"));
  }

  @Test
  void user_agent_and_forwarded_client_ip_become_the_context() throws Exception {
    Event event =
        trigger.extract(
            TOOLKIT,
            post(
                "{}",
                Map.of(
                    "user-agent", List.of("curl/8.5.0"),
                    "X-Forwarded-For", List.of("203.0.113.7, 10.0.0.1"))));

    assertThat(Json.tree(event.context()))
        .isEqualTo(Json.tree("{\"user_agent\":\"curl/8.5.0\",\"ip\":\"203.0.113.7\"}"));
  }

  @Test
  void real_ip_header_is_used_when_there_is_no_forwarded_for() throws Exception {
    Event event =
        trigger.extract(TOOLKIT, post("{}", Map.of("X-Real-IP", List.of("198.51.100.2"))));

    assertThat(Json.tree(event.context())).isEqualTo(Json.tree("{\"ip\":\"198.51.100.2\"}"));
  }

  @Test
  void sent_at_field_becomes_the_event_sent_at() throws Exception {
    Event event = trigger.extract(TOOLKIT, post("{\"sent_at\":\"2025-03-01T11:00:00+01:00\"}"));

    assertThat(event.sentAt()).isEqualTo(Instant.parse("2025-03-01T10:00:00Z"));
  }

  @Test
  void sent_at_that_is_not_a_timestamp_is_refused_with_400_naming_the_field() {
    for (String body : List.of("{\"sent_at\":\"yesterday\"}", "{\"sent_at\":1700000000}")) {
      ExtractException e = refused(body);

      assertThat(e.statusCode()).isEqualTo(400);
      assertThat(e.validations())
          .singleElement()
          .satisfies(v -> assertThat(v.path()).containsExactly("body", "sent_at"));
    }
  }

  @Test
  void array_body_is_refused_with_400() {
    ExtractException e = refused("[{\"a\":1}]");

    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.getMessage()).isEqualTo("body must be a JSON object, got array");
    assertThat(e.validations())
        .singleElement()
        .satisfies(v -> assertThat(v.path()).containsExactly("body"));
  }

  @Test
  void number_body_is_refused_with_400() {
    ExtractException e = refused("42");

    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.getMessage()).isEqualTo("body must be a JSON object, got number");
  }

  @Test
  void malformed_json_is_refused_with_400() {
    ExtractException e = refused("{\"a\": ");

    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.validations()).isNotEmpty();
  }

  @Test
  void empty_body_is_refused_with_400() {
    assertThat(refused("").statusCode()).isEqualTo(400);
  }
}
