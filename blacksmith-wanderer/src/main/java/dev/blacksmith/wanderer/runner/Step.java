package dev.blacksmith.wanderer.runner;

import dev.blacksmith.spi.wanderer.MigrationRecord;
import dev.blacksmith.spi.wanderer.Scope;
import dev.blacksmith.wanderer.Direction;
import dev.blacksmith.wanderer.Migration;

/**
 * One migration to run in one direction.
 *
 * @param scope the component that owns it
 * @param migration the migration as the wanderer knew it when the plan was made
 * @param definition the migration as its component declares it, with its scripts
 * @param direction which way it runs
 */
public record Step(
    Scope scope, MigrationRecord migration, Migration definition, Direction direction) {

  /** {@code <scope> <version>.<name> <direction>}, for messages and progress. */
  public String describe() {
    return scope.value()
        + " "
        + definition.version()
        + "."
        + definition.name()
        + " "
        + direction.value();
  }
}
