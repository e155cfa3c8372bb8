package dev.blacksmith.engine;

import dev.blacksmith.spi.store.Query;
import dev.blacksmith.store.Status;
import java.time.Duration;
import java.util.Set;

/**
 * A retention policy: every {@code interval}, delete the events matching {@code events} that are
 * older than {@code olderThan} and whose every job is in one of {@code allJobsIn}, with their jobs
 * and transitions. Runs on the scheduler service, on one instance at a time.
 *
 * @param name names the policy in logs and in its lock {@code purge/<name>}
 * @param interval {@code @every <duration>} or a CRON expression
 */
public record PurgePolicy(
    String name,
    Query.EventFilter events,
    Set<Status> allJobsIn,
    Duration olderThan,
    String interval) {

  public PurgePolicy {
    allJobsIn = Set.copyOf(allJobsIn);
    if (allJobsIn.isEmpty()) {
      throw new IllegalArgumentException("a purge policy must name the statuses it purges");
    }
    if (olderThan.isNegative()) {
      throw new IllegalArgumentException("olderThan must not be negative");
    }
  }

  /** The default policy: events whose jobs all succeeded, older than {@code age}, every hour. */
  public static PurgePolicy succeededOlderThan(Duration age) {
    return new PurgePolicy(
        "succeeded", Query.EventFilter.NONE, Set.of(Status.SUCCEEDED), age, "@every 1h");
  }
}
