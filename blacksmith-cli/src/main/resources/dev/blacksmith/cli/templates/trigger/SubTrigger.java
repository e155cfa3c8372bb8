package {{package}};

import dev.blacksmith.json.Json;
import dev.blacksmith.pubsub.Message;
import dev.blacksmith.source.Event;
import dev.blacksmith.source.SubscriptionTrigger;
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

/**
 * Trigger {@code {{name}}}: the messages of a broker topic, received through the pub/sub adapter
 * that {@code BLACKSMITH_PUBSUB_URL} names.
 *
 * <p>Register it in its source's {@code triggers()}: {@code Map.of({{Name}}Trigger.NAME, new
 * {{Name}}Trigger())}.
 */
public final class {{Name}}Trigger implements SubscriptionTrigger{{#hooks}}, WithHooks{{/hooks}}{{#migrations}}, WithMigrations{{/migrations}} {

  /** The trigger's name within its source. */
  public static final String NAME = "{{name}}";

  @Override
  public String name() {
    return NAME;
  }

  /** Topic {@code {{name}}}, received by group {@code {{name}}}: each message once per group. */
  @Override
  public Subscription subscription() {
    return new Subscription("{{name}}", "{{name}}");
  }

  /**
   * Turns a message into an event, its JSON body as data. Throwing leaves the message
   * unacknowledged, so the broker delivers it again rather than losing it.
   */
  @Override
  public Event extract(Toolkit toolkit, Message message) {
    String data = Json.requireValid(message.bodyAsString(), "message body");
    return Event.builder().dataJson(data).build();
  }
{{hooksPart}}{{migrationsPart}}}
