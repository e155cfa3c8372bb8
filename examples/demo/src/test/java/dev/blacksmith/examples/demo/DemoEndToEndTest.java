package dev.blacksmith.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blacksmith.engine.Blacksmith;
import dev.blacksmith.engine.Options;
import dev.blacksmith.json.Json;
import dev.blacksmith.server.BlacksmithServer;
import dev.blacksmith.spi.store.Query;
import dev.blacksmith.testkit.authoring.SettableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The demo as users run it: the engine, its HTTP services, a real store and real files. */
class DemoEndToEndTest {

  @TempDir Path dir;

  private final SettableClock clock = new SettableClock(Instant.parse("2025-03-01T10:00:00Z"));
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private DemoSettings settings;
  private Blacksmith blacksmith;
  private BlacksmithServer server;

  @BeforeEach
  void start_the_demo() {
    settings = new DemoSettings(dir.resolve("events.jsonl"), dir.resolve("warehouse.db"));
    Options.Builder options =
        Options.builder()
            .clock(clock)
            .storeUrl("sqlite:" + dir.resolve("blacksmith.db"))
            .host("127.0.0.1")
            .gatewayPort(0)
            .schedulerPort(0);
    new DemoApplication(settings, clock).configure(options);
    blacksmith = Blacksmith.create(options.build());
    blacksmith.start();
    server = BlacksmithServer.start(blacksmith);
  }

  @AfterEach
  void stop_the_demo() {
    server.close();
    blacksmith.close();
  }

  @Test
  void posted_event_reaches_the_file_at_once_and_the_warehouse_on_its_schedule() throws Exception {
    HttpResponse<String> response = post("{\"hello\":\"e2e\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);

    // Realtime: the line is appended without the clock moving.
    JsonNode line =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> lineWithHello(settings.eventsFile(), "e2e"), Optional::isPresent)
            .orElseThrow();
    assertThat(line.get("context").get("user_agent").stringValue()).isEqualTo("demo-e2e");
    String eventId = line.get("event_id").stringValue();
    assertThat(warehouseRows(settings.warehouseFile(), eventId))
        .as("the warehouse loads every ten seconds, not in realtime")
        .isEmpty();

    clock.advance(Duration.ofSeconds(11));
    blacksmith.scheduler().runDue();

    // A background loop may have loaded it first: either way the row is there shortly.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() ->
            assertThat(warehouseRows(settings.warehouseFile(), eventId))
                .containsExactly("{\"hello\":\"e2e\"}"));
  }

  @Test
  void refused_event_is_answered_400_and_nothing_is_stored() throws Exception {
    HttpResponse<String> response = post("[1,2,3]");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("body must be a JSON object, got array");
    assertThat(blacksmith.store().findEvents(Query.all()).items())
        .noneMatch(event -> event.trigger().equals("events"));
  }

  private HttpResponse<String> post(String body) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + server.gatewayPort() + "/demo/events");
    return http.send(
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .header("User-Agent", "demo-e2e")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static Optional<JsonNode> lineWithHello(Path file, String hello) throws Exception {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    for (String line : Files.readAllLines(file)) {
      JsonNode value = Json.tree(line).get("data").get("hello");
      if (value != null && hello.equals(value.stringValue())) {
        return Optional.of(Json.tree(line));
      }
    }
    return Optional.empty();
  }

  private static List<String> warehouseRows(Path db, String eventId) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        PreparedStatement s = c.prepareStatement("SELECT data FROM events WHERE event_id = ?")) {
      s.setString(1, eventId);
      try (ResultSet r = s.executeQuery()) {
        List<String> rows = new ArrayList<>();
        while (r.next()) {
          rows.add(r.getString(1));
        }
        return rows;
      }
    }
  }
}
