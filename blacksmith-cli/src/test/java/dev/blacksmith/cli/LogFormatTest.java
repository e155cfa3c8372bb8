package dev.blacksmith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import dev.blacksmith.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;
import tools.jackson.databind.JsonNode;

/** The shipped {@code logback.xml}: text by default, JSON lines with the MDC when asked. */
class LogFormatTest {

  /** Configures a fresh context from the shipped file and logs one line with MDC fields. */
  private static String logOnce(@Nullable String format) throws JoranException {
    URL config = LogFormatTest.class.getClassLoader().getResource("logback.xml");
    assertThat(config).isNotNull();
    LoggerContext context = new LoggerContext();
    // The MDC SLF4J writes to, as the context logback starts by itself uses.
    context.setMDCAdapter(MDC.getMDCAdapter());
    if (format != null) {
      // As the environment variable does; logback looks properties up before the environment.
      context.putProperty("BLACKSMITH_LOG_FORMAT", format);
    }
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(config);
      Logger logger = context.getLogger("blacksmith");
      try (MDC.MDCCloseable e = MDC.putCloseable("event_id", "ev-1");
          MDC.MDCCloseable j = MDC.putCloseable("job_id", "job-1");
          MDC.MDCCloseable d = MDC.putCloseable("destination", "warehouse");
          MDC.MDCCloseable a = MDC.putCloseable("action", "notify")) {
        logger.info("loaded {} jobs", 3);
      }
    } finally {
      System.setOut(stdout);
      context.stop();
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void json_format_writes_one_json_object_per_line_with_the_mdc_fields() throws Exception {
    List<String> lines = logOnce("json").lines().filter(l -> !l.isBlank()).toList();

    assertThat(lines).hasSize(1);
    JsonNode line = Json.tree(lines.getFirst());
    assertThat(line.path("level").asString()).isEqualTo("INFO");
    assertThat(line.path("loggerName").asString()).isEqualTo("blacksmith");
    assertThat(line.path("formattedMessage").asString()).isEqualTo("loaded 3 jobs");
    JsonNode mdc = line.path("mdc");
    assertThat(mdc.path("event_id").asString()).isEqualTo("ev-1");
    assertThat(mdc.path("job_id").asString()).isEqualTo("job-1");
    assertThat(mdc.path("destination").asString()).isEqualTo("warehouse");
    assertThat(mdc.path("action").asString()).isEqualTo("notify");
  }

  @Test
  void text_is_the_default_format() throws Exception {
    String out = logOnce(null);

    assertThat(out).contains("INFO", "blacksmith - loaded 3 jobs").doesNotContain("{\"");
    assertThat(logOnce("text")).contains("blacksmith - loaded 3 jobs");
  }
}
