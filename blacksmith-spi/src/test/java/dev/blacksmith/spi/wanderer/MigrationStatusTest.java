package dev.blacksmith.spi.wanderer;

import static dev.blacksmith.spi.wanderer.MigrationStatus.ACKNOWLEDGED;
import static dev.blacksmith.spi.wanderer.MigrationStatus.DISCARDED;
import static dev.blacksmith.spi.wanderer.MigrationStatus.EXECUTING_DOWN;
import static dev.blacksmith.spi.wanderer.MigrationStatus.EXECUTING_UP;
import static dev.blacksmith.spi.wanderer.MigrationStatus.FAILED_DOWN;
import static dev.blacksmith.spi.wanderer.MigrationStatus.FAILED_UP;
import static dev.blacksmith.spi.wanderer.MigrationStatus.SUCCEEDED_DOWN;
import static dev.blacksmith.spi.wanderer.MigrationStatus.SUCCEEDED_UP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blacksmith.wanderer.Direction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MigrationStatusTest {

  /** The table of the specification, written out edge by edge. */
  private static final List<String> TABLE =
      List.of(
          "(none) -> acknowledged",
          "acknowledged -> executing(up)",
          "acknowledged -> discarded",
          "executing(up) -> succeeded(up)",
          "executing(up) -> failed(up)",
          "failed(up) -> executing(up)",
          "failed(up) -> discarded",
          "succeeded(up) -> executing(down)",
          "executing(down) -> succeeded(down)",
          "executing(down) -> failed(down)",
          "failed(down) -> executing(down)",
          "failed(down) -> discarded",
          "succeeded(down) -> executing(up)",
          "succeeded(down) -> discarded");

  @Test
  void the_allowed_transitions_are_exactly_the_table() {
    List<String> allowed = new ArrayList<>();
    List<MigrationStatus> befores = new ArrayList<>();
    befores.add(null);
    befores.addAll(Arrays.asList(MigrationStatus.values()));
    for (MigrationStatus before : befores) {
      for (MigrationStatus after : MigrationStatus.values()) {
        if (MigrationStatus.isAllowed(before, after)) {
          allowed.add((before == null ? "(none)" : before.value()) + " -> " + after.value());
        }
      }
    }

    assertThat(allowed).containsExactlyInAnyOrderElementsOf(TABLE);
  }

  @Test
  void a_transition_outside_the_table_is_refused_naming_both_statuses() {
    assertThatThrownBy(() -> MigrationStatus.checkAllowed(SUCCEEDED_UP, DISCARDED))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("migration status cannot go from succeeded(up) to discarded");
    assertThatThrownBy(() -> MigrationStatus.checkAllowed(null, EXECUTING_UP))
        .hasMessage("migration status cannot go from (none) to executing(up)");
  }

  @Test
  void discarded_is_final() {
    assertThat(DISCARDED.next()).isEmpty();
  }

  @Test
  void runnable_rollbackable_and_discardable_follow_the_table() {
    assertThat(statusesWhere(MigrationStatus::isRunnable))
        .containsExactlyInAnyOrder(ACKNOWLEDGED, FAILED_UP, SUCCEEDED_DOWN);
    assertThat(statusesWhere(MigrationStatus::isRollbackable))
        .containsExactlyInAnyOrder(SUCCEEDED_UP, FAILED_DOWN);
    assertThat(statusesWhere(MigrationStatus::isDiscardable))
        .containsExactlyInAnyOrder(ACKNOWLEDGED, FAILED_UP, FAILED_DOWN, SUCCEEDED_DOWN);
    assertThat(statusesWhere(MigrationStatus::isExecuting))
        .containsExactlyInAnyOrder(EXECUTING_UP, EXECUTING_DOWN);
  }

  @Test
  void statuses_of_a_direction_carry_it() {
    for (Direction d : Direction.values()) {
      assertThat(MigrationStatus.executing(d).direction()).isEqualTo(d);
      assertThat(MigrationStatus.succeeded(d).direction()).isEqualTo(d);
      assertThat(MigrationStatus.failed(d).direction()).isEqualTo(d);
    }
    assertThat(ACKNOWLEDGED.direction()).isNull();
    assertThat(DISCARDED.direction()).isNull();
  }

  @Test
  void statuses_are_read_in_both_spellings_in_any_case() {
    assertThat(MigrationStatus.of("succeeded(up)")).isEqualTo(SUCCEEDED_UP);
    assertThat(MigrationStatus.of(" Failed(Down) ")).isEqualTo(FAILED_DOWN);
    assertThat(MigrationStatus.of("executing_down")).isEqualTo(EXECUTING_DOWN);
    assertThat(MigrationStatus.of("ACKNOWLEDGED")).isEqualTo(ACKNOWLEDGED);
    for (MigrationStatus s : MigrationStatus.values()) {
      assertThat(MigrationStatus.of(s.value())).isEqualTo(s);
      assertThat(s.toString()).isEqualTo(s.value());
    }
  }

  @Test
  void an_unknown_status_is_refused_with_the_list_of_statuses() {
    assertThatThrownBy(() -> MigrationStatus.of("running"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown migration status 'running'")
        .hasMessageContaining("acknowledged, executing(up), executing(down)");
  }

  private static Set<MigrationStatus> statusesWhere(
      java.util.function.Predicate<MigrationStatus> test) {
    Set<MigrationStatus> found = EnumSet.noneOf(MigrationStatus.class);
    for (MigrationStatus s : MigrationStatus.values()) {
      if (test.test(s)) {
        found.add(s);
      }
    }
    return found;
  }
}
