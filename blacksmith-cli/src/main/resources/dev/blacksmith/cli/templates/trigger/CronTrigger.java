package {{package}};

import dev.blacksmith.source.CronTrigger;
import dev.blacksmith.source.Event;
import dev.blacksmith.source.Schedule;
import dev.blacksmith.source.Toolkit;
{{#hooks}}
import dev.blacksmith.source.WithHooks;
{{/hooks}}
{{#migrations}}
import dev.blacksmith.wanderer.Direction;
import dev.blacksmith.wanderer.Migration;
import dev.blacksmith.wanderer.Migrations;
import dev.blacksmith.wanderer.WithMigrations;
{{/migrations}}
import java.time.Clock;
import java.time.Instant;
{{#migrations}}
import java.util.List;
{{/migrations}}
import java.util.Map;

/**
 * Trigger {@code {{name}}}: runs on a schedule, on one instance at a time, to poll an API or read a
 * file. Register it in its source's {@code triggers()}: {@code Map.of({{Name}}Trigger.NAME, new
 * {{Name}}Trigger())}.
 */
public final class {{Name}}Trigger implements CronTrigger{{#hooks}}, WithHooks{{/hooks}}{{#migrations}}, WithMigrations{{/migrations}} {

  /** The trigger's name within its source. */
  public static final String NAME = "{{name}}";

  private final Clock clock;

  /** The trigger on the system clock. */
  public {{Name}}Trigger() {
    this(Clock.systemUTC());
  }

  /** The trigger reading time from {@code clock}; tests pass one they move. */
  public {{Name}}Trigger(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Every hour; a five-field CRON expression such as {@code "0 * * * *"} works too, in UTC. */
  @Override
  public Schedule schedule() {
    return new Schedule("@every 1h");
  }

  /**
   * The event of this run. Fetch what is new here and return {@code null} when there is nothing; an
   * exception is logged and the next run happens on schedule.
   */
  @Override
  public Event extract(Toolkit toolkit) {
    Instant now = clock.instant();
    return Event.builder().data(Map.of("trigger", NAME, "at", now.toString())).sentAt(now).build();
  }
{{hooksPart}}{{migrationsPart}}}
