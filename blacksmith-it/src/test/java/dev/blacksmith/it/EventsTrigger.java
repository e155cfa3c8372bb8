package dev.blacksmith.it;

import dev.blacksmith.destination.Actions;
import dev.blacksmith.json.Json;
import dev.blacksmith.source.Event;
import dev.blacksmith.source.ExtractException;
import dev.blacksmith.source.HttpRequest;
import dev.blacksmith.source.HttpTrigger;
import dev.blacksmith.source.Route;
import dev.blacksmith.source.Toolkit;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Trigger {@code events}: {@code POST /it/events} with {@code {"n": <int>}}. The event carries
 * {@code n} and asks for both actions of destination {@code ledger}.
 */
final class EventsTrigger implements HttpTrigger {

  static final String NAME = "events";
  static final String PATH = "/it/events";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Route route() {
    return Route.post(PATH);
  }

  @Override
  public Event extract(Toolkit toolkit, HttpRequest request) throws ExtractException {
    JsonNode n = request.json().get("n");
    if (n == null || !n.isInt()) {
      throw ExtractException.badRequest("n must be an integer", "body", "n");
    }
    String data = Json.write(Map.of("n", n.intValue()));
    return Event.builder()
        .dataJson(data)
        .actions(
            Actions.of(
                LedgerDestination.NAME,
                LedgerAction.carrying(LedgerAction.Kind.RECORD, data),
                LedgerAction.carrying(LedgerAction.Kind.BATCH, data)))
        .build();
  }
}
