package dev.blacksmith.destination;

import dev.blacksmith.supervisor.Service;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * What the platform hands to destination code.
 *
 * @param logger the application's logger
 * @param service the instance running this code: a gateway instance when marshalling, a scheduler
 *     instance when loading; {@code null} when no supervisor is configured
 * @param eventId the id of the event being marshalled, such as {@code
 *     "0193a0c4-52f1-7d2c-9a51-7c1d1e0f2a11"}; {@code null} in {@link Action#load} and in hooks,
 *     since a load receives a whole queue
 * @param jobId the id of the job being marshalled; {@code null} in {@link Action#load} and in hooks
 */
public record Toolkit(
    Logger logger, @Nullable Service service, @Nullable String eventId, @Nullable String jobId) {}
