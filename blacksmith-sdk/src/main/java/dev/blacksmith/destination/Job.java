package dev.blacksmith.destination;

import dev.blacksmith.json.Json;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What {@link Action#marshal} returns: the fields of a job to load into the destination.
 *
 * @param version the destination version this job is for, such as {@code "v1.0"} or {@code
 *     "2020-10-01"}; {@code null} applies the destination's default version
 * @param context JSON text giving context about the event, the same shape for every event; {@code
 *     null} applies the event's context
 * @param data JSON text of the data to load
 * @param sentAt when the event was originally sent, if known
 */
public record Job(
    @Nullable String version, @Nullable String context, String data, @Nullable Instant sentAt) {

  public Job {
    if (data == null) {
      throw new IllegalArgumentException("data must be JSON text, not null");
    }
  }

  /** A job whose data is {@code value} written as JSON; context and version are inherited. */
  public static Job of(Object value) {
    return new Job(null, null, Json.write(value), null);
  }

  /** A job whose data is the JSON text {@code json}; context and version are inherited. */
  public static Job ofJson(String json) {
    return new Job(null, null, json, null);
  }

  /** This job for a specific destination version. */
  public Job withVersion(String newVersion) {
    return new Job(newVersion, context, data, sentAt);
  }

  /** This job with its own context, {@code value} written as JSON. */
  public Job withContext(Object value) {
    return new Job(version, Json.write(value), data, sentAt);
  }

  /** This job with the time its event was originally sent. */
  public Job withSentAt(Instant newSentAt) {
    return new Job(version, context, data, newSentAt);
  }
}
