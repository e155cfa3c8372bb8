package dev.blacksmith.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blacksmith.json.Json;
import dev.blacksmith.source.Event;
import dev.blacksmith.source.Mode;
import dev.blacksmith.source.Toolkit;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class HeartbeatTriggerTest {

  private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");

  private final HeartbeatTrigger trigger = new HeartbeatTrigger(Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void runs_every_minute_as_a_cron_trigger() {
    assertThat(trigger.mode()).isEqualTo(Mode.CRON);
    assertThat(trigger.schedule().interval()).isEqualTo("@every 1m");
  }

  @Test
  void emits_a_heartbeat_timed_by_the_clock_through_the_flow() {
    Event event = trigger.extract(new Toolkit(LoggerFactory.getLogger("test"), null));

    assertThat(Json.tree(event.data()))
        .isEqualTo(Json.tree("{\"type\":\"heartbeat\",\"at\":\"2025-03-01T10:00:00Z\"}"));
    assertThat(event.sentAt()).isEqualTo(NOW);
    assertThat(event.flows()).containsExactly(new ToFileAndWarehouse(event.data()));
  }
}
