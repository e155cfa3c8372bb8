package dev.blacksmith.json;

import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes JSON text with one shared, configured Jackson mapper. Errors are {@link
 * JsonException}s with a message fit for an API response.
 */
public final class Json {

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .findAndAddModules()
          .build();

  private Json() {}

  /** The shared mapper. */
  public static JsonMapper mapper() {
    return MAPPER;
  }

  /** {@code value} as JSON text. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JacksonException e) {
      throw new JsonException("cannot write " + value.getClass().getName() + " as JSON", e);
    }
  }

  /** Reads JSON text into {@code type}. */
  public static <T> T read(String json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JacksonException e) {
      throw new JsonException(
          "invalid JSON for " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
    }
  }

  /** Parses JSON text into a tree. */
  public static JsonNode tree(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JacksonException e) {
      throw new JsonException("invalid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Parses JSON bytes into a tree. */
  public static JsonNode tree(byte[] json) {
    try {
      return MAPPER.readTree(json);
    } catch (JacksonException e) {
      throw new JsonException("invalid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Checks that {@code json} is one complete JSON value and returns it unchanged.
   *
   * @throws JsonException when it is not
   */
  public static String requireValid(String json, String what) {
    try {
      JsonNode node = MAPPER.readTree(json);
      if (node == null || node.isMissingNode()) {
        throw new JsonException(what + " is empty, expected JSON", null);
      }
      if (json.contains("\\u0000") && holdsNul(node)) {
        throw new NulCharacterException(
            what + " contains the NUL character (\\u0000), which Blacksmith does not store");
      }
      return json;
    } catch (JacksonException e) {
      throw new JsonException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Whether {@code node} has a string or a field name holding the NUL character. */
  private static boolean holdsNul(JsonNode node) {
    if (node.isString()) {
      return node.asString().indexOf('\0') >= 0;
    }
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        if (field.getKey().indexOf('\0') >= 0 || holdsNul(field.getValue())) {
          return true;
        }
      }
    } else if (node.isArray()) {
      for (JsonNode element : node.values()) {
        if (holdsNul(element)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Thrown when JSON cannot be read or written. */
  public static class JsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JsonException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Thrown for valid JSON holding the NUL character ({@code \\u0000}) in a string or a field name:
   * PostgreSQL's {@code jsonb} cannot hold one, so no store accepts it.
   */
  public static final class NulCharacterException extends JsonException {
    private static final long serialVersionUID = 1L;

    public NulCharacterException(String message) {
      super(message, null);
    }
  }
}
