package dev.blacksmith.modules.sqlike;

import org.jspecify.annotations.Nullable;

/**
 * Why some jobs of a {@link SqlikeDestination} could not be loaded: the error a job's transitions
 * record. Its message names the job, the statement and the database's error, never the bound
 * values.
 */
public final class SqlikeException extends Exception {

  private static final long serialVersionUID = 1L;

  private final @Nullable String sqlState;
  private final boolean permanent;

  SqlikeException(
      String message, @Nullable String sqlState, boolean permanent, @Nullable Throwable cause) {
    super(message, cause);
    this.sqlState = sqlState;
    this.permanent = permanent;
  }

  /** The database's SQLSTATE (SQLite result codes mapped), or {@code null} when there is none. */
  public @Nullable String sqlState() {
    return sqlState;
  }

  /** Whether the job was discarded because retrying cannot help. */
  public boolean isPermanent() {
    return permanent;
  }
}
