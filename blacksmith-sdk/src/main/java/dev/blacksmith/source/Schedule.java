package dev.blacksmith.source;

/**
 * When a CRON trigger runs.
 *
 * @param interval {@code "@every <duration>"} or a five-field CRON expression
 */
public record Schedule(String interval) {

  public Schedule {
    if (interval == null || interval.isBlank()) {
      throw new IllegalArgumentException(
          "interval must be '@every <duration>' or a CRON expression");
    }
  }
}
