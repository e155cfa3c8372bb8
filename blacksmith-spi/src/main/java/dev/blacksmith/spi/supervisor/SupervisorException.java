package dev.blacksmith.spi.supervisor;

/** A supervisor operation failed; no lock was taken or changed by it. */
public class SupervisorException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SupervisorException(String message, Throwable cause) {
    super(message, cause);
  }

  public SupervisorException(String message) {
    super(message);
  }
}
