package dev.blacksmith.examples.demo;

import dev.blacksmith.json.Json;
import dev.blacksmith.source.Event;
import dev.blacksmith.source.ExtractException;
import dev.blacksmith.source.HttpRequest;
import dev.blacksmith.source.HttpTrigger;
import dev.blacksmith.source.Route;
import dev.blacksmith.source.Toolkit;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Trigger {@code events}: {@code POST /demo/events} with any JSON object as body. It shows an HTTP
 * trigger's job: check the input, refuse bad input with a 400 that says why ({@link
 * ExtractException}), and build the event with its context and the flows it goes through.
 *
 * <p>The event's context holds the client's user agent and IP address, when the request says them;
 * its {@code sentAt} is the body's optional {@code sent_at} field (ISO-8601).
 */
final class EventsTrigger implements HttpTrigger {

  static final String NAME = "events";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Route route() {
    return Route.post("/demo/events");
  }

  @Override
  public Event extract(Toolkit toolkit, HttpRequest request) throws ExtractException {
    JsonNode body = request.json();
    if (!body.isObject()) {
      throw ExtractException.badRequest(
          "body must be a JSON object, got " + body.getNodeType().name().toLowerCase(Locale.ROOT),
          "body");
    }
    String data = Json.write(body);
    Event.Builder event =
        Event.builder().context(context(request)).dataJson(data).flow(new ToFileAndWarehouse(data));
    Instant sentAt = sentAt(body);
    if (sentAt != null) {
      event.sentAt(sentAt);
    }
    return event.build();
  }

  /** What the request tells about its client; proxies put the client's address first. */
  private static Map<String, String> context(HttpRequest request) {
    Map<String, String> context = new LinkedHashMap<>();
    String userAgent = request.header("User-Agent");
    if (userAgent != null) {
      context.put("user_agent", userAgent);
    }
    String forwardedFor = request.header("X-Forwarded-For");
    String ip =
        forwardedFor != null ? forwardedFor.split(",")[0].trim() : request.header("X-Real-IP");
    if (ip != null && !ip.isEmpty()) {
      context.put("ip", ip);
    }
    return context;
  }

  private static @Nullable Instant sentAt(JsonNode body) throws ExtractException {
    JsonNode value = body.get("sent_at");
    if (value == null || value.isNull()) {
      return null;
    }
    String message = "sent_at must be an ISO-8601 timestamp, such as 2025-01-31T12:00:00Z";
    if (!value.isString()) {
      throw ExtractException.badRequest(message, "body", "sent_at");
    }
    try {
      return Instant.parse(value.stringValue());
    } catch (DateTimeParseException e) {
      throw ExtractException.badRequest(message, "body", "sent_at");
    }
  }
}
