package dev.blacksmith.server;

import dev.blacksmith.source.ExtractException.Validation;
import java.util.List;

/** A client error an admin route answers with the error shape. */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient List<Validation> validations;

  ApiException(int status, String message, List<Validation> validations) {
    super(message);
    this.status = status;
    this.validations = List.copyOf(validations);
  }

  static ApiException notFound(String what, String id) {
    return new ApiException(
        404,
        Answers.reason(404),
        List.of(new Validation(what + " '" + id + "' does not exist", List.of("id"))));
  }

  int status() {
    return status;
  }

  List<Validation> validations() {
    return validations;
  }
}
