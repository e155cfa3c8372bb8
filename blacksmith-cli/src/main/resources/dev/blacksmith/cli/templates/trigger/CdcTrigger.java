package {{package}};

import dev.blacksmith.source.CdcTrigger;
import dev.blacksmith.source.Event;
import dev.blacksmith.source.Notifier;
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
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Trigger {@code {{name}}}: change-data capture, on one instance at a time. It reads changes from a
 * {@link Changes} feed, such as a database's replication stream, and emits one event per change
 * until Blacksmith asks it to stop. Register it in its source's {@code triggers()}: {@code
 * Map.of({{Name}}Trigger.NAME, new {{Name}}Trigger(changes))}.
 */
public final class {{Name}}Trigger implements CdcTrigger{{#hooks}}, WithHooks{{/hooks}}{{#migrations}}, WithMigrations{{/migrations}} {

  /** The trigger's name within its source. */
  public static final String NAME = "{{name}}";

  /** How long one read of the feed waits for changes before checking whether to stop. */
  static final Duration WAIT = Duration.ofSeconds(1);

  /** Where changes come from. */
  @FunctionalInterface
  public interface Changes {

    /**
     * The next changes as JSON text, waiting up to {@code wait} for one; empty when none came. The
     * feed moves past a change only once the next call is made, after its event was committed.
     */
    List<String> next(Duration wait) throws Exception;
  }

  private final Changes changes;

  public {{Name}}Trigger(Changes changes) {
    this.changes = Objects.requireNonNull(changes, "changes");
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Emits one event per change until asked to stop. {@code emit} returns once the event is
   * committed; stopping as soon as asked lets another instance take over from the last committed
   * change. An exception is logged and the trigger is started again after a pause.
   */
  @Override
  public void extract(Toolkit toolkit, Notifier notifier) throws Exception {
    while (!notifier.isShuttingDown() && !Thread.currentThread().isInterrupted()) {
      for (String change : changes.next(WAIT)) {
        if (notifier.isShuttingDown()) {
          return;
        }
        notifier.emit(Event.builder().dataJson(change).build());
      }
    }
  }
{{hooksPart}}{{migrationsPart}}}
