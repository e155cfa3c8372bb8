package dev.blacksmith.modules.segment;

import dev.blacksmith.json.Json;
import dev.blacksmith.source.ExtractException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One validated Segment call (track, identify, page, screen, group or alias), as the source stores
 * it and as flows see it.
 *
 * <p>The call keeps every field the client sent, with these changes: {@code type} is set (from the
 * endpoint for single calls), a missing {@code messageId} is generated ({@code api-<uuid>}),
 * numeric ids are turned into strings, {@code writeKey} is removed, and a call from a batch gets
 * the batch's {@code context} and {@code integrations} under its own (its own fields win) and the
 * batch's {@code sentAt} when it has none.
 */
public final class SegmentCall {

  private final CallType type;
  private final ObjectNode json;
  private final String text;

  SegmentCall(CallType type, ObjectNode json) {
    this.type = type;
    this.json = json;
    this.text = Json.write(json);
  }

  /**
   * Validates and normalises a call written as JSON, the way the source does for each call of a
   * batch; for tests of flows and for code that receives calls some other way.
   *
   * @throws IllegalArgumentException listing what is wrong with the call
   */
  public static SegmentCall parse(String json) {
    JsonNode node;
    try {
      node = Json.tree(json);
    } catch (Json.JsonException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    List<ExtractException.Validation> problems = new ArrayList<>();
    SegmentCall call = Calls.normalize(node, null, Calls.Defaults.NONE, List.of(), problems);
    if (call == null) {
      throw new IllegalArgumentException(
          "invalid Segment call: "
              + problems.stream()
                  .map(p -> String.join(".", p.path()) + ": " + p.message())
                  .collect(Collectors.joining("; ")));
    }
    return call;
  }

  public CallType type() {
    return type;
  }

  /** The call's unique id, as sent or generated. */
  public String messageId() {
    return json.get("messageId").stringValue();
  }

  public @Nullable String userId() {
    return string("userId");
  }

  public @Nullable String anonymousId() {
    return string("anonymousId");
  }

  /** The event name of a track call, such as {@code "Order Completed"}; {@code null} otherwise. */
  public @Nullable String event() {
    return string("event");
  }

  /** The page or screen name, when sent. */
  public @Nullable String name() {
    return string("name");
  }

  /** The group id of a group call. */
  public @Nullable String groupId() {
    return string("groupId");
  }

  /** The previous id of an alias call. */
  public @Nullable String previousId() {
    return string("previousId");
  }

  /** A copy of {@code properties} (track, page, screen), or an empty object. */
  public JsonNode properties() {
    return object("properties");
  }

  /** A copy of {@code traits} (identify, group), or an empty object. */
  public JsonNode traits() {
    return object("traits");
  }

  /** A copy of {@code context}, or an empty object. */
  public JsonNode context() {
    return object("context");
  }

  /** A copy of {@code integrations}, or an empty object. */
  public JsonNode integrations() {
    return object("integrations");
  }

  /** When the call happened, per the client ({@code timestamp}). */
  public @Nullable Instant timestamp() {
    return instant("timestamp");
  }

  /** When the client sent the call ({@code sentAt}, or the batch's). */
  public @Nullable Instant sentAt() {
    return instant("sentAt");
  }

  /** The device time of the call, which client-side libraries send ({@code originalTimestamp}). */
  public @Nullable Instant originalTimestamp() {
    return instant("originalTimestamp");
  }

  /**
   * The time the stored event's {@code sentAt} takes: {@code sentAt}, else {@code
   * originalTimestamp}, else {@code timestamp}.
   */
  @Nullable Instant clientTime() {
    Instant t = sentAt();
    if (t == null) {
      t = originalTimestamp();
    }
    return t == null ? timestamp() : t;
  }

  /** The call as JSON text, as stored in the event's data. */
  public String json() {
    return text;
  }

  /** A copy of the call as a JSON tree. */
  public ObjectNode toJsonNode() {
    return json.deepCopy();
  }

  /** The value of {@code field} as text, for fields the JSON tree gives no accessor for. */
  public @Nullable String field(String field) {
    return string(field);
  }

  String contextJson() {
    JsonNode c = json.get("context");
    return c instanceof ObjectNode ? Json.write(c) : "{}";
  }

  private @Nullable String string(String field) {
    JsonNode v = json.get(field);
    return v == null || v.isNull() || v.isContainer() ? null : v.asString();
  }

  private JsonNode object(String field) {
    JsonNode v = json.get(field);
    return v instanceof ObjectNode o ? o.deepCopy() : JsonNodeFactory.instance.objectNode();
  }

  private @Nullable Instant instant(String field) {
    JsonNode v = json.get(field);
    // Validated when the call was read: a present value parses.
    return v == null || !v.isString() ? null : Timestamps.parse(v.stringValue()).orElse(null);
  }

  @Override
  public String toString() {
    return type.value() + " call " + messageId();
  }
}
