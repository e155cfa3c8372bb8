package dev.blacksmith.spi.wanderer;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One change of a migration's status, appended to its history and never updated.
 *
 * @param id time-sortable id
 * @param migrationId the migration
 * @param stateBefore the status before, {@code null} for the migration's first transition
 * @param stateAfter the status after
 * @param error JSON text describing why, such as {@code {"message":"relation t exists"}}, or {@code
 *     null}; PostgreSQL returns it reformatted (spacing, key order)
 * @param createdAt when it happened, on the caller's clock, to the microsecond
 */
public record MigrationTransition(
    String id,
    String migrationId,
    @Nullable MigrationStatus stateBefore,
    MigrationStatus stateAfter,
    @Nullable String error,
    Instant createdAt) {}
