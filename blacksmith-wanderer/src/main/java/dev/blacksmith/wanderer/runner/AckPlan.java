package dev.blacksmith.wanderer.runner;

import dev.blacksmith.spi.wanderer.NewMigration;
import java.util.List;

/**
 * What an acknowledgement would register, for an operator to confirm before it happens.
 *
 * @param added migrations the components declare and the wanderer does not know yet
 * @param refreshed migrations the wanderer knows, not applied, whose name or up script changed:
 *     their next run uses the script as it is now
 * @param problems what prevents acknowledging anything, such as a component whose migrations cannot
 *     be read
 * @param notes what the operator should know, such as an applied migration whose script changed
 */
public record AckPlan(
    List<NewMigration> added,
    List<NewMigration> refreshed,
    List<String> problems,
    List<String> notes) {

  public AckPlan {
    added = List.copyOf(added);
    refreshed = List.copyOf(refreshed);
    problems = List.copyOf(problems);
    notes = List.copyOf(notes);
  }

  /** Whether it has no problems. */
  public boolean isRunnable() {
    return problems.isEmpty();
  }

  /** Whether there is nothing to register. */
  public boolean isEmpty() {
    return added.isEmpty() && refreshed.isEmpty();
  }
}
