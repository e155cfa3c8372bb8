package dev.blacksmith.cli;

/**
 * The configuration cannot work: no application or several, or a malformed setting. The command
 * prints the message and exits with code 2.
 */
final class ConfigurationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ConfigurationException(String message) {
    super(message);
  }

  ConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
