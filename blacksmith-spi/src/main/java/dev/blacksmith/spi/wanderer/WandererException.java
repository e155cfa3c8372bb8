package dev.blacksmith.spi.wanderer;

/**
 * A wanderer operation failed, or a transition found the migration missing or no longer in the
 * status it expected; nothing of the failed write was applied.
 */
public class WandererException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public WandererException(String message, Throwable cause) {
    super(message, cause);
  }

  public WandererException(String message) {
    super(message);
  }
}
