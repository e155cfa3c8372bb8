package dev.blacksmith.modules.segment;

import dev.blacksmith.source.ExtractException.Validation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validates one Segment call against the spec and normalises it (see {@link SegmentCall}). Every
 * problem is reported, not only the first, so a client can fix a call in one round trip.
 */
final class Calls {

  private static final List<String> ID_FIELDS =
      List.of("userId", "anonymousId", "groupId", "previousId");
  private static final List<String> OBJECT_FIELDS =
      List.of("properties", "traits", "context", "integrations");
  private static final List<String> STRING_FIELDS = List.of("event", "name", "category");
  private static final List<String> TIME_FIELDS =
      List.of("timestamp", "sentAt", "originalTimestamp");

  private Calls() {}

  /**
   * What a batch gives each of its calls.
   *
   * @param context merged under each call's context
   * @param integrations merged under each call's integrations
   * @param sentAt given to calls without their own
   */
  record Defaults(
      @Nullable ObjectNode context, @Nullable ObjectNode integrations, @Nullable JsonNode sentAt) {
    static final Defaults NONE = new Defaults(null, null, null);
  }

  /**
   * The call {@code raw} normalised, or {@code null} when it is invalid, in which case what is
   * wrong was added to {@code problems}.
   *
   * @param endpointType the type the endpoint takes, or {@code null} for a batch item, which must
   *     name its own
   * @param path where the call is in the request, such as {@code ["body", "batch", "3"]}
   */
  static @Nullable SegmentCall normalize(
      JsonNode raw,
      @Nullable CallType endpointType,
      Defaults defaults,
      List<String> path,
      List<Validation> problems) {
    if (!(raw instanceof ObjectNode object)) {
      problems.add(new Validation("a call must be a JSON object", path));
      return null;
    }
    ObjectNode call = object.deepCopy();
    // The write key is a secret: it authenticates the request and is never stored.
    call.remove("writeKey");
    int before = problems.size();
    CallType type = type(call, endpointType, path, problems);
    for (String field : ID_FIELDS) {
      idField(call, field, path, problems);
    }
    for (String field : OBJECT_FIELDS) {
      JsonNode v = call.get(field);
      if (v != null && !v.isNull() && !v.isObject()) {
        problems.add(new Validation(field + " must be a JSON object", at(path, field)));
      }
    }
    for (String field : STRING_FIELDS) {
      JsonNode v = call.get(field);
      if (v != null && !v.isNull() && !v.isString()) {
        problems.add(new Validation(field + " must be a string", at(path, field)));
      }
    }
    for (String field : TIME_FIELDS) {
      JsonNode v = call.get(field);
      if (v != null
          && !v.isNull()
          && (!v.isString() || Timestamps.parse(v.stringValue()).isEmpty())) {
        problems.add(new Validation(field + " must be " + Timestamps.EXPECTED, at(path, field)));
      }
    }
    messageId(call, path, problems);
    if (type != null) {
      required(call, type, path, problems);
    }
    if (problems.size() > before || type == null) {
      return null;
    }
    applyDefaults(call, defaults);
    return new SegmentCall(type, ordered(call, type));
  }

  private static @Nullable CallType type(
      ObjectNode call, @Nullable CallType endpointType, List<String> path, List<Validation> out) {
    JsonNode t = call.get("type");
    boolean named = t != null && !t.isNull();
    if (endpointType != null) {
      if (named
          && !(t.isString() && t.stringValue().trim().equalsIgnoreCase(endpointType.value()))) {
        out.add(
            new Validation(
                "type "
                    + t
                    + " does not match the endpoint, which takes "
                    + endpointType.value()
                    + " calls",
                at(path, "type")));
      }
      return endpointType;
    }
    if (!named) {
      out.add(
          new Validation("type is required: one of " + CallType.valuesText(), at(path, "type")));
      return null;
    }
    CallType found = t.isString() ? CallType.find(t.stringValue()).orElse(null) : null;
    if (found == null) {
      out.add(
          new Validation(
              "type must be one of " + CallType.valuesText() + ", got " + t, at(path, "type")));
    }
    return found;
  }

  /** Ids are strings; numbers are accepted and written as strings, as Segment does. */
  private static void idField(
      ObjectNode call, String field, List<String> path, List<Validation> out) {
    JsonNode v = call.get(field);
    if (v == null || v.isNull() || v.isString()) {
      return;
    }
    if (v.isNumber()) {
      call.put(field, v.asString());
      return;
    }
    out.add(new Validation(field + " must be a string", at(path, field)));
  }

  private static void messageId(ObjectNode call, List<String> path, List<Validation> out) {
    JsonNode v = call.get("messageId");
    if (v == null || v.isNull() || (v.isString() && v.stringValue().isBlank())) {
      // Segment's own servers generate ids of this shape for calls that carry none.
      call.put("messageId", "api-" + UUID.randomUUID());
    } else if (v.isNumber()) {
      call.put("messageId", v.asString());
    } else if (!v.isString()) {
      out.add(new Validation("messageId must be a string", at(path, "messageId")));
    }
  }

  private static void required(
      ObjectNode call, CallType type, List<String> path, List<Validation> out) {
    switch (type) {
      case ALIAS -> {
        if (!present(call, "userId")) {
          out.add(new Validation("an alias call needs userId, the new id", at(path, "userId")));
        }
        if (!present(call, "previousId")) {
          out.add(
              new Validation(
                  "an alias call needs previousId, the id being merged", at(path, "previousId")));
        }
      }
      case TRACK -> {
        requireIdentity(call, type, path, out);
        JsonNode event = call.get("event");
        if (event == null
            || event.isNull()
            || (event.isString() && event.stringValue().isBlank())) {
          out.add(
              new Validation(
                  "a track call needs event, the name of the action", at(path, "event")));
        }
      }
      case GROUP -> {
        requireIdentity(call, type, path, out);
        if (!present(call, "groupId")) {
          out.add(new Validation("a group call needs groupId", at(path, "groupId")));
        }
      }
      case IDENTIFY, PAGE, SCREEN -> requireIdentity(call, type, path, out);
    }
  }

  private static void requireIdentity(
      ObjectNode call, CallType type, List<String> path, List<Validation> out) {
    if (!present(call, "userId") && !present(call, "anonymousId")) {
      out.add(
          new Validation(
              "a " + type.value() + " call needs userId or anonymousId", at(path, "userId")));
    }
  }

  private static boolean present(ObjectNode call, String field) {
    JsonNode v = call.get(field);
    return v != null && v.isString() && !v.stringValue().isBlank();
  }

  private static void applyDefaults(ObjectNode call, Defaults defaults) {
    mergeUnder(call, "context", defaults.context());
    mergeUnder(call, "integrations", defaults.integrations());
    JsonNode sentAt = call.get("sentAt");
    if ((sentAt == null || sentAt.isNull()) && defaults.sentAt() != null) {
      call.set("sentAt", defaults.sentAt().deepCopy());
    }
  }

  private static void mergeUnder(ObjectNode call, String field, @Nullable ObjectNode base) {
    if (base == null || base.isEmpty()) {
      return;
    }
    JsonNode own = call.get(field);
    call.set(field, own instanceof ObjectNode o ? merge(base, o) : base.deepCopy());
  }

  /**
   * {@code over} deep-merged over a copy of {@code base}: objects merge, anything else replaces.
   */
  static ObjectNode merge(ObjectNode base, ObjectNode over) {
    ObjectNode result = base.deepCopy();
    for (Map.Entry<String, JsonNode> e : over.properties()) {
      JsonNode mine = result.get(e.getKey());
      if (mine instanceof ObjectNode m && e.getValue() instanceof ObjectNode o) {
        result.set(e.getKey(), merge(m, o));
      } else {
        result.set(e.getKey(), e.getValue().deepCopy());
      }
    }
    return result;
  }

  /** The call with {@code type} and {@code messageId} first, for people reading stored events. */
  private static ObjectNode ordered(ObjectNode call, CallType type) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("type", type.value());
    out.set("messageId", call.get("messageId"));
    for (Map.Entry<String, JsonNode> e : call.properties()) {
      String key = e.getKey();
      if (!key.equals("type") && !key.equals("messageId")) {
        out.set(key, e.getValue());
      }
    }
    return out;
  }

  static List<String> at(List<String> path, String... more) {
    List<String> p = new ArrayList<>(path.size() + more.length);
    p.addAll(path);
    p.addAll(List.of(more));
    return p;
  }

  /** {@code "object"}, {@code "array"}, ...: a JSON value's kind, for error messages. */
  static String kind(JsonNode node) {
    return node.getNodeType().name().toLowerCase(Locale.ROOT);
  }
}
