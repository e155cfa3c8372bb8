package dev.blacksmith.modules.segment;

import dev.blacksmith.json.Json;
import dev.blacksmith.source.Event;
import dev.blacksmith.source.ExtractException;
import dev.blacksmith.source.ExtractException.Validation;
import dev.blacksmith.source.HttpRequest;
import dev.blacksmith.source.HttpTrigger;
import dev.blacksmith.source.Route;
import dev.blacksmith.source.SubEvent;
import dev.blacksmith.source.Toolkit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v1/batch}, and its aliases {@code /v1/import} (where analytics-java sends) and
 * {@code /v1/b} (where analytics.js sends): calls of any types in one request. The request becomes
 * one event, and each call a sub-event of it with its own flows. A batch is taken whole or not at
 * all: one invalid call refuses the request, and the answer lists every invalid call.
 */
final class BatchTrigger implements HttpTrigger {

  /** The most validations one answer lists, so a batch of bad calls gets a bounded answer. */
  static final int MAX_VALIDATIONS = 50;

  private final String name;
  private final Route route;
  private final Intake intake;

  BatchTrigger(String name, String basePath, Intake intake) {
    this.name = name;
    this.route = Route.post(basePath + "/v1/" + name);
    this.intake = intake;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Route route() {
    return route;
  }

  @Override
  public Event extract(Toolkit toolkit, HttpRequest request) throws ExtractException {
    ObjectNode body = intake.read(request, intake.maxBatchBytes(), "a batch");
    JsonNode items = body.get("batch");
    if (items == null || !items.isArray()) {
      throw ExtractException.badRequest("batch must be an array of calls", "body", "batch");
    }
    if (items.isEmpty()) {
      throw ExtractException.badRequest(
          "batch is empty: it must hold at least one call", "body", "batch");
    }
    List<Validation> problems = new ArrayList<>();
    Calls.Defaults defaults = defaults(body, problems);
    List<Validation> oversized = new ArrayList<>();
    List<SegmentCall> calls = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      List<String> path = List.of("body", "batch", Integer.toString(i));
      int size = Json.mapper().writeValueAsBytes(item).length;
      if (size > intake.maxCallBytes()) {
        oversized.add(
            new Validation(
                "call is "
                    + size
                    + " bytes, more than the "
                    + intake.maxCallBytes()
                    + " bytes a call may have",
                path));
        continue;
      }
      SegmentCall call = Calls.normalize(item, null, defaults, path, problems);
      if (call != null) {
        calls.add(call);
      }
    }
    if (!oversized.isEmpty()) {
      throw new ExtractException(
          413,
          "the batch has "
              + oversized.size()
              + " calls larger than the "
              + intake.maxCallBytes()
              + " bytes a call may have; nothing was stored"
              + listed(oversized),
          capped(oversized));
    }
    if (!problems.isEmpty()) {
      throw new ExtractException(
          400,
          "the batch of "
              + items.size()
              + " calls has "
              + problems.size()
              + " problems; nothing was stored"
              + listed(problems),
          capped(problems));
    }
    return event(body, defaults, calls);
  }

  /** The batch's own context, integrations and sentAt, which its calls inherit. */
  private static Calls.Defaults defaults(ObjectNode body, List<Validation> problems) {
    ObjectNode context = object(body, "context", problems);
    ObjectNode integrations = object(body, "integrations", problems);
    JsonNode sentAt = body.get("sentAt");
    if (sentAt != null && sentAt.isNull()) {
      sentAt = null;
    }
    if (sentAt != null
        && (!sentAt.isString() || Timestamps.parse(sentAt.stringValue()).isEmpty())) {
      problems.add(
          new Validation("sentAt must be " + Timestamps.EXPECTED, List.of("body", "sentAt")));
      sentAt = null;
    }
    return new Calls.Defaults(context, integrations, sentAt);
  }

  private static @Nullable ObjectNode object(
      ObjectNode body, String field, List<Validation> problems) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v instanceof ObjectNode o) {
      return o;
    }
    problems.add(new Validation(field + " must be a JSON object", List.of("body", field)));
    return null;
  }

  /**
   * The batch event: its data is the request without the calls (they are its sub-events) and
   * without the write key, plus the calls' {@code messageIds} in order.
   */
  private Event event(ObjectNode body, Calls.Defaults defaults, List<SegmentCall> calls) {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.put("type", "batch");
    for (Map.Entry<String, JsonNode> e : body.properties()) {
      String key = e.getKey();
      if (!key.equals("batch") && !key.equals("writeKey") && !key.equals("type")) {
        data.set(key, e.getValue());
      }
    }
    ArrayNode ids = data.putArray("messageIds");
    calls.forEach(c -> ids.add(c.messageId()));
    Event.Builder event =
        Event.builder()
            .dataJson(Json.write(data))
            .contextJson(defaults.context() == null ? "{}" : Json.write(defaults.context()));
    if (defaults.sentAt() != null) {
      Timestamps.parse(defaults.sentAt().stringValue()).ifPresent(event::sentAt);
    }
    for (SegmentCall call : calls) {
      Instant time = call.clientTime();
      event.subEvent(
          new SubEvent(
              null,
              call.contextJson(),
              call.json(),
              dev.blacksmith.destination.Actions.none(),
              intake.flows().flowsFor(call),
              time));
    }
    return event.build();
  }

  private static String listed(List<Validation> all) {
    return all.size() <= MAX_VALIDATIONS ? "" : " (the first " + MAX_VALIDATIONS + " are listed)";
  }

  private static List<Validation> capped(List<Validation> all) {
    return all.size() <= MAX_VALIDATIONS ? all : all.subList(0, MAX_VALIDATIONS);
  }
}
