package {{package}};

import dev.blacksmith.source.Source;
{{#hooks}}
import dev.blacksmith.source.Toolkit;
{{/hooks}}
import dev.blacksmith.source.Trigger;
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
import java.util.Map;

/**
 * Source {@code {{name}}}: somewhere events come from. It groups triggers, each receiving events
 * its own way: an HTTP route, a schedule, change-data capture or a broker subscription. Register it
 * in the application: {@code options.source(new {{Name}}Source())}.
 */
public final class {{Name}}Source implements Source{{#hooks}}, WithHooks{{/hooks}}{{#migrations}}, WithMigrations{{/migrations}} {

  /** The name events are stored under, with the name of their trigger. */
  public static final String NAME = "{{name}}";

  private final Map<String, Trigger> triggers;

  public {{Name}}Source() {
{{#starter}}
    this.triggers = Map.of({{Trigger}}Trigger.NAME, new {{Trigger}}Trigger());
{{/starter}}
{{^starter}}
    // Register each trigger under its own name, such as Map.of(OrdersTrigger.NAME, new
    // OrdersTrigger()). Generate one with:
    // blacksmith generate trigger --name <name> --mode http|cron|cdc|sub --path <this directory>
    this.triggers = Map.of();
{{/starter}}
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Map<String, Trigger> triggers() {
    return triggers;
  }
{{#hooks}}

  /** Runs when the gateway starts, before the triggers' init. Throwing stops start-up cleanly. */
  @Override
  public void init(Toolkit toolkit) throws Exception {
    toolkit.logger().info("source {} started", NAME);
  }

  /** Runs when the gateway stops, after the triggers' shutdown. Failures are only logged. */
  @Override
  public void shutdown(Toolkit toolkit) throws Exception {
    toolkit.logger().info("source {} stopped", NAME);
  }
{{/hooks}}
{{#migrations}}

  /** The migrations in {@code src/main/resources/{{migrationsFolder}}}, oldest first. */
  @Override
  public List<Migration> migrations() {
    return Migrations.fromClasspath({{Name}}Source.class.getClassLoader(), "{{migrationsFolder}}");
  }

  /**
   * Runs one script of {@code migration} against the system events come from, in one transaction
   * where it can. Until this is written, running a migration fails rather than pretending it ran.
   */
  @Override
  public void migrate(
      dev.blacksmith.wanderer.Toolkit toolkit, Migration migration, Direction direction)
      throws Exception {
    String id = migration.version() + "." + migration.name();
    if (migration.script(direction) == null) {
      throw new IllegalStateException(id + " has no " + direction.value() + " script");
    }
    throw new UnsupportedOperationException(
        "cannot run " + id + " yet: write " + getClass().getName() + ".migrate");
  }
{{/migrations}}
}
