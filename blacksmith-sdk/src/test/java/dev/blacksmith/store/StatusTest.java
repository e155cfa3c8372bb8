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
  void the_table_allows_the_load_cycle_reclaims_and_operator_actions_and_nothing_else() {
    assertThat(ACKNOWLEDGED.next()).containsExactlyInAnyOrder(AWAITING, DISCARDED);
    assertThat(FAILED.next()).containsExactlyInAnyOrder(AWAITING, ACKNOWLEDGED, DISCARDED);
    assertThat(DISCARDED.next()).containsExactly(ACKNOWLEDGED);
    assertThat(UNKNOWN.next()).containsExactlyInAnyOrder(ACKNOWLEDGED, DISCARDED);
    assertThat(SUCCEEDED.next()).isEmpty();
    assertThat(AWAITING.next()).containsExactlyInAnyOrder(EXECUTING, AWAITING);
    assertThat(EXECUTING.next())
        .containsExactlyInAnyOrder(SUCCEEDED, FAILED, DISCARDED, UNKNOWN, AWAITING);
    assertThat(SUCCEEDED.isFinal()).isTrue();
    assertThat(DISCARDED.isFinal()).isTrue();
    assertThat(UNKNOWN.isFinal()).isTrue();
    assertThat(FAILED.isFinal()).isFalse();
    assertThat(ACKNOWLEDGED.isFinal()).isFalse();
  }

  @Test
  void an_operator_retries_failed_discarded_or_unknown_jobs_back_to_acknowledged() {
    assertThat(Status.retryable()).containsExactlyInAnyOrder(FAILED, DISCARDED, UNKNOWN);
    for (Status s : Status.values()) {
      assertThat(Status.isAllowed(s, ACKNOWLEDGED)).isEqualTo(Status.retryable().contains(s));
    }
  }

  @Test
  void an_operator_discards_acknowledged_failed_or_unknown_jobs() {
    assertThat(Status.discardable()).containsExactlyInAnyOrder(ACKNOWLEDGED, FAILED, UNKNOWN);
    for (Status s : Status.discardable()) {
      assertThat(Status.isAllowed(s, DISCARDED)).isTrue();
    }
    assertThat(Status.isAllowed(SUCCEEDED, DISCARDED)).isFalse();
    assertThat(Status.isAllowed(AWAITING, DISCARDED)).isFalse();
    assertThat(Status.isAllowed(DISCARDED, DISCARDED)).isFalse();
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
