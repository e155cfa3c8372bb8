package {{package}};

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Destination;
import dev.blacksmith.destination.Options;
import dev.blacksmith.destination.Schedule;
{{#hooks}}
import dev.blacksmith.destination.Toolkit;
import dev.blacksmith.destination.WithHooks;
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
 * Destination {@code {{name}}}: a third-party service that receives events, an API, a database or a
 * broker. It groups the actions it can run. Register it in the application: {@code
 * options.destination(new {{Name}}Destination())}.
 */
public final class {{Name}}Destination implements Destination{{#hooks}}, WithHooks{{/hooks}}{{#migrations}}, WithMigrations{{/migrations}} {

  /** The name triggers and flows send jobs to. */
  public static final String NAME = "{{name}}";

  private final Map<String, Action> actions;

  public {{Name}}Destination() {
    // Register each action under its own name, such as
    // Map.of(UpsertAction.NAME, UpsertAction.loadingWith(UpsertAction.Client.LOG)).
    // Generate one with: blacksmith generate action --name <name> --path <this directory>
    this.actions = Map.of();
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Loads every hour and retries a failed job for three days, unless an action says otherwise: time
   * for a team to notice failures before jobs are discarded.
   */
  @Override
  public Options options() {
    return Options.builder()
        .defaultSchedule(Schedule.every("@every 1h").withMaxRetries(72))
        .build();
  }

  @Override
  public Map<String, Action> actions() {
    return actions;
  }
{{#hooks}}

  /** Opens what the actions share, such as a client or a pool. Throwing stops start-up cleanly. */
  @Override
  public void init(Toolkit toolkit) throws Exception {
    toolkit.logger().info("destination {} started", NAME);
  }

  /** Closes what init opened, after the actions' shutdown. Failures are only logged. */
  @Override
  public void shutdown(Toolkit toolkit) throws Exception {
    toolkit.logger().info("destination {} stopped", NAME);
  }
{{/hooks}}
{{#migrations}}

  /** The migrations in {@code src/main/resources/{{migrationsFolder}}}, oldest first. */
  @Override
  public List<Migration> migrations() {
    return Migrations.fromClasspath({{Name}}Destination.class.getClassLoader(), "{{migrationsFolder}}");
  }

  /**
   * Runs one script of {@code migration} against the service, in one transaction where it can.
   * Until this is written, running a migration fails rather than pretending it ran.
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
