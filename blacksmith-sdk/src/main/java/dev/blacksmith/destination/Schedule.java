package dev.blacksmith.destination;

import org.jspecify.annotations.Nullable;

/**
 * When an action runs: realtime through the pub/sub adapter, or on an interval or CRON schedule.
 * SaaS APIs are often loaded in realtime, data warehouses a few times a day.
 *
 * <p>Every field may be {@code null}, meaning "not set here": schedules are merged field by field,
 * action over destination over {@link Defaults#SCHEDULE}, with {@link #orElse(Schedule)}.
 *
 * @param realtime whether jobs are loaded as soon as they are committed (through the pub/sub
 *     adapter) rather than on {@code interval}
 * @param interval {@code "@every <duration>"} (such as {@code "@every 1h"}, {@code "@every 30s"})
 *     or a five-field CRON expression (such as {@code "0 2 * * *"}); jobs are loaded on it when not
 *     realtime, and it is always the delay between retries of a failed job
 * @param maxRetries how many times a failed job is retried before it is {@code discarded}; {@code
 *     0} means a single attempt; at most 65535
 */
public record Schedule(
    @Nullable Boolean realtime, @Nullable String interval, @Nullable Integer maxRetries) {

  /** Largest accepted {@link #maxRetries}, the range of the original's {@code uint16}. */
  public static final int MAX_RETRIES_LIMIT = 65_535;

  public Schedule {
    if (maxRetries != null && (maxRetries < 0 || maxRetries > MAX_RETRIES_LIMIT)) {
      throw new IllegalArgumentException(
          "maxRetries must be between 0 and " + MAX_RETRIES_LIMIT + ", was " + maxRetries);
    }
    if (interval != null && interval.isBlank()) {
      throw new IllegalArgumentException("interval must not be blank; leave it null to inherit");
    }
  }

  /** A realtime schedule; the interval (the delay between retries) and retries are inherited. */
  public static Schedule inRealtime() {
    return new Schedule(true, null, null);
  }

  /**
   * A schedule on an interval ({@code "@every 10m"}) or CRON expression ({@code "0 * * * *"}); not
   * realtime.
   */
  public static Schedule every(String interval) {
    return new Schedule(false, interval, null);
  }

  /** This schedule with another interval: the load interval, or the retry delay when realtime. */
  public Schedule withInterval(String newInterval) {
    return new Schedule(realtime, newInterval, maxRetries);
  }

  /** This schedule with another retry budget. */
  public Schedule withMaxRetries(int newMaxRetries) {
    return new Schedule(realtime, interval, newMaxRetries);
  }

  /** Each field of this schedule, or of {@code fallback} where this one is unset. */
  public Schedule orElse(@Nullable Schedule fallback) {
    if (fallback == null) {
      return this;
    }
    return new Schedule(
        realtime != null ? realtime : fallback.realtime(),
        interval != null ? interval : fallback.interval(),
        maxRetries != null ? maxRetries : fallback.maxRetries());
  }

  /** Whether every field is set, as it is once merged over {@link Defaults#SCHEDULE}. */
  public boolean isComplete() {
    return realtime != null && interval != null && maxRetries != null;
  }
}
