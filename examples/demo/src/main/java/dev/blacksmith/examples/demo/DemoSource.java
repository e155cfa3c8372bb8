package dev.blacksmith.examples.demo;

import dev.blacksmith.source.Source;
import dev.blacksmith.source.Trigger;
import java.time.Clock;
import java.util.Map;

/**
 * Source {@code demo}: events arrive over HTTP (trigger {@code events}) and on a schedule (trigger
 * {@code heartbeat}). A source only groups triggers; each trigger says how its events arrive.
 */
final class DemoSource implements Source {

  static final String NAME = "demo";

  private final Map<String, Trigger> triggers;

  DemoSource(Clock clock) {
    this.triggers =
        Map.of(
            EventsTrigger.NAME, new EventsTrigger(),
            HeartbeatTrigger.NAME, new HeartbeatTrigger(clock));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Map<String, Trigger> triggers() {
    return triggers;
  }
}
