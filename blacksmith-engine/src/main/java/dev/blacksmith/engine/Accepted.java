package dev.blacksmith.engine;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the gateway committed for one extracted event.
 *
 * @param eventId the event's id; {@code null} when the trigger accepted the request but extracted
 *     no event
 * @param jobIds the ids of the event's jobs
 * @param subEvents the child events committed with it, each with its jobs
 * @param rejected the actions for which no job was created, and why (marshal errors, unknown
 *     destinations, actions or versions)
 * @param data the event's data as JSON text
 */
public record Accepted(
    @Nullable String eventId,
    List<String> jobIds,
    List<Accepted> subEvents,
    List<Rejection> rejected,
    String data) {

  /** The answer when a trigger extracted no event: nothing was stored. */
  public static Accepted nothing() {
    return new Accepted(null, List.of(), List.of(), List.of(), "null");
  }

  public Accepted {
    jobIds = List.copyOf(jobIds);
    subEvents = List.copyOf(subEvents);
    rejected = List.copyOf(rejected);
  }

  /**
   * An action of an event for which no job was created.
   *
   * @param destination the destination's name
   * @param action the action's name
   * @param message why
   */
  public record Rejection(String destination, String action, String message) {}
}
