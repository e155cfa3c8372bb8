package dev.blacksmith.store;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A job: one action of one destination to run for one event.
 *
 * @param id time-sortable id
 * @param destination the destination's name
 * @param action the action's name
 * @param version the destination version, or {@code null} when the destination is not versioned
 * @param context JSON text
 * @param data JSON text
 * @param transition the job's latest transition, so its current status and attempt
 * @param createdAt when the gateway (or a follow-up) created it
 * @param eventId the event it was created for
 * @param parentJobId the job whose outcome created this one as a follow-up, or {@code null}
 */
public record Job(
    String id,
    String destination,
    String action,
    @Nullable String version,
    String context,
    String data,
    Transition transition,
    Instant createdAt,
    String eventId,
    @Nullable String parentJobId) {

  /** The current status, from the latest transition. */
  public Status status() {
    return transition.stateAfter();
  }

  /** The current attempt, from the latest transition. */
  public int attempt() {
    return transition.attempt();
  }
}
