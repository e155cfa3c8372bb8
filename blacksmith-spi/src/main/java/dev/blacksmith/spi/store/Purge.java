package dev.blacksmith.spi.store;

import dev.blacksmith.store.Status;
import java.time.Instant;
import java.util.Set;

/**
 * What {@link Store#purge} deletes: events (with their jobs and transitions, and their sub-events)
 * matching {@code events}, received before {@code receivedBefore}, whose every job is in one of
 * {@code allJobsIn} (an event without jobs qualifies).
 *
 * @param limit the most events deleted by one call, so a purge never holds the store for long
 */
public record Purge(
    Query.EventFilter events, Set<Status> allJobsIn, Instant receivedBefore, int limit) {

  public Purge {
    allJobsIn = Set.copyOf(allJobsIn);
    if (allJobsIn.isEmpty()) {
      throw new IllegalArgumentException("allJobsIn must name at least one status");
    }
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
  }

  /** The default policy: events whose jobs all succeeded, received before {@code before}. */
  public static Purge succeededBefore(Instant before) {
    return new Purge(Query.EventFilter.NONE, Set.of(Status.SUCCEEDED), before, 1000);
  }
}
