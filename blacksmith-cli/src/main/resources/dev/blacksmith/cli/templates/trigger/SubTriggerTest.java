package {{package}};

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blacksmith.json.Json;
import dev.blacksmith.pubsub.Message;
import dev.blacksmith.source.Event;
import dev.blacksmith.source.Toolkit;
import dev.blacksmith.testkit.authoring.RecordingLogger;
{{#migrations}}
import dev.blacksmith.wanderer.Migration;
import java.util.List;
{{/migrations}}
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Feeds {@link {{Name}}Trigger} messages built in the test. */
class {{Name}}TriggerTest {

  private final {{Name}}Trigger trigger = new {{Name}}Trigger();
  private final Toolkit toolkit = new Toolkit(new RecordingLogger(), null);

  @Test
  void a_json_message_becomes_the_event_data() {
    Event event = trigger.extract(toolkit, Message.of("{\"order\":42}", Map.of()));

    assertThat(event.data()).isEqualTo("{\"order\":42}");
  }

  @Test
  void a_message_that_is_not_json_is_refused_so_the_broker_delivers_it_again() {
    assertThatThrownBy(() -> trigger.extract(toolkit, Message.of("not json", Map.of())))
        .isInstanceOf(Json.JsonException.class)
        .hasMessageContaining("message body is not valid JSON");
  }
{{hooksTestPart}}{{migrationsTestPart}}}
