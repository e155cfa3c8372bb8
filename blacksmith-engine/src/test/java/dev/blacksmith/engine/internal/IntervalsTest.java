package dev.blacksmith.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class IntervalsTest {

  @Property
  void every_duration_written_in_hours_minutes_and_seconds_parses_back_to_itself(
      @ForAll @IntRange(min = 0, max = 500) int h,
      @ForAll @IntRange(min = 0, max = 59) int m,
      @ForAll @IntRange(min = 1, max = 59) int s) {
    Duration expected = Duration.ofHours(h).plusMinutes(m).plusSeconds(s);
    assertThat(Intervals.parseDuration(h + "h" + m + "m" + s + "s")).isEqualTo(expected);
    Instant t = Instant.parse("2026-03-01T00:00:00Z");
    assertThat(Intervals.parse("@every " + h + "h" + m + "m" + s + "s").next(t))
        .isEqualTo(t.plus(expected));
  }

  @Property
  void the_next_cron_run_is_always_strictly_later_and_on_a_whole_minute(
      @ForAll @IntRange(min = 0, max = 2_000_000_000) int seconds) {
    Instant t = Instant.ofEpochSecond(seconds);
    Instant next = Intervals.parse("*/15 * * * *").next(t);
    assertThat(next).isAfter(t);
    assertThat(next.getEpochSecond() % (15 * 60)).isZero();
    assertThat(Duration.between(t, next)).isLessThanOrEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void shortcuts_and_unit_mixes_are_understood() {
    Instant t = Instant.parse("2026-03-01T10:30:00Z");
    assertThat(Intervals.parse("@hourly").next(t)).isEqualTo(Instant.parse("2026-03-01T11:00:00Z"));
    assertThat(Intervals.parse("@daily").next(t)).isEqualTo(Instant.parse("2026-03-02T00:00:00Z"));
    assertThat(Intervals.parseDuration("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Intervals.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Intervals.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void cron_is_evaluated_in_utc_so_daylight_saving_changes_neither_skip_nor_double_runs() {
    // 2026-03-29 01:00 UTC is when Europe moves clocks forward; UTC has no gap.
    Instant before = Instant.parse("2026-03-29T01:30:00Z");
    assertThat(Intervals.parse("30 2 * * *").next(before))
        .isEqualTo(Instant.parse("2026-03-29T02:30:00Z"));
  }

  @Test
  void malformed_schedules_are_refused_with_what_is_accepted() {
    assertThatThrownBy(() -> Intervals.parse("@every"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("10s");
    assertThatThrownBy(() -> Intervals.parse("@every 5 minutes"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Intervals.parse("61 * * * *"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("five-field CRON");
    assertThatThrownBy(() -> Intervals.parseDuration("0s"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
  }
}
