package dev.blacksmith.source;

import java.util.List;

/**
 * Thrown by a trigger's extract for input it refuses. The gateway answers with {@code statusCode}
 * and a JSON body {@code {statusCode, message, validations}}, and stores nothing.
 */
public class ExtractException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int statusCode;
  private final transient List<Validation> validations;

  public ExtractException(int statusCode, String message, List<Validation> validations) {
    super(message);
    if (statusCode < 400 || statusCode > 599) {
      throw new IllegalArgumentException("statusCode must be 4xx or 5xx, was " + statusCode);
    }
    this.statusCode = statusCode;
    this.validations = List.copyOf(validations);
  }

  /** A {@code 400 Bad Request} with one validation message about {@code path}. */
  public static ExtractException badRequest(String message, String... path) {
    return new ExtractException(400, message, List.of(new Validation(message, List.of(path))));
  }

  public int statusCode() {
    return statusCode;
  }

  public List<Validation> validations() {
    return validations;
  }

  /**
   * What is wrong with one part of the input.
   *
   * @param message what is wrong
   * @param path where, such as {@code ["body", "user", "email"]}
   */
  public record Validation(String message, List<String> path) {
    public Validation {
      path = List.copyOf(path);
    }
  }
}
