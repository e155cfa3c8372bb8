package dev.blacksmith.engine;

import java.time.Duration;

/**
 * The gateway's writer is saturated: the event was not stored. HTTP answers {@code 503} with a
 * {@code Retry-After} header rather than letting memory grow.
 */
public final class OverloadedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Duration retryAfter;

  public OverloadedException(String message, Duration retryAfter) {
    super(message);
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
