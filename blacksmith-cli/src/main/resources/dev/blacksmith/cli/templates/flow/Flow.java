package {{package}};

import dev.blacksmith.destination.Actions;
import dev.blacksmith.flow.Flow;
import dev.blacksmith.flow.Options;
import dev.blacksmith.flow.Toolkit;

/**
 * Flow {@code {{Name}}Flow}: maps an event to the destination actions that should receive it. A
 * trigger sends an event through it with {@code Event.builder().flow(new {{Name}}Flow(data))}.
 *
 * @param data the event's data, as JSON text, which each action carries to its marshal
 */
public record {{Name}}Flow(String data) implements Flow {

  /** Enabled. A disabled flow creates no jobs, so a flow can ship before it is switched on. */
  @Override
  public Options options() {
    return Options.ENABLED;
  }

  /**
   * The actions to run for the event, by destination, such as {@code
   * Actions.of(CrmDestination.NAME, UpsertAction.withData(data))}. Throwing creates no job from
   * this flow; the error is logged and reported in the gateway's answer.
   */
  @Override
  public Actions transform(Toolkit toolkit) {
    return Actions.builder().build();
  }
}
