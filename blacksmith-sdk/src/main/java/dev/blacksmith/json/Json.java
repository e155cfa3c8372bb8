package dev.blacksmith.json;

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
      return json;
    } catch (JacksonException e) {
      throw new JsonException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Thrown when JSON cannot be read or written. */
  public static final class JsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JsonException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
