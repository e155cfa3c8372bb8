package {{package}};

import static org.assertj.core.api.Assertions.assertThat;

import dev.blacksmith.source.Event;
import dev.blacksmith.source.Toolkit;
import dev.blacksmith.testkit.authoring.RecordingLogger;
import dev.blacksmith.testkit.authoring.RecordingNotifier;
{{#migrations}}
import dev.blacksmith.wanderer.Migration;
{{/migrations}}
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs {@link {{Name}}Trigger} on a feed built in the test, with the test kit's notifier. */
class {{Name}}TriggerTest {

  private final Deque<List<String>> batches =
      new ArrayDeque<>(
          List.of(List.of("{\"id\":1}", "{\"id\":2}"), List.of(), List.of("{\"id\":3}")));
  private final {{Name}}Trigger trigger =
      new {{Name}}Trigger(wait -> batches.isEmpty() ? List.of() : batches.poll());
  private final Toolkit toolkit = new Toolkit(new RecordingLogger(), null);

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void each_change_becomes_an_event_until_the_trigger_is_asked_to_stop() throws Exception {
    RecordingNotifier notifier = RecordingNotifier.stoppingAfter(3);

    trigger.extract(toolkit, notifier);

    assertThat(notifier.events())
        .extracting(Event::data)
        .containsExactly("{\"id\":1}", "{\"id\":2}", "{\"id\":3}");
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void a_trigger_asked_to_stop_emits_nothing_more() throws Exception {
    RecordingNotifier notifier = RecordingNotifier.stoppingAfter(1);

    trigger.extract(toolkit, notifier);

    assertThat(notifier.events()).extracting(Event::data).containsExactly("{\"id\":1}");
  }
{{hooksTestPart}}{{migrationsTestPart}}}
