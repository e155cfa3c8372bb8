package dev.blacksmith.wanderer.runner;

import dev.blacksmith.wanderer.Direction;
import java.util.List;

/**
 * What a run or a rollback would do, for an operator to confirm before it happens.
 *
 * @param direction up for a run, down for a rollback
 * @param steps the migrations to run, in order: per scope in the application's order, oldest first
 *     for a run, newest first for a rollback
 * @param problems what prevents running it at all, such as a migration that is not acknowledged or
 *     has no down script; a plan with problems runs nothing
 * @param notes what the operator should know but does not prevent it
 */
public record Plan(
    Direction direction, List<Step> steps, List<String> problems, List<String> notes) {

  public Plan {
    steps = List.copyOf(steps);
    problems = List.copyOf(problems);
    notes = List.copyOf(notes);
  }

  /** Whether it has no problems, so {@link MigrationRunner#execute} would run it. */
  public boolean isRunnable() {
    return problems.isEmpty();
  }

  /** Whether it has nothing to run. */
  public boolean isEmpty() {
    return steps.isEmpty();
  }
}
