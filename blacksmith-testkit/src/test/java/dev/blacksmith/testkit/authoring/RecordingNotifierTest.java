package dev.blacksmith.testkit.authoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blacksmith.source.Event;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class RecordingNotifierTest {

  private static Event event(int n) {
    return Event.builder().dataJson("{\"n\":" + n + "}").build();
  }

  @Test
  void asks_the_trigger_to_stop_once_it_emitted_the_given_number_of_events() {
    RecordingNotifier notifier = RecordingNotifier.stoppingAfter(2);
    int n = 0;
    while (!notifier.isShuttingDown()) {
      notifier.emit(event(n++));
    }

    assertThat(notifier.events()).extracting(Event::data).containsExactly("{\"n\":0}", "{\"n\":1}");
    assertThatThrownBy(() -> notifier.emit(event(3)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("after it was asked to stop");
  }

  @Test
  void keeps_errors_and_stops_when_told() {
    RecordingNotifier notifier = new RecordingNotifier();
    IOException lost = new IOException("replication slot lost");

    notifier.error(lost);
    assertThat(notifier.isShuttingDown()).isFalse();
    notifier.shutDown();

    assertThat(notifier.errors()).containsExactly(lost);
    assertThat(notifier.isShuttingDown()).isTrue();
    assertThatThrownBy(() -> RecordingNotifier.stoppingAfter(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
