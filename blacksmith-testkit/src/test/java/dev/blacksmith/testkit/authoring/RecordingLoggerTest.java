package dev.blacksmith.testkit.authoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class RecordingLoggerTest {

  @Test
  void keeps_each_line_with_its_level_arguments_and_throwable() {
    RecordingLogger logger = new RecordingLogger();
    IOException e = new IOException("timeout");

    logger.info("loaded {} jobs into {}", 3, "crm");
    logger.warn("retrying {}", "j1", e);
    logger.debug("plain");

    assertThat(logger.entries())
        .containsExactly(
            new RecordingLogger.Entry(Level.INFO, "loaded 3 jobs into crm", null),
            new RecordingLogger.Entry(Level.WARN, "retrying j1", e),
            new RecordingLogger.Entry(Level.DEBUG, "plain", null));
    assertThat(logger.messages(Level.WARN)).containsExactly("retrying j1");
    assertThat(logger.getName()).isEqualTo("blacksmith.test");
  }

  @Test
  void clear_forgets_what_was_logged() {
    RecordingLogger logger = new RecordingLogger("crm");
    logger.error("boom");

    logger.clear();

    assertThat(logger.messages()).isEmpty();
    assertThat(logger.isTraceEnabled()).isTrue();
  }
}
