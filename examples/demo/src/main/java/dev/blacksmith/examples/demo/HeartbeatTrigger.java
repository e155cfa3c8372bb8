package dev.blacksmith.examples.demo;

import dev.blacksmith.json.Json;
import dev.blacksmith.source.CronTrigger;
import dev.blacksmith.source.Event;
import dev.blacksmith.source.Schedule;
import dev.blacksmith.source.Toolkit;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * Trigger {@code heartbeat}: a CRON trigger emitting a small event every minute, through the same
 * flow as HTTP events. It shows a trigger that runs on a schedule rather than on a request; the
 * platform runs it on one instance at a time.
 */
final class HeartbeatTrigger implements CronTrigger {

  static final String NAME = "heartbeat";

  private final Clock clock;

  HeartbeatTrigger(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** {@code @every 1m}; a five-field CRON expression such as {@code "* * * * *"} works too. */
  @Override
  public Schedule schedule() {
    return new Schedule("@every 1m");
  }

  @Override
  public Event extract(Toolkit toolkit) {
    Instant now = clock.instant();
    String data = Json.write(Map.of("type", "heartbeat", "at", now.toString()));
    return Event.builder().dataJson(data).sentAt(now).flow(new ToFileAndWarehouse(data)).build();
  }
}
