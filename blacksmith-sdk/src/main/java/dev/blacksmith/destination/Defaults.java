package dev.blacksmith.destination;

import java.util.Map;

/**
 * The options applied to a destination wherever it sets none: loads every hour, not in realtime,
 * and up to 72 retries. An hourly interval for three days gives a team time to notice failures and
 * debug the destination before jobs are discarded.
 */
public final class Defaults {

  /** Not realtime, {@code "@every 1h"}, 72 retries. */
  public static final Schedule SCHEDULE = new Schedule(false, "@every 1h", 72);

  /** No versioning, and {@link #SCHEDULE}. */
  public static final Options OPTIONS = new Options(Map.of(), null, SCHEDULE);

  private Defaults() {}
}
