package dev.blacksmith.server;

import dev.blacksmith.engine.Blacksmith;
import dev.blacksmith.engine.Options;
import dev.blacksmith.json.Json;
import dev.blacksmith.spi.store.Query;
import dev.blacksmith.testkit.authoring.SettableClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;

/**
 * A real Blacksmith (SQLite store in a temporary directory, in-process pub/sub, a clock that stands
 * still) with its HTTP services on free ports, and a JDK HTTP client to drive them.
 */
final class TestApp implements AutoCloseable {

  static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

  /** The admin token every test app is started with; {@link #get} and {@link #post} send it. */
  static final String ADMIN_TOKEN = "test-admin-token";

  final SettableClock clock = new SettableClock(T0);
  final Shop shop = new Shop();
  final Blacksmith blacksmith;
  final BlacksmithServer server;
  final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private TestApp(Path dir, UnaryOperator<Options.Builder> tweak) {
    Options options =
        tweak
            .apply(
                Options.builder()
                    .source(shop)
                    .destination(new Warehouse())
                    .clock(clock)
                    .storeUrl("sqlite:" + dir.resolve("b.db"))
                    .host("127.0.0.1")
                    .adminToken(ADMIN_TOKEN)
                    .gatewayPort(0)
                    .schedulerPort(0)
                    .sweepInterval(Duration.ofMillis(100))
                    .shutdownTimeout(Duration.ofSeconds(10)))
            .build();
    this.blacksmith = Blacksmith.create(options);
    blacksmith.start();
    try {
      this.server = BlacksmithServer.start(blacksmith);
    } catch (RuntimeException e) {
      blacksmith.close();
      throw e;
    }
  }

  static TestApp start(Path dir) {
    return start(dir, b -> b);
  }

  /** Starts with the test defaults, then what {@code tweak} changes. */
  static TestApp start(Path dir, UnaryOperator<Options.Builder> tweak) {
    return new TestApp(dir, tweak);
  }

  int gateway() {
    return server.gatewayPort();
  }

  int scheduler() {
    return server.schedulerPort();
  }

  /** A GET; to the admin API or {@code /metrics}, with the admin token. */
  Answer get(int port, String pathAndQuery) {
    return send(withToken(HttpRequest.newBuilder(uri(port, pathAndQuery)).GET(), pathAndQuery));
  }

  /** A JSON POST; to the admin API, with the admin token. */
  Answer post(int port, String path, String json) {
    return send(
        withToken(
            HttpRequest.newBuilder(uri(port, path))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(json)),
            path));
  }

  private static HttpRequest.Builder withToken(HttpRequest.Builder request, String path) {
    return path.startsWith("/admin") || path.startsWith("/metrics")
        ? request.header("Authorization", "Bearer " + ADMIN_TOKEN)
        : request;
  }

  Answer send(HttpRequest.Builder request) {
    try {
      var response =
          http.send(request.timeout(Duration.ofSeconds(20)).build(), BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static URI uri(int port, String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + port + pathAndQuery);
  }

  long storedEvents() {
    return blacksmith.store().findEvents(Query.all()).count();
  }

  long storedJobs() {
    return blacksmith.store().findJobs(Query.all()).count();
  }

  @Override
  public void close() {
    server.close();
  }

  /** An HTTP answer. */
  record Answer(int status, HttpHeaders headers, String body) {
    JsonNode json() {
      return Json.tree(body);
    }
  }
}
