package dev.blacksmith.destination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ContractTest {

  @Test
  void defaults_are_not_realtime_every_hour_with_72_retries() {
    assertThat(Defaults.SCHEDULE).isEqualTo(new Schedule(false, "@every 1h", 72));
    assertThat(Defaults.OPTIONS.defaultSchedule()).isEqualTo(Defaults.SCHEDULE);
    assertThat(Defaults.OPTIONS.isVersioned()).isFalse();
  }

  @Test
  void interface_names_are_those_of_the_original() {
    assertThat(Destination.INTERFACE_DESTINATION).isEqualTo("destination");
    assertThat(Action.INTERFACE_ACTION).isEqualTo("destination/action");
  }

  @Test
  void schedules_merge_field_by_field() {
    Schedule action = new Schedule(true, null, null);
    Schedule destination = new Schedule(null, "@every 5m", 3);
    assertThat(action.orElse(destination).orElse(Defaults.SCHEDULE))
        .isEqualTo(new Schedule(true, "@every 5m", 3));
    assertThat(new Schedule(null, null, 0).orElse(Defaults.SCHEDULE))
        .isEqualTo(new Schedule(false, "@every 1h", 0));
  }

  @Test
  void max_retries_stay_within_the_range_of_the_original() {
    assertThatThrownBy(() -> new Schedule(null, null, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Schedule(null, null, 65_536))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new Schedule(null, null, 65_535).maxRetries()).isEqualTo(65_535);
  }

  @Test
  void force_discard_requires_an_error() {
    assertThatThrownBy(() ->
            new Then(
                java.util.List.of(),
                null,
                true,
                java.util.List.of(),
                java.util.List.of(),
                java.util.List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("forceDiscard requires an error");
    Then t = Then.discarded(new IllegalStateException("x")).forJobs("a", "b");
    assertThat(t.forceDiscard()).isTrue();
    assertThat(t.jobs()).containsExactly("a", "b");
    assertThat(Then.succeeded().isForWholeQueue()).isTrue();
  }

  @Test
  void the_default_version_must_be_a_declared_version() {
    assertThatThrownBy(() -> Options.builder().version("v1").defaultVersion("v2").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("defaultVersion 'v2' is not one of the versions");
    Options o =
        Options.builder()
            .version("v1", Instant.parse("2025-01-01T00:00:00Z"))
            .version("v2")
            .defaultVersion("v2")
            .build();
    assertThat(o.versions().get("v2")).isEqualTo(Options.MAINTAINED);
  }

  @Test
  void a_job_needs_data_and_inherits_context_and_version_when_unset() {
    Job job = Job.of(java.util.Map.of("email", "a@b.c"));
    assertThat(job.data()).isEqualTo("{\"email\":\"a@b.c\"}");
    assertThat(job.context()).isNull();
    assertThat(job.version()).isNull();
    assertThatThrownBy(() -> new Job(null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
