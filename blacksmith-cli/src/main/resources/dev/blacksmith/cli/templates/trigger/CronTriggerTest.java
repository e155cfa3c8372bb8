package {{package}};

import static org.assertj.core.api.Assertions.assertThat;

import dev.blacksmith.json.Json;
import dev.blacksmith.source.Event;
import dev.blacksmith.source.Toolkit;
import dev.blacksmith.testkit.authoring.RecordingLogger;
import dev.blacksmith.testkit.authoring.SettableClock;
{{#migrations}}
import dev.blacksmith.wanderer.Migration;
{{/migrations}}
import java.time.Duration;
import java.time.Instant;
{{#migrations}}
import java.util.List;
{{/migrations}}
import org.junit.jupiter.api.Test;

/** Runs {@link {{Name}}Trigger} on the test kit's {@link SettableClock}: no waiting for time. */
class {{Name}}TriggerTest {

  private final SettableClock clock = SettableClock.at("2030-01-01T00:00:00Z");
  private final {{Name}}Trigger trigger = new {{Name}}Trigger(clock);
  private final Toolkit toolkit = new Toolkit(new RecordingLogger(), null);

  @Test
  void each_run_emits_an_event_sent_at_the_time_of_the_run() {
    clock.advance(Duration.ofHours(1));

    Event event = trigger.extract(toolkit);

    assertThat(event.sentAt()).isEqualTo(Instant.parse("2030-01-01T01:00:00Z"));
    assertThat(Json.tree(event.data()).get("at").stringValue()).isEqualTo("2030-01-01T01:00:00Z");
  }

  @Test
  void runs_every_hour() {
    assertThat(trigger.schedule().interval()).isEqualTo("@every 1h");
  }
{{hooksTestPart}}{{migrationsTestPart}}}
