package dev.blacksmith.wanderer.runner;

import dev.blacksmith.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** How errors are told: one line for people, and JSON for a transition. */
final class Errors {

  private Errors() {}

  /** The message of {@code e} and of its causes, or its class when it has none. */
  static String describe(Throwable e) {
    StringBuilder text =
        new StringBuilder(e.getMessage() == null ? e.getClass().getName() : e.getMessage());
    Throwable cause = e.getCause();
    // Bounded, in case a cause chain loops.
    for (int depth = 0; cause != null && depth < 10; depth++, cause = cause.getCause()) {
      String message = cause.getMessage();
      if (message != null && !text.toString().contains(message)) {
        text.append(": ").append(message);
      }
    }
    return text.toString();
  }

  /** {@code {"message": ..., "exception": ...}} for the transition of a failed migration. */
  static String json(Throwable e) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("message", describe(e));
    error.put("exception", e.getClass().getName());
    return Json.write(error);
  }

  /** {@code {"message": ...}}. */
  static String json(String message) {
    return Json.write(Map.of("message", message));
  }
}
