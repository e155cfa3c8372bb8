package dev.blacksmith.wanderer.runner;

import dev.blacksmith.spi.wanderer.MigrationRecord;
import dev.blacksmith.spi.wanderer.Scope;
import java.time.Duration;

/**
 * Hears what a runner does as it does it, such as the CLI printing progress. Every method does
 * nothing by default; implementations override what they need. Called on the runner's thread: keep
 * it quick, and do not throw.
 */
public interface MigrationListener {

  /** Hears nothing. */
  MigrationListener NONE = new MigrationListener() {};

  /** The runner holds the lock of {@code scope} and is about to run its migrations. */
  default void locked(Scope scope) {}

  /** Step {@code index} (1-based) of {@code total} starts. */
  default void started(Step step, int index, int total) {}

  /**
   * Step {@code index} of {@code total} ended: {@code migration}'s status says whether it succeeded
   * or failed (its latest transition then holds the error).
   */
  default void finished(
      Step step, MigrationRecord migration, Duration took, int index, int total) {}

  /**
   * A migration a previous run left executing (its runner died) was marked failed: the run stops,
   * so that an operator checks it before it runs again.
   */
  default void interrupted(MigrationRecord migration) {}

  /** {@code migration} was acknowledged (added or refreshed). */
  default void acknowledged(MigrationRecord migration) {}
}
