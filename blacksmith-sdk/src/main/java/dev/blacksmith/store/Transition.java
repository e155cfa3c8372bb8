package dev.blacksmith.store;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One change of a job's status, appended to its history and never updated.
 *
 * @param id time-sortable id
 * @param attempt the attempt this transition belongs to: 0 before the first load, then 1, 2, ...
 * @param stateBefore the status before, {@code null} for the job's first transition
 * @param stateAfter the status after
 * @param error JSON text describing the error that caused it, or {@code null}
 * @param createdAt when it happened
 * @param eventId the event of the job
 * @param jobId the job
 */
public record Transition(
    String id,
    int attempt,
    @Nullable Status stateBefore,
    Status stateAfter,
    @Nullable String error,
    Instant createdAt,
    String eventId,
    String jobId) {}
