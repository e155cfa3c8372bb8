package dev.blacksmith.spi.store;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A job to insert, {@code acknowledged}.
 *
 * @param nextAt from when it may be claimed: now for realtime actions and the next run for others
 * @param transitionId the id of its first transition
 */
public record NewJob(
    String id,
    String eventId,
    @Nullable String parentJobId,
    String destination,
    String action,
    @Nullable String version,
    String context,
    String data,
    Instant createdAt,
    Instant nextAt,
    String transitionId) {}
