package dev.blacksmith.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import dev.blacksmith.json.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The engine's log lines, written by logback's JSON encoder as {@code BLACKSMITH_LOG_FORMAT=json}
 * does, carry the event, job, destination and action they are about.
 */
class StructuredLogTest {

  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private OutputStreamAppender<ILoggingEvent> appender;
  private Logger engineLogger;
  private Level previousLevel;

  @BeforeEach
  void captureJson() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext(context);
    // As the CLI's logback.xml sets it: the message with its arguments in.
    encoder.setWithMessage(false);
    encoder.setWithArguments(false);
    encoder.setWithFormattedMessage(true);
    encoder.start();
    appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.setOutputStream(out);
    appender.start();
    engineLogger = context.getLogger("blacksmith");
    previousLevel = engineLogger.getLevel();
    engineLogger.setLevel(Level.DEBUG);
    engineLogger.addAppender(appender);
  }

  @AfterEach
  void release() {
    engineLogger.detachAppender(appender);
    engineLogger.setLevel(previousLevel);
    appender.stop();
  }

  private List<JsonNode> lines() {
    List<JsonNode> lines = new ArrayList<>();
    String text;
    synchronized (out) {
      text = out.toString(StandardCharsets.UTF_8);
    }
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        lines.add(Json.tree(line));
      }
    }
    return lines;
  }

  private List<JsonNode> linesContaining(String text) {
    return lines().stream()
        .filter(l -> l.path("formattedMessage").asString("").contains(text))
        .toList();
  }

  @Test
  void a_load_logs_its_destination_action_and_job_ids_and_a_marshal_its_event() {
    try (TestApp app = TestApp.start(dir)) {
      JsonNode meta =
          app.post(app.gateway(), "/shop/acme/orders", "{\"id\":\"o-1\",\"broken\":true}")
              .json()
              .path("meta");
      String eventId = meta.path("event_id").asString();
      List<String> jobIds = new ArrayList<>();
      meta.path("job_ids").forEach(j -> jobIds.add(j.asString()));
      assertThat(eventId).isNotBlank();

      JsonNode rejected = linesContaining("no job for warehouse/broken").getFirst();
      assertThat(rejected.path("level").asString()).isEqualTo("WARN");
      assertThat(rejected.path("mdc").path("event_id").asString()).isEqualTo(eventId);
      assertThat(rejected.path("mdc").path("destination").asString()).isEqualTo("warehouse");
      assertThat(rejected.path("mdc").path("action").asString()).isEqualTo("broken");

      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> !linesContaining("load of warehouse/notify").isEmpty());
      JsonNode load = linesContaining("load of warehouse/notify").getFirst();
      JsonNode mdc = load.path("mdc");
      assertThat(mdc.path("destination").asString()).isEqualTo("warehouse");
      assertThat(mdc.path("action").asString()).isEqualTo("notify");
      assertThat(mdc.path("job_count").asString()).isEqualTo("1");
      assertThat(jobIds).contains(mdc.path("job_ids").asString());
    }
  }
}
