package dev.blacksmith.store;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An event as stored: what a trigger extracted, with an id and the times it went through.
 *
 * @param id time-sortable id
 * @param source the source's name
 * @param trigger the trigger's name
 * @param version the source version, or {@code null} when the source is not versioned
 * @param context JSON text
 * @param data JSON text
 * @param jobs the event's jobs; in a {@link Queue}, only those of the action being loaded
 * @param sentAt when the client says it sent the event, if it did
 * @param receivedAt when the gateway received it
 * @param ingestedAt when it was committed to the store
 * @param parentEventId the event this one is a sub-event of, or {@code null}
 */
public record Event(
    String id,
    String source,
    String trigger,
    @Nullable String version,
    String context,
    String data,
    List<Job> jobs,
    @Nullable Instant sentAt,
    Instant receivedAt,
    Instant ingestedAt,
    @Nullable String parentEventId) {

  public Event {
    jobs = List.copyOf(jobs);
  }

  /** This event with other jobs. */
  public Event withJobs(List<Job> newJobs) {
    return new Event(
        id,
        source,
        trigger,
        version,
        context,
        data,
        newJobs,
        sentAt,
        receivedAt,
        ingestedAt,
        parentEventId);
  }
}
