package dev.blacksmith.spi.store;

import dev.blacksmith.store.Status;
import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Filters over events and jobs, as the admin API takes them ({@code events.sources_in}, {@code
 * jobs.status_in}, ...). Empty sets and {@code null}s filter nothing.
 *
 * @param offset how many results to skip
 * @param limit the page size, 1 to {@link #MAX_LIMIT}
 */
public record Query(EventFilter events, JobFilter jobs, int offset, int limit) {

  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;

  public Query {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be 0 or more, was " + offset);
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
    }
  }

  /** Everything, first page. */
  public static Query all() {
    return new Query(EventFilter.NONE, JobFilter.NONE, 0, DEFAULT_LIMIT);
  }

  public Query withPage(int newOffset, int newLimit) {
    return new Query(events, jobs, newOffset, newLimit);
  }

  public Query withEvents(EventFilter filter) {
    return new Query(filter, jobs, offset, limit);
  }

  public Query withJobs(JobFilter filter) {
    return new Query(events, filter, offset, limit);
  }

  /** Filters on events. */
  public record EventFilter(
      Set<String> sourcesIn,
      Set<String> sourcesNotIn,
      Set<String> triggersIn,
      Set<String> triggersNotIn,
      Set<String> versionsIn,
      Set<String> versionsNotIn,
      @Nullable Instant receivedBefore,
      @Nullable Instant receivedAfter) {

    public static final EventFilter NONE =
        new EventFilter(Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), null, null);

    public EventFilter {
      sourcesIn = Set.copyOf(sourcesIn);
      sourcesNotIn = Set.copyOf(sourcesNotIn);
      triggersIn = Set.copyOf(triggersIn);
      triggersNotIn = Set.copyOf(triggersNotIn);
      versionsIn = Set.copyOf(versionsIn);
      versionsNotIn = Set.copyOf(versionsNotIn);
    }

    public boolean isEmpty() {
      return equals(NONE);
    }
  }

  /** Filters on jobs. */
  public record JobFilter(
      Set<String> destinationsIn,
      Set<String> destinationsNotIn,
      Set<String> actionsIn,
      Set<String> actionsNotIn,
      Set<Status> statusIn,
      Set<Status> statusNotIn,
      @Nullable Integer minAttempts,
      @Nullable Integer maxAttempts,
      @Nullable String eventId) {

    public static final JobFilter NONE =
        new JobFilter(Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), null, null, null);

    public JobFilter {
      destinationsIn = Set.copyOf(destinationsIn);
      destinationsNotIn = Set.copyOf(destinationsNotIn);
      actionsIn = Set.copyOf(actionsIn);
      actionsNotIn = Set.copyOf(actionsNotIn);
      statusIn = Set.copyOf(statusIn);
      statusNotIn = Set.copyOf(statusNotIn);
    }

    public boolean isEmpty() {
      return equals(NONE);
    }
  }
}
