package dev.blacksmith.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsEnvironmentTest {

  @Test
  void durations_of_the_scheduler_come_from_the_environment_in_short_or_iso_form() {
    Options options =
        Options.builder()
            .environment(
                Map.of(
                    "BLACKSMITH_SWEEP_INTERVAL", "2s",
                    "BLACKSMITH_REALTIME_LINGER", "PT0.025S",
                    "BLACKSMITH_LEASE_DURATION", "10m"))
            .build();

    assertThat(options.sweepInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(options.realtimeLinger()).isEqualTo(Duration.ofMillis(25));
    assertThat(options.leaseDuration()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void the_realtime_linger_defaults_to_ten_milliseconds_and_may_be_turned_off_from_java() {
    assertThat(Options.builder().build().realtimeLinger()).isEqualTo(Duration.ofMillis(10));
    assertThat(Options.builder().realtimeLinger(Duration.ZERO).build().realtimeLinger()).isZero();
  }

  @Test
  void a_malformed_or_negative_linger_is_refused_naming_the_variable() {
    assertThatThrownBy(
            () -> Options.builder().environment(Map.of("BLACKSMITH_REALTIME_LINGER", "soon")))
        .hasMessageContaining("BLACKSMITH_REALTIME_LINGER");
    assertThatThrownBy(() -> Options.builder().realtimeLinger(Duration.ofMillis(-1)))
        .hasMessageContaining("realtimeLinger");
  }
}
