package dev.blacksmith.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blacksmith.json.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The demo as a real process started with {@code blacksmith start}: killed with {@code kill -9}
 * under load it loses no acknowledged event, and {@code SIGTERM} stops it gracefully.
 */
class DemoProcessTest {

  private static final String ADMIN_TOKEN = "demo-test-token";

  @TempDir Path dir;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final List<Process> processes = new ArrayList<>();
  private int gatewayPort;
  private int schedulerPort;

  @AfterEach
  void stop_what_is_left() {
    processes.forEach(Process::destroyForcibly);
  }

  private Process start() throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder =
        new ProcessBuilder(
            java.toString(),
            "--enable-native-access=ALL-UNNAMED",
            // The logging of the shipped jar, not this module's test logging.
            "-Dlogback.configurationFile=logback.xml",
            "-cp",
            System.getProperty("java.class.path"),
            "dev.blacksmith.cli.Main",
            "start",
            "--host",
            "127.0.0.1",
            "--gateway-port",
            Integer.toString(gatewayPort),
            "--scheduler-port",
            Integer.toString(schedulerPort),
            "--store-url",
            "sqlite:" + dir.resolve("blacksmith.db"));
    builder.environment().put("DEMO_FILE_PATH", dir.resolve("events.jsonl").toString());
    builder.environment().put("DEMO_WAREHOUSE_PATH", dir.resolve("warehouse.db").toString());
    // Short leases so that the killed process's claims are taken over within the test.
    builder.environment().put("BLACKSMITH_LEASE_DURATION", "2s");
    builder.environment().put("BLACKSMITH_ADMIN_TOKEN", ADMIN_TOKEN);
    builder.redirectErrorStream(true);
    builder.redirectOutput(dir.resolve("process-" + processes.size() + ".log").toFile());
    Process process = builder.start();
    processes.add(process);
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(() -> get(gatewayPort, "/_health").statusCode() == 200);
    return process;
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + ADMIN_TOKEN)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void kill_9_under_load_loses_no_acknowledged_event_and_sigterm_stops_gracefully()
      throws Exception {
    gatewayPort = freePort();
    schedulerPort = freePort();
    Process first = start();

    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicBoolean sending = new AtomicBoolean(true);
    try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < 16; c++) {
        int client = c;
        clients.submit(() -> {
          for (int i = 0; sending.get(); i++) {
            try {
              HttpResponse<String> response =
                  http.send(
                      HttpRequest.newBuilder(
                              URI.create("http://127.0.0.1:" + gatewayPort + "/demo/events"))
                          .timeout(Duration.ofSeconds(5))
                          .POST(
                              HttpRequest.BodyPublishers.ofString(
                                  "{\"client\":" + client + ",\"n\":" + i + "}"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString());
              if (response.statusCode() == 202) {
                acknowledged.add(Json.tree(response.body()).get("meta").get("event_id").asString());
              }
            } catch (IOException | InterruptedException e) {
              return null; // The process died under us: stop this client.
            }
          }
          return null;
        });
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 500);
      first.destroyForcibly(); // kill -9, while requests are in flight
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
      sending.set(false);
    }
    assertThat(first.exitValue()).isEqualTo(137);

    Process second = start();
    for (String eventId : acknowledged) {
      HttpResponse<String> response = get(schedulerPort, "/admin/api/store/events/" + eventId);
      assertThat(response.statusCode()).as("event %s", eventId).isEqualTo(200);
      assertThat(Json.tree(response.body()).get("data").get("jobs").size()).isEqualTo(2);
    }
    // Every acknowledged event's realtime job ends up loaded into the file, including those the
    // killed process had claimed: they are taken over once their lease expires.
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> linesInFile().containsAll(acknowledged));

    second.destroy(); // SIGTERM
    assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String log = Files.readString(dir.resolve("process-1.log"));
    assertThat(log).contains("Blacksmith stopped");
    assertThat(log).doesNotContain("Exception");
  }

  private Set<String> linesInFile() throws IOException {
    Set<String> events = ConcurrentHashMap.newKeySet();
    Path file = dir.resolve("events.jsonl");
    if (!Files.exists(file)) {
      return events;
    }
    for (String line : Files.readAllLines(file)) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = Json.tree(line);
      } catch (Json.JsonException e) {
        continue; // A line cut by kill -9; the job is loaded again after its lease.
      }
      events.add(node.get("event_id").asString());
    }
    return events;
  }
}
