package {{package}};

import dev.blacksmith.json.Json;
import dev.blacksmith.source.Event;
import dev.blacksmith.source.ExtractException;
import dev.blacksmith.source.HttpRequest;
import dev.blacksmith.source.HttpTrigger;
import dev.blacksmith.source.Route;
import dev.blacksmith.source.Toolkit;
{{#hooks}}
import dev.blacksmith.source.WithHooks;
{{/hooks}}
{{#migrations}}
import dev.blacksmith.wanderer.Direction;
import dev.blacksmith.wanderer.Migration;
import dev.blacksmith.wanderer.Migrations;
import dev.blacksmith.wanderer.WithMigrations;
import java.util.List;
{{/migrations}}
import tools.jackson.databind.JsonNode;

/**
 * Trigger {@code {{name}}}: {@code POST {{route}}} with a JSON object as body. The gateway answers
 * {@code 202 Accepted} once the event and its jobs are stored. Register it in its source's {@code
 * triggers()}: {@code Map.of({{Name}}Trigger.NAME, new {{Name}}Trigger())}.
 */
public final class {{Name}}Trigger implements HttpTrigger{{#hooks}}, WithHooks{{/hooks}}{{#migrations}}, WithMigrations{{/migrations}} {

  /** The trigger's name within its source. */
  public static final String NAME = "{{name}}";

  @Override
  public String name() {
    return NAME;
  }

  /** The route of the gateway this trigger answers; {@code {name}} segments are path parameters. */
  @Override
  public Route route() {
    return Route.post("{{route}}");
  }

  /**
   * Turns a request into an event. Bad input is refused with an {@link ExtractException}: the
   * client gets a 400 saying why, and nothing is stored.
   */
  @Override
  public Event extract(Toolkit toolkit, HttpRequest request) throws ExtractException {
    JsonNode body = request.json();
    if (!body.isObject()) {
      throw ExtractException.badRequest("body must be a JSON object", "body");
    }
    String data = Json.write(body);
    // Send the event to actions with .actions(Actions.of(CrmDestination.NAME,
    // UpsertAction.withData(data))), or through a flow with .flow(new ToCrmFlow(data)).
    return Event.builder().dataJson(data).build();
  }
{{hooksPart}}{{migrationsPart}}}
