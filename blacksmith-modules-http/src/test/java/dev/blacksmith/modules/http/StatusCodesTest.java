package dev.blacksmith.modules.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatusCodesTest {

  @Test
  void codes_ranges_and_classes_combine() {
    StatusCodes codes = StatusCodes.parse("408, 429, 5xx, 300-302");

    assertThat(codes.contains(408)).isTrue();
    assertThat(codes.contains(429)).isTrue();
    assertThat(codes.contains(500)).isTrue();
    assertThat(codes.contains(599)).isTrue();
    assertThat(codes.contains(301)).isTrue();
    assertThat(codes.contains(303)).isFalse();
    assertThat(codes.contains(400)).isFalse();
    assertThat(codes.contains(200)).isFalse();
    assertThat(codes.contains(999)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"2xx", "408, 429, 5xx", "200, 202", "301-303, 4xx", "450-599", "100, 599"})
  void the_canonical_text_parses_back_to_the_same_set(String text) {
    StatusCodes codes = StatusCodes.parse(text);

    assertThat(StatusCodes.parse(codes.toString())).isEqualTo(codes);
  }

  @Test
  void whole_classes_are_written_as_classes() {
    assertThat(StatusCodes.parse("500-599, 408, 429").toString()).isEqualTo("408, 429, 5xx");
    assertThat(StatusCodes.parse("450-599").toString()).isEqualTo("450-499, 5xx");
    assertThat(StatusCodes.parse(" ").isEmpty()).isTrue();
  }

  @Test
  void bad_parts_are_named() {
    assertThatThrownBy(() -> StatusCodes.parse("408, teapot"))
        .hasMessageContaining("'teapot'")
        .hasMessageContaining("class (5xx)");
    assertThatThrownBy(() -> StatusCodes.parse("700"))
        .hasMessageContaining("not between 100 and 599");
    assertThatThrownBy(() -> StatusCodes.parse("504-500"))
        .hasMessageContaining("ends before it starts");
    assertThatThrownBy(() -> StatusCodes.parse("6xx")).hasMessageContaining("'6xx'");
  }
}
