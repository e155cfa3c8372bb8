package dev.blacksmith.wanderer;

import java.util.Locale;

/** Which way a migration runs. */
public enum Direction {
  /** Applies the migration. */
  UP,
  /** Reverts the migration. */
  DOWN;

  /** The lower-case form used in file names and statuses: {@code "up"} or {@code "down"}. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }
}
