package dev.blacksmith.modules.segment;

import dev.blacksmith.json.Json;
import dev.blacksmith.source.Event;
import dev.blacksmith.source.ExtractException;
import dev.blacksmith.source.ExtractException.Validation;
import dev.blacksmith.source.HttpRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.node.ObjectNode;

/**
 * What every Segment endpoint does before looking at the calls: check the write key, undo the
 * body's {@code Content-Encoding} within a size bound, read one JSON object.
 */
final class Intake {

  private static final ObjectReader READER =
      Json.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final WriteKeys writeKeys;
  private final int maxCallBytes;
  private final int maxBatchBytes;
  private final SegmentFlows flows;

  Intake(WriteKeys writeKeys, int maxCallBytes, int maxBatchBytes, SegmentFlows flows) {
    this.writeKeys = writeKeys;
    this.maxCallBytes = maxCallBytes;
    this.maxBatchBytes = maxBatchBytes;
    this.flows = flows;
  }

  int maxCallBytes() {
    return maxCallBytes;
  }

  int maxBatchBytes() {
    return maxBatchBytes;
  }

  int writeKeyCount() {
    return writeKeys.size();
  }

  SegmentFlows flows() {
    return flows;
  }

  /**
   * The request's body as a JSON object, once its write key is checked.
   *
   * <p>A write key is taken as the user name of HTTP basic authentication (the server libraries) or
   * as {@code writeKey} in the body (analytics.js, analytics-java); every key presented must be
   * accepted. A wrong header is refused before the body is even decompressed.
   *
   * @param limit the most bytes the body may have once decompressed
   * @param what {@code "a call"} or {@code "a batch"}, for messages
   * @throws ExtractException 401 for a missing or wrong key, 413 for a body over {@code limit}, 415
   *     for an unknown encoding, 400 for a body that is not a JSON object
   */
  ObjectNode read(HttpRequest request, int limit, String what) throws ExtractException {
    String authorization = request.header("Authorization");
    boolean byHeader = false;
    if (authorization != null && !authorization.isBlank()) {
      String key = basicUser(authorization);
      if (key == null) {
        throw unauthorized(
            "Authorization must be HTTP basic authentication with the write key as user name",
            "headers",
            "Authorization");
      }
      if (!writeKeys.accepts(key)) {
        throw unauthorized(
            "the write key is not one this source accepts", "headers", "Authorization");
      }
      byHeader = true;
    }
    ObjectNode body = parse(decode(request, limit, what));
    JsonNode bodyKey = body.get("writeKey");
    if (bodyKey != null && !bodyKey.isNull()) {
      if (!bodyKey.isString() || !writeKeys.accepts(bodyKey.stringValue())) {
        throw unauthorized("the write key is not one this source accepts", "body", "writeKey");
      }
    } else if (!byHeader) {
      throw unauthorized(
          "a write key is required: send it as the user name of HTTP basic authentication or as"
              + " writeKey in the body",
          "headers",
          "Authorization");
    }
    return body;
  }

  /** An event for one call, going through the flows that map calls of its kind. */
  Event event(SegmentCall call) {
    Event.Builder event = Event.builder().contextJson(call.contextJson()).dataJson(call.json());
    Instant time = call.clientTime();
    if (time != null) {
      event.sentAt(time);
    }
    flows.flowsFor(call).forEach(event::flow);
    return event.build();
  }

  /** The body with its {@code Content-Encoding} undone, refusing more than {@code limit} bytes. */
  static byte[] decode(HttpRequest request, int limit, String what) throws ExtractException {
    String header = request.header("Content-Encoding");
    String encoding = header == null ? "" : header.trim().toLowerCase(Locale.ROOT);
    byte[] raw = request.body();
    try {
      return switch (encoding) {
        case "", "identity" -> {
          if (raw.length > limit) {
            throw tooLarge(what, limit, "");
          }
          yield raw;
        }
        case "gzip", "x-gzip" ->
            readAtMost(new GZIPInputStream(new ByteArrayInputStream(raw)), limit, what);
        case "deflate" ->
            readAtMost(new InflaterInputStream(new ByteArrayInputStream(raw)), limit, what);
        default ->
            throw new ExtractException(
                415,
                "Content-Encoding '" + header + "' is not supported: send gzip, deflate or none",
                List.of(
                    new Validation(
                        "unsupported Content-Encoding '" + header + "'",
                        List.of("headers", "Content-Encoding"))));
      };
    } catch (IOException e) {
      String message = "request body is not valid " + encoding + " data";
      throw new ExtractException(
          400, message, List.of(new Validation(message + ": " + e.getMessage(), List.of("body"))));
    }
  }

  /** Decompresses at most {@code limit} bytes, so a small bomb cannot fill the heap. */
  private static byte[] readAtMost(InputStream in, int limit, String what)
      throws IOException, ExtractException {
    try (in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
      byte[] buffer = new byte[8192];
      long total = 0;
      int n;
      while ((n = in.read(buffer)) != -1) {
        total += n;
        if (total > limit) {
          throw tooLarge(what, limit, " once decompressed");
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    }
  }

  static ObjectNode parse(byte[] bytes) throws ExtractException {
    JsonNode node;
    try {
      node = bytes.length == 0 ? null : READER.readTree(bytes);
    } catch (JacksonException e) {
      throw new ExtractException(
          400,
          "request body is not valid JSON",
          List.of(new Validation(e.getOriginalMessage(), List.of("body"))));
    }
    if (node == null || node.isMissingNode()) {
      throw ExtractException.badRequest("request body is empty, expected a JSON object", "body");
    }
    if (!(node instanceof ObjectNode object)) {
      throw ExtractException.badRequest(
          "request body must be a JSON object, got " + Calls.kind(node), "body");
    }
    return object;
  }

  private static ExtractException tooLarge(String what, int limit, String when) {
    String message = "request body is larger than the " + limit + " bytes " + what + " may have";
    return new ExtractException(
        413, message + when, List.of(new Validation(message + when, List.of("body"))));
  }

  private static ExtractException unauthorized(String message, String... path) {
    return new ExtractException(401, message, List.of(new Validation(message, List.of(path))));
  }

  /** The user name of {@code Basic} credentials, or {@code null} for other schemes. */
  static @Nullable String basicUser(String header) {
    if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    String user = colon < 0 ? decoded : decoded.substring(0, colon);
    return user.isEmpty() ? null : user;
  }
}
