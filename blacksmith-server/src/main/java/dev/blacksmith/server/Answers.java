package dev.blacksmith.server;

import dev.blacksmith.json.Json;
import dev.blacksmith.source.ExtractException.Validation;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Writes the JSON answers of every HTTP service: the envelope {@code {statusCode, message, meta,
 * data}} and the error shape {@code {statusCode, message, validations}}.
 */
final class Answers {

  /**
   * The SDK's mapper with snake_case properties, so records read like the stored columns. The
   * envelope's own keys are map keys and keep their spelling ({@code statusCode}).
   */
  static final JsonMapper MAPPER =
      Json.mapper().rebuild().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

  private static final String JSON = "application/json";

  private Answers() {}

  /** The standard reason phrase of {@code status}, such as {@code "Not Found"}. */
  static String reason(int status) {
    // RFC 9110 names for the codes we send; Javalin's table says "Server Error" for 500.
    return switch (status) {
      case 400 -> "Bad Request";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 413 -> "Content Too Large";
      case 500 -> "Internal Server Error";
      case 503 -> "Service Unavailable";
      default -> {
        HttpStatus known = HttpStatus.forStatus(status);
        yield known == HttpStatus.UNKNOWN ? "Error" : known.getMessage();
      }
    };
  }

  /** An envelope with its status code and message; callers add {@code meta} and {@code data}. */
  static Map<String, Object> envelope(int status, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("statusCode", status);
    body.put("message", message);
    return body;
  }

  /** Writes {@code body} as JSON with {@code status}. */
  static void send(Context ctx, int status, Object body) {
    ctx.status(status).contentType(JSON).result(MAPPER.writeValueAsString(body));
  }

  /** Writes the error shape. */
  static void error(Context ctx, int status, String message, List<Validation> validations) {
    Map<String, Object> body = envelope(status, message);
    body.put("validations", validations);
    send(ctx, status, body);
  }

  /** Writes the error shape with the reason phrase of {@code status} and no validations. */
  static void error(Context ctx, int status) {
    error(ctx, status, reason(status), List.of());
  }

  /**
   * JSON text as a tree, so it is emitted as JSON rather than as a string; text that is not JSON
   * (which the store should never hold) is emitted as a string rather than failing the answer.
   */
  static @Nullable JsonNode tree(@Nullable String json) {
    if (json == null) {
      return null;
    }
    try {
      return Json.tree(json);
    } catch (Json.JsonException e) {
      return JsonNodeFactory.instance.stringNode(json);
    }
  }
}
