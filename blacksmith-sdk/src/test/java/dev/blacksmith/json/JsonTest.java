package dev.blacksmith.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void valid_json_is_returned_unchanged() {
    String json = "{\"a\":[1,\"two\",{\"b\":null}]}";
    assertThat(Json.requireValid(json, "data")).isSameAs(json);
  }

  @Test
  void invalid_or_empty_json_is_refused_naming_what_it_was() {
    assertThatThrownBy(() -> Json.requireValid("{oops", "event data"))
        .isInstanceOf(Json.JsonException.class)
        .hasMessageStartingWith("event data is not valid JSON");
    assertThatThrownBy(() -> Json.requireValid("", "job data"))
        .isInstanceOf(Json.JsonException.class)
        .hasMessageContaining("job data");
  }

  @Test
  void a_nul_character_in_a_string_a_field_name_or_an_array_is_refused() {
    for (String json :
        new String[] {
          "{\"text\":\"a\\u0000b\"}", "{\"a\\u0000\":1}", "[\"x\",[\"\\u0000\"]]", "\"\\u0000\""
        }) {
      assertThatThrownBy(() -> Json.requireValid(json, "event data"))
          .as(json)
          .isInstanceOf(Json.NulCharacterException.class)
          .hasMessage(
              "event data contains the NUL character (\\u0000), which Blacksmith does not store");
    }
  }

  @Test
  void an_escaped_backslash_before_u0000_is_not_a_nul_character() {
    String json = "{\"path\":\"C:\\\\u0000\"}";
    assertThat(Json.requireValid(json, "data")).isSameAs(json);
  }
}
