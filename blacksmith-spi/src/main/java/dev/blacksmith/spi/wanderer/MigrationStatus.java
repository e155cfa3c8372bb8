package dev.blacksmith.spi.wanderer;

import dev.blacksmith.wanderer.Direction;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The status of a migration, and the one table of transitions allowed between statuses. The
 * wanderer appends a {@link MigrationTransition} for every change and never rewrites one.
 *
 * <pre>
 *   (none)                          -&gt; acknowledged                    registered by an ack
 *   acknowledged                    -&gt; executing(up)                   run
 *   failed(up) | succeeded(down)    -&gt; executing(up)                   run again
 *   executing(up)                   -&gt; succeeded(up) | failed(up)      it ended, or its run was
 *                                                                          interrupted (failed)
 *   succeeded(up) | failed(down)    -&gt; executing(down)                 rolled back (again)
 *   executing(down)                 -&gt; succeeded(down) | failed(down)  it ended, or was interrupted
 *   acknowledged | failed(up) | failed(down) | succeeded(down)
 *                                   -&gt; discarded                       an operator discarded it
 * </pre>
 *
 * <p>{@code discarded} is final: a discarded migration never runs again in either direction. A
 * migration that is applied ({@code succeeded(up)}) or running cannot be discarded: roll it back
 * first.
 *
 * <p>Values are written as in the specification, such as {@code executing(up)}; {@link #of} also
 * takes the underscore form {@code executing_up}, which needs no quoting in a shell.
 */
public enum MigrationStatus {
  /** Known to the wanderer, never run. */
  ACKNOWLEDGED("acknowledged", null),
  /** Being applied. */
  EXECUTING_UP("executing(up)", Direction.UP),
  /** Being reverted. */
  EXECUTING_DOWN("executing(down)", Direction.DOWN),
  /** Applied. */
  SUCCEEDED_UP("succeeded(up)", Direction.UP),
  /** Reverted: it may be applied again. */
  SUCCEEDED_DOWN("succeeded(down)", Direction.DOWN),
  /** Applying it failed or was interrupted: it may be run again or discarded. */
  FAILED_UP("failed(up)", Direction.UP),
  /** Reverting it failed or was interrupted: it may be rolled back again or discarded. */
  FAILED_DOWN("failed(down)", Direction.DOWN),
  /** Set aside by an operator: it never runs again. */
  DISCARDED("discarded", null);

  private final String value;
  private final @Nullable Direction direction;

  MigrationStatus(String value, @Nullable Direction direction) {
    this.value = value;
    this.direction = direction;
  }

  /** The value used in JSON, SQL, the admin API and the CLI, such as {@code "succeeded(up)"}. */
  public String value() {
    return value;
  }

  /**
   * The direction this status belongs to; {@code null} for {@code acknowledged} and {@code
   * discarded}.
   */
  public @Nullable Direction direction() {
    return direction;
  }

  /**
   * The status named {@code text}, case-insensitively, as {@link #value()} ({@code "failed(up)"})
   * or with an underscore ({@code "failed_up"}).
   *
   * @throws IllegalArgumentException listing the statuses when {@code text} names none
   */
  public static MigrationStatus of(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    for (MigrationStatus s : values()) {
      if (s.value.equals(t) || s.name().toLowerCase(Locale.ROOT).equals(t)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown migration status '"
            + text
            + "'; expected one of "
            + Arrays.stream(values())
                .map(MigrationStatus::value)
                .collect(Collectors.joining(", ")));
  }

  /** {@code executing(up)} or {@code executing(down)}. */
  public static MigrationStatus executing(Direction direction) {
    return direction == Direction.UP ? EXECUTING_UP : EXECUTING_DOWN;
  }

  /** {@code succeeded(up)} or {@code succeeded(down)}. */
  public static MigrationStatus succeeded(Direction direction) {
    return direction == Direction.UP ? SUCCEEDED_UP : SUCCEEDED_DOWN;
  }

  /** {@code failed(up)} or {@code failed(down)}. */
  public static MigrationStatus failed(Direction direction) {
    return direction == Direction.UP ? FAILED_UP : FAILED_DOWN;
  }

  /** Whether a migration in this status is running (its runner holds the scope's lock). */
  public boolean isExecuting() {
    return this == EXECUTING_UP || this == EXECUTING_DOWN;
  }

  /**
   * Whether a migration in this status may be run up ({@code acknowledged}, {@code failed(up)},
   * {@code succeeded(down)}).
   */
  public boolean isRunnable() {
    return next().contains(EXECUTING_UP);
  }

  /**
   * Whether a migration in this status may be rolled back ({@code succeeded(up)}, {@code
   * failed(down)}).
   */
  public boolean isRollbackable() {
    return next().contains(EXECUTING_DOWN);
  }

  /** Whether an operator may discard a migration in this status. */
  public boolean isDiscardable() {
    return next().contains(DISCARDED);
  }

  /** The statuses a migration may move to from this one. */
  public Set<MigrationStatus> next() {
    return switch (this) {
      case ACKNOWLEDGED -> EnumSet.of(EXECUTING_UP, DISCARDED);
      case EXECUTING_UP -> EnumSet.of(SUCCEEDED_UP, FAILED_UP);
      case EXECUTING_DOWN -> EnumSet.of(SUCCEEDED_DOWN, FAILED_DOWN);
      case SUCCEEDED_UP -> EnumSet.of(EXECUTING_DOWN);
      case SUCCEEDED_DOWN -> EnumSet.of(EXECUTING_UP, DISCARDED);
      case FAILED_UP -> EnumSet.of(EXECUTING_UP, DISCARDED);
      case FAILED_DOWN -> EnumSet.of(EXECUTING_DOWN, DISCARDED);
      case DISCARDED -> EnumSet.noneOf(MigrationStatus.class);
    };
  }

  /**
   * Whether a migration may go from {@code before} ({@code null} for a new migration) to {@code
   * after}.
   */
  public static boolean isAllowed(@Nullable MigrationStatus before, MigrationStatus after) {
    return before == null ? after == ACKNOWLEDGED : before.next().contains(after);
  }

  /**
   * Checks a transition against the table.
   *
   * @throws IllegalStateException naming both statuses when the transition is not allowed
   */
  public static void checkAllowed(@Nullable MigrationStatus before, MigrationStatus after) {
    if (!isAllowed(before, after)) {
      throw new IllegalStateException(
          "migration status cannot go from "
              + (before == null ? "(none)" : before.value)
              + " to "
              + after.value);
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
