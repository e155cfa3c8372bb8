package dev.blacksmith.testkit.authoring;

import dev.blacksmith.source.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link HttpRequest}s an {@link dev.blacksmith.source.HttpTrigger} extracts events
 * from: {@code HttpRequests.post("/shop/events").json("{\"sku\":\"A1\"}").build()}.
 */
public final class HttpRequests {

  private HttpRequests() {}

  /** A {@code POST} to {@code path}, with an empty body until one is set. */
  public static Builder post(String path) {
    return new Builder("POST", path);
  }

  /** A {@code GET} to {@code path}. */
  public static Builder get(String path) {
    return new Builder("GET", path);
  }

  /** A request with any method to {@code path}. */
  public static Builder request(String method, String path) {
    return new Builder(method, path);
  }

  /** Builds one request; mutable and not thread-safe. */
  public static final class Builder {
    private final String method;
    private final String path;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private final Map<String, List<String>> query = new LinkedHashMap<>();
    private final Map<String, String> pathParams = new LinkedHashMap<>();
    private byte[] body = new byte[0];

    private Builder(String method, String path) {
      if (method.isBlank()) {
        throw new IllegalArgumentException("an HTTP method is needed, such as POST");
      }
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("a request path starts with '/', was '" + path + "'");
      }
      this.method = method;
      this.path = path;
    }

    /** Adds a value of header {@code name}; header names are case-insensitive. */
    public Builder header(String name, String value) {
      headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
      return this;
    }

    /** Adds a value of query parameter {@code name}. */
    public Builder query(String name, String value) {
      query.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
      return this;
    }

    /** Sets path parameter {@code name}, as the gateway does for a {@code {name}} segment. */
    public Builder pathParam(String name, String value) {
      pathParams.put(name, value);
      return this;
    }

    /** The body as raw bytes. */
    public Builder body(byte[] value) {
      this.body = value.clone();
      return this;
    }

    /** The body as UTF-8 text. */
    public Builder body(String text) {
      return body(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The body as JSON text, with {@code Content-Type: application/json}. The text is sent as is,
     * even when it is not valid JSON, so a test can check how a trigger refuses it.
     */
    public Builder json(String text) {
      headers.remove("Content-Type");
      header("Content-Type", "application/json");
      return body(text);
    }

    public HttpRequest build() {
      return new HttpRequest(method, path, headers, query, pathParams, body);
    }
  }
}
