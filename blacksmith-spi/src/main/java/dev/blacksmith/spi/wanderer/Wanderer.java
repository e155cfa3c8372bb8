package dev.blacksmith.spi.wanderer;

import dev.blacksmith.spi.store.Page;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the migrations of sources, triggers, destinations and actions, and the append-only history
 * of each one's statuses. It records what ran; running migrations is the runner's job.
 *
 * <p>Model: one row per migration, identified by its scope and version, carrying its latest
 * transition (its current status); every status change also appends a {@link MigrationTransition}
 * in the same transaction, checked against {@link MigrationStatus}'s table.
 *
 * <p>Contract for every implementation:
 *
 * <ol>
 *   <li>Each write method is one transaction: all of it is durable when it returns, or none of it.
 *   <li>{@link #transition} is a compare-and-set on the current status: of concurrent calls from
 *       any number of processes expecting the same status, exactly one succeeds.
 *   <li>Transitions are never updated or deleted.
 *   <li>Methods are thread-safe. Times are given by the caller, whose clock is the truth; they are
 *       kept to the microsecond.
 * </ol>
 *
 * Failures are thrown as {@link WandererException}. Stability: new methods may be added with
 * default implementations; existing ones keep their contract.
 */
public interface Wanderer extends AutoCloseable {

  /** A short name of the backend, such as {@code "sqlite"} or {@code "postgres"}. */
  String name();

  /** Creates or upgrades the wanderer's own tables; safe to call at every start. */
  void migrate();

  /**
   * Registers migrations, in one transaction. A migration whose scope and version are unknown is
   * added with its first transition ({@code (none) -> acknowledged}). A known one that is not
   * applied, so may run up ({@link MigrationStatus#isRunnable()}: {@code acknowledged}, {@code
   * failed(up)}, {@code succeeded(down)}), gets the given name and checksum: its next run uses the
   * script as it is now, such as a failed script once fixed. Any other known one is left as it is,
   * keeping the checksum of the script that was applied.
   *
   * @param now the time of the added migrations and their transitions
   * @throws IllegalArgumentException when two of {@code migrations} share a scope and version;
   *     nothing is registered
   */
  Acknowledgement acknowledge(List<NewMigration> migrations, Instant now);

  /**
   * Moves a migration from {@code from} to {@code to}, appending the transition, if and only if its
   * status is still {@code from}.
   *
   * @param error JSON text saying why (for failures, interruptions and discards), or {@code null}
   * @return the migration with its new transition
   * @throws IllegalStateException when the table does not allow {@code from -> to}; nothing is
   *     written
   * @throws WandererException when the migration does not exist or is no longer {@code from}
   *     (another runner moved it); nothing is written
   */
  MigrationRecord transition(
      String migrationId,
      MigrationStatus from,
      MigrationStatus to,
      @Nullable String error,
      Instant now);

  /** The migration with its latest transition. */
  Optional<MigrationRecord> findMigration(String id);

  /** The migration of {@code scope} with {@code version}. */
  Optional<MigrationRecord> findMigration(Scope scope, String version);

  /** Every migration of {@code scope}, oldest version first. */
  List<MigrationRecord> findMigrations(Scope scope);

  /** Migrations matching {@code query}, newest version first, then by scope. */
  Page<MigrationRecord> findMigrations(MigrationQuery query);

  /** Every transition of the migration, oldest first; empty for an unknown migration. */
  List<MigrationTransition> findTransitions(String migrationId);

  /** Releases connections. */
  @Override
  void close();
}
