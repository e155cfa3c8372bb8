package dev.blacksmith.spi.wanderer;

import java.time.Instant;

/**
 * A migration as the wanderer keeps it: what identifies it, and its current status as its latest
 * transition.
 *
 * @param id time-sortable id given by the wanderer
 * @param scope the component that owns it
 * @param version its {@code YYYYMMDDHHMISS} version, unique within its scope
 * @param name what it does, such as {@code create_users}
 * @param checksum the {@link NewMigration#checksum() checksum} of its up script as last
 *     acknowledged while not applied: for an applied migration, that of the script that was applied
 * @param createdAt when it was first acknowledged
 * @param transition its latest transition, whose {@code stateAfter} is its status
 */
public record MigrationRecord(
    String id,
    Scope scope,
    String version,
    String name,
    String checksum,
    Instant createdAt,
    MigrationTransition transition) {

  /** Its current status. */
  public MigrationStatus status() {
    return transition.stateAfter();
  }

  /** {@code <scope> <version>.<name>}, for messages. */
  public String describe() {
    return scope.value() + " " + version + "." + name;
  }
}
