package dev.blacksmith.engine;

/**
 * Blacksmith could not start: a configuration error, an init hook that failed, a store that could
 * not be opened. What was started before the failure has been shut down.
 */
public final class StartupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }

  public StartupException(String message) {
    super(message);
  }
}
