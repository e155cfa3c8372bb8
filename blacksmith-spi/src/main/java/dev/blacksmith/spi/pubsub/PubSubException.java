package dev.blacksmith.spi.pubsub;

/** A pub/sub operation failed. */
public class PubSubException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PubSubException(String message, Throwable cause) {
    super(message, cause);
  }

  public PubSubException(String message) {
    super(message);
  }
}
