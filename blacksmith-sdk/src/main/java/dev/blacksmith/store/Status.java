package dev.blacksmith.store;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The status of a job, and the one table of transitions allowed between statuses. The store appends
 * a {@link Transition} for every change; it never rewrites one.
 *
 * <pre>
 *   (none)       -&gt; acknowledged                     the gateway committed the job
 *   acknowledged -&gt; awaiting                          a scheduler claimed it
 *   failed       -&gt; awaiting                          claimed again for a retry
 *   awaiting     -&gt; executing                         its load started
 *   awaiting     -&gt; awaiting                          reclaimed: the claim's lease expired
 *   executing    -&gt; awaiting                          reclaimed: the loader died mid-load
 *   executing    -&gt; succeeded | failed | discarded    the load reported it
 *   executing    -&gt; unknown                           the load never reported it
 *   failed | discarded | unknown -&gt; acknowledged      an operator retried it (one more attempt)
 *   acknowledged | failed | unknown -&gt; discarded      an operator discarded it
 * </pre>
 *
 * <p>The operator's edges keep the job's attempt: a retried job's next load is its next attempt,
 * and a job retried past its retry budget is discarded if that attempt fails too.
 */
public enum Status {
  ACKNOWLEDGED,
  AWAITING,
  EXECUTING,
  SUCCEEDED,
  FAILED,
  DISCARDED,
  UNKNOWN;

  private static final Set<Status> INITIAL = EnumSet.of(ACKNOWLEDGED);

  /** The lowercase name used in JSON, SQL and the admin API, such as {@code "acknowledged"}. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status named {@code value}, case-insensitively. */
  public static Status of(String value) {
    for (Status s : values()) {
      if (s.name().equalsIgnoreCase(value)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown job status '" + value + "'; expected one of " + EnumSet.allOf(Status.class));
  }

  /** The statuses a job may move to from this one. */
  public Set<Status> next() {
    return switch (this) {
      case ACKNOWLEDGED -> EnumSet.of(AWAITING, DISCARDED);
      case FAILED -> EnumSet.of(AWAITING, ACKNOWLEDGED, DISCARDED);
      case AWAITING -> EnumSet.of(EXECUTING, AWAITING);
      case EXECUTING -> EnumSet.of(SUCCEEDED, FAILED, DISCARDED, UNKNOWN, AWAITING);
      case SUCCEEDED -> EnumSet.noneOf(Status.class);
      case DISCARDED -> EnumSet.of(ACKNOWLEDGED);
      case UNKNOWN -> EnumSet.of(ACKNOWLEDGED, DISCARDED);
    };
  }

  /**
   * Whether no further transition can happen without an operator acting on the job: {@code
   * succeeded}, {@code discarded} and {@code unknown}.
   */
  public boolean isFinal() {
    return this == SUCCEEDED || this == DISCARDED || this == UNKNOWN;
  }

  /** The statuses an operator may retry: {@code failed}, {@code discarded}, {@code unknown}. */
  public static Set<Status> retryable() {
    return EnumSet.of(FAILED, DISCARDED, UNKNOWN);
  }

  /**
   * The statuses an operator may discard: {@code acknowledged}, {@code failed}, {@code unknown}.
   */
  public static Set<Status> discardable() {
    return EnumSet.of(ACKNOWLEDGED, FAILED, UNKNOWN);
  }

  /** Whether a job may go from {@code before} ({@code null} for a new job) to {@code after}. */
  public static boolean isAllowed(@Nullable Status before, Status after) {
    return before == null ? INITIAL.contains(after) : before.next().contains(after);
  }

  /**
   * Checks a transition against the table.
   *
   * @throws IllegalStateException naming both statuses when the transition is not allowed
   */
  public static void checkAllowed(@Nullable Status before, Status after) {
    if (!isAllowed(before, after)) {
      throw new IllegalStateException(
          "job status cannot go from "
              + (before == null ? "(none)" : before.value())
              + " to "
              + after.value());
    }
  }

  @Override
  public String toString() {
    return value();
  }
}
