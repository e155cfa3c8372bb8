package dev.blacksmith.testkit.authoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SettableClockTest {

  @Test
  void stands_still_until_moved() {
    SettableClock clock = SettableClock.at("2030-01-01T00:00:00Z");

    Instant first = clock.instant();
    assertThat(clock.instant()).isEqualTo(first).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
    clock.advance(Duration.ofSeconds(90));
    assertThat(clock.instant()).isEqualTo(Instant.parse("2030-01-01T00:01:30Z"));
    clock.set(Instant.parse("2029-12-31T23:00:00Z"));
    assertThat(clock.millis()).isEqualTo(Instant.parse("2029-12-31T23:00:00Z").toEpochMilli());
    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
  }

  @Test
  void going_back_needs_set_not_a_negative_advance() {
    SettableClock clock = new SettableClock(Instant.EPOCH);

    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_zoned_view_moves_with_the_clock() {
    SettableClock clock = SettableClock.at("2030-01-01T00:00:00Z");
    Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));

    clock.advance(Duration.ofHours(1));

    assertThat(paris.instant()).isEqualTo(Instant.parse("2030-01-01T01:00:00Z"));
    assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
  }
}
