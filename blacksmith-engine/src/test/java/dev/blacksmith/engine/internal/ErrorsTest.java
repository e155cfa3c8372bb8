package dev.blacksmith.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blacksmith.destination.ErrorDetails;
import dev.blacksmith.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ErrorsTest {

  static class Refused extends RuntimeException implements ErrorDetails {
    private static final long serialVersionUID = 1L;
    private final transient Map<String, Object> details;

    Refused(Map<String, Object> details) {
      super("HTTP 503 from POST https://hooks.example.com");
      this.details = details;
    }

    @Override
    public Map<String, Object> details() {
      return details;
    }
  }

  @Test
  void details_of_an_error_are_stored_next_to_its_message_which_they_cannot_replace() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("status", 503);
    details.put("retry_after", "30s");
    details.put("message", "not this one");

    JsonNode json = Json.tree(Errors.toJson(new Refused(details)));

    assertThat(json.get("message").asString()).contains("HTTP 503");
    assertThat(json.get("status").asInt()).isEqualTo(503);
    assertThat(json.get("retry_after").asString()).isEqualTo("30s");
  }

  @Test
  void details_that_fail_leave_the_error_itself_stored() {
    Refused refused =
        new Refused(Map.of()) {
          private static final long serialVersionUID = 1L;

          @Override
          public Map<String, Object> details() {
            throw new IllegalStateException("response already closed");
          }
        };

    JsonNode json = Json.tree(Errors.toJson(refused));

    assertThat(json.get("message").asString()).contains("HTTP 503");
    assertThat(json.get("details_error").asString()).contains("response already closed");
  }
}
