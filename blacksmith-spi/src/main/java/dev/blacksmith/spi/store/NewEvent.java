package dev.blacksmith.spi.store;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An event to insert, with its jobs. Ids come from {@link dev.blacksmith.spi.Ids}.
 *
 * @param context JSON text
 * @param data JSON text
 */
public record NewEvent(
    String id,
    String source,
    String trigger,
    @Nullable String version,
    String context,
    String data,
    @Nullable Instant sentAt,
    Instant receivedAt,
    @Nullable String parentEventId,
    List<NewJob> jobs) {

  public NewEvent {
    jobs = List.copyOf(jobs);
  }
}
