package dev.blacksmith.source;

import dev.blacksmith.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** The HTTP request an {@link HttpTrigger} extracts an event from. */
public final class HttpRequest {

  private final String method;
  private final String path;
  private final Map<String, List<String>> headers;
  private final Map<String, List<String>> query;
  private final Map<String, String> pathParams;
  private final byte[] body;

  public HttpRequest(
      String method,
      String path,
      Map<String, List<String>> headers,
      Map<String, List<String>> query,
      Map<String, String> pathParams,
      byte[] body) {
    this.method = method.toUpperCase(Locale.ROOT);
    this.path = path;
    TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((k, v) -> h.put(k, List.copyOf(v)));
    this.headers = java.util.Collections.unmodifiableMap(h);
    this.query = Map.copyOf(query);
    this.pathParams = Map.copyOf(pathParams);
    this.body = body.clone();
  }

  public String method() {
    return method;
  }

  public String path() {
    return path;
  }

  /** Headers by case-insensitive name. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** The first value of header {@code name}, or {@code null}. */
  public @Nullable String header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  public Map<String, List<String>> query() {
    return query;
  }

  public Map<String, String> pathParams() {
    return pathParams;
  }

  /** A copy of the raw body. */
  public byte[] body() {
    return body.clone();
  }

  /** The body read as UTF-8. */
  public String bodyAsString() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /**
   * The body parsed as JSON.
   *
   * @throws ExtractException with status 400 when the body is empty or not valid JSON
   */
  public JsonNode json() throws ExtractException {
    if (body.length == 0) {
      throw new ExtractException(400, "request body is empty, expected JSON", List.of());
    }
    try {
      return Json.tree(body);
    } catch (Json.JsonException e) {
      throw new ExtractException(
          400,
          "request body is not valid JSON",
          List.of(new ExtractException.Validation(e.getMessage(), List.of("body"))));
    }
  }
}
