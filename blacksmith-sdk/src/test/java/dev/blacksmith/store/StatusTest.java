package dev.blacksmith.store;

import static dev.blacksmith.store.Status.ACKNOWLEDGED;
import static dev.blacksmith.store.Status.AWAITING;
import static dev.blacksmith.store.Status.DISCARDED;
import static dev.blacksmith.store.Status.EXECUTING;
import static dev.blacksmith.store.Status.FAILED;
import static dev.blacksmith.store.Status.SUCCEEDED;
import static dev.blacksmith.store.Status.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StatusTest {

  @Test
  void statuses_are_exactly_the_seven_of_the_contract_with_lowercase_names() {
    assertThat(Arrays.stream(Status.values()).map(Status::value))
        .containsExactly(
            "acknowledged", "awaiting", "executing", "succeeded", "failed", "discarded", "unknown");
    assertThat(Status.of("Failed")).isEqualTo(FAILED);
    assertThatThrownBy(() -> Status.of("done"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown job status 'done'");
  }

  @Test
  void a_new_job_can_only_be_acknowledged() {
    for (Status s : Status.values()) {
      assertThat(Status.isAllowed(null, s)).isEqualTo(s == ACKNOWLEDGED);
    }
  }

  @Test
  void the_table_allows_the_load_cycle_and_reclaims_and_nothing_else() {
    assertThat(ACKNOWLEDGED.next()).containsExactly(AWAITING);
    assertThat(FAILED.next()).containsExactly(AWAITING);
    assertThat(AWAITING.next()).containsExactlyInAnyOrder(EXECUTING, AWAITING);
    assertThat(EXECUTING.next())
        .containsExactlyInAnyOrder(SUCCEEDED, FAILED, DISCARDED, UNKNOWN, AWAITING);
    assertThat(SUCCEEDED.isFinal()).isTrue();
    assertThat(DISCARDED.isFinal()).isTrue();
    assertThat(UNKNOWN.isFinal()).isTrue();
  }

  @Test
  void a_forbidden_transition_is_refused_naming_both_statuses() {
    assertThatThrownBy(() -> Status.checkAllowed(SUCCEEDED, AWAITING))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("job status cannot go from succeeded to awaiting");
    assertThatThrownBy(() -> Status.checkAllowed(null, EXECUTING))
        .hasMessage("job status cannot go from (none) to executing");
  }
}
