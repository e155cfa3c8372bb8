package dev.blacksmith.engine;

import java.util.Locale;

/** The two services of Blacksmith; one process runs both by default. */
public enum ServiceKind {
  /** Receives events from triggers and commits them with their jobs. */
  GATEWAY,
  /** Loads due jobs into destinations. */
  SCHEDULER;

  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The service named {@code value}: {@code gateway} or {@code scheduler}. */
  public static ServiceKind of(String value) {
    for (ServiceKind k : values()) {
      if (k.value().equalsIgnoreCase(value)) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "unknown service '" + value + "'; expected gateway or scheduler");
  }
}
