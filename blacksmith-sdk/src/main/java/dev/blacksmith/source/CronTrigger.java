package dev.blacksmith.source;

import org.jspecify.annotations.Nullable;

/**
 * A trigger run on a schedule, on one instance at a time: polls an API, reads a file, emits a
 * heartbeat.
 */
public non-sealed interface CronTrigger extends Trigger {

  @Override
  default Mode mode() {
    return Mode.CRON;
  }

  /** When it runs; {@code null} (the default) applies the source's default schedule. */
  default @Nullable Schedule schedule() {
    return null;
  }

  /**
   * Extracts the event of this run, or {@code null} for none.
   *
   * @throws Exception logged and counted; the next run happens on schedule
   */
  @Nullable Event extract(Toolkit toolkit) throws Exception;
}
