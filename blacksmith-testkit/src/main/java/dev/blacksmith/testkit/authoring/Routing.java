package dev.blacksmith.testkit.authoring;

import dev.blacksmith.destination.Actions;
import dev.blacksmith.flow.Flow;
import dev.blacksmith.flow.Toolkit;
import dev.blacksmith.source.Event;
import dev.blacksmith.source.SubEvent;
import java.util.List;

/**
 * Where an extracted event goes: the actions it names itself plus those of each of its flows that
 * is enabled, as the gateway gathers them before marshalling jobs. A disabled flow adds nothing.
 */
public final class Routing {

  private Routing() {}

  /**
   * The actions {@code event} creates jobs for, by destination. Its sub-events are not included:
   * ask for each of them with {@link #actionsOf(SubEvent, Toolkit)}.
   *
   * @throws Exception what a flow's {@code transform} threw; the gateway would log it and create no
   *     job from that flow
   */
  public static Actions actionsOf(Event event, Toolkit toolkit) throws Exception {
    return gather(event.actions(), event.flows(), toolkit);
  }

  /** {@link #actionsOf(Event, Toolkit)} with a {@link RecordingLogger} in the flows' toolkit. */
  public static Actions actionsOf(Event event) throws Exception {
    return actionsOf(event, new Toolkit(new RecordingLogger()));
  }

  /** The actions {@code subEvent} creates jobs for, by destination. */
  public static Actions actionsOf(SubEvent subEvent, Toolkit toolkit) throws Exception {
    return gather(subEvent.actions(), subEvent.flows(), toolkit);
  }

  /**
   * The names of the actions, as {@code destination/action}, in the order they were added: handy
   * for {@code assertThat(Routing.names(actions)).containsExactly("crm/upsert")}.
   */
  public static List<String> names(Actions actions) {
    return actions.byDestination().entrySet().stream()
        .flatMap(e -> e.getValue().stream().map(a -> e.getKey() + "/" + a.name()))
        .toList();
  }

  private static Actions gather(Actions direct, List<Flow> flows, Toolkit toolkit)
      throws Exception {
    Actions.Builder all = Actions.builder().addAll(direct);
    for (Flow flow : flows) {
      if (flow.options().enabled()) {
        all.addAll(flow.transform(toolkit));
      }
    }
    return all.build();
  }
}
