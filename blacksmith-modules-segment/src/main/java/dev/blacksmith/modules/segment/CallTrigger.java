package dev.blacksmith.modules.segment;

import dev.blacksmith.source.Event;
import dev.blacksmith.source.ExtractException;
import dev.blacksmith.source.ExtractException.Validation;
import dev.blacksmith.source.HttpRequest;
import dev.blacksmith.source.HttpTrigger;
import dev.blacksmith.source.Route;
import dev.blacksmith.source.Toolkit;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v1/<type>}, or analytics.js's short form {@code /v1/<first letter>}: one call, which
 * becomes one event.
 */
final class CallTrigger implements HttpTrigger {

  private final String name;
  private final CallType type;
  private final Route route;
  private final Intake intake;

  /**
   * @param name the trigger's name, which is also the last segment of its path
   */
  CallTrigger(String name, CallType type, String basePath, Intake intake) {
    this.name = name;
    this.type = type;
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
    ObjectNode body = intake.read(request, intake.maxCallBytes(), "a call");
    List<Validation> problems = new ArrayList<>();
    SegmentCall call = Calls.normalize(body, type, Calls.Defaults.NONE, List.of("body"), problems);
    if (call == null) {
      throw new ExtractException(
          400, "invalid " + type.value() + " call; nothing was stored", problems);
    }
    return intake.event(call);
  }
}
