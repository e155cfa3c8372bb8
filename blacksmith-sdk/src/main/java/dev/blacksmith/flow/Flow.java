package dev.blacksmith.flow;

import dev.blacksmith.destination.Actions;

/**
 * Maps an event to destination actions. A trigger lists the flows an event goes through in {@link
 * dev.blacksmith.source.Event#flows()}; each flow instance carries the event's data.
 *
 * <p>A flow is off until its {@link #options()} enable it: a disabled flow creates no jobs, so a
 * flow can be shipped and switched on later.
 */
public interface Flow {

  /** The options of this flow; the default leaves it disabled. */
  default Options options() {
    return Options.DISABLED;
  }

  /**
   * The actions to run for the event this flow carries.
   *
   * @throws Exception to create no job from this flow; logged and reported in the gateway's answer
   */
  Actions transform(Toolkit toolkit) throws Exception;
}
