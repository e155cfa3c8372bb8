package dev.blacksmith.store.jdbc;

import dev.blacksmith.store.Status;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One status change of one job: the new projection of its row and the transition appended for it.
 *
 * @param nextAt when the job may be claimed next, {@code null} when never
 */
record Change(
    String jobId,
    String eventId,
    Status before,
    Status after,
    int attempt,
    String transitionId,
    @Nullable String error,
    Instant at,
    @Nullable Instant nextAt,
    @Nullable String leaseOwner,
    @Nullable Instant leaseUntil) {

  Change {
    // Defence in depth: the callers chose the statuses, the table has the last word.
    Status.checkAllowed(before, after);
  }
}
