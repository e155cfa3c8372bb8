package dev.blacksmith.spi.store;

import dev.blacksmith.store.Status;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one job's attempt.
 *
 * @param jobId the job, {@code executing}
 * @param status {@code succeeded}, {@code failed}, {@code discarded} or {@code unknown}
 * @param error JSON text describing the error, or {@code null}
 * @param nextAt for {@code failed}: when the retry is due; otherwise ignored
 * @param transitionId the id of the transition to append
 */
public record Outcome(
    String jobId,
    Status status,
    @Nullable String error,
    @Nullable Instant nextAt,
    String transitionId) {

  public Outcome {
    if (status == Status.FAILED && nextAt == null) {
      throw new IllegalArgumentException("a failed job needs nextAt, the time of its retry");
    }
    if (!Status.isAllowed(Status.EXECUTING, status) || status == Status.AWAITING) {
      throw new IllegalArgumentException("not an outcome of a load: " + status);
    }
  }
}
