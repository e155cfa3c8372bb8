package dev.blacksmith.modules.sqlike;

/**
 * A job whose data can never load: a bad shape, an unknown operation, a missing parameter. Retrying
 * cannot help, so its job is discarded (or, at the gateway, never created).
 */
final class InvalidJobException extends Exception {

  private static final long serialVersionUID = 1L;

  InvalidJobException(String message) {
    super(message);
  }
}
