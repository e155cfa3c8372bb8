package dev.blacksmith.modules.segment;

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Job;
import dev.blacksmith.destination.ThenSink;
import dev.blacksmith.destination.Toolkit;
import dev.blacksmith.store.Queue;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An action of another destination, named by configuration, carrying a Segment call. It only
 * marshals: the job it makes is loaded by the destination's own registered action of that name.
 *
 * @param name the action's name in its destination
 * @param call the call as JSON text, the job's data
 * @param sentAt when the client sent the call
 */
record ForwardedCall(String name, String call, @Nullable Instant sentAt) implements Action {

  @Override
  public Job marshal(Toolkit toolkit) {
    // A null context and version take the event's context and the destination's default version.
    return new Job(null, null, call, sentAt);
  }

  @Override
  public void load(Toolkit toolkit, Queue queue, ThenSink then) {
    throw new IllegalStateException(
        "a forwarded Segment call only marshals; action '"
            + name
            + "' of its destination loads the jobs");
  }
}
