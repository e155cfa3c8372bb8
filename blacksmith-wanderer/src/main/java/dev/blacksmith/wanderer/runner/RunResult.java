package dev.blacksmith.wanderer.runner;

import dev.blacksmith.spi.wanderer.MigrationRecord;
import dev.blacksmith.spi.wanderer.Scope;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a run or a rollback did.
 *
 * @param completed the migrations that succeeded, in the order they ran
 * @param failure why it stopped early, or {@code null} when every step succeeded
 */
public record RunResult(List<MigrationRecord> completed, @Nullable Failure failure) {

  public RunResult {
    completed = List.copyOf(completed);
  }

  /** Whether every step succeeded. */
  public boolean succeeded() {
    return failure == null;
  }

  /**
   * Why a run stopped.
   *
   * @param scope the scope it stopped in, or {@code null} when it stopped before any
   * @param migration the migration that failed, as the wanderer has it now, or {@code null} when
   *     the run stopped outside a migration (a lock held elsewhere, an init hook that failed)
   * @param message what happened, for an operator
   */
  public record Failure(
      @Nullable Scope scope, @Nullable MigrationRecord migration, String message) {}
}
