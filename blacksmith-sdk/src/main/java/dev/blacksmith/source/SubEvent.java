package dev.blacksmith.source;

import dev.blacksmith.destination.Actions;
import dev.blacksmith.flow.Flow;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An event nested in another, such as one call of a batch. It is stored as its own event, with the
 * parent's id as {@code parentEventId}, and gets its own jobs from its actions and flows. A {@code
 * null} context or version is taken from the parent.
 */
public record SubEvent(
    @Nullable String version,
    @Nullable String context,
    @Nullable String data,
    Actions actions,
    List<Flow> flows,
    @Nullable Instant sentAt) {

  public SubEvent {
    flows = List.copyOf(flows);
  }

  /** A sub-event with data as JSON text, going through {@code flows}. */
  public static SubEvent of(String dataJson, Flow... flows) {
    return new SubEvent(null, null, dataJson, Actions.none(), List.of(flows), null);
  }
}
