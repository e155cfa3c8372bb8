package dev.blacksmith.modules.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blacksmith.destination.Destination;
import dev.blacksmith.engine.Blacksmith;
import dev.blacksmith.engine.Options;
import dev.blacksmith.json.Json;
import dev.blacksmith.server.BlacksmithServer;
import dev.blacksmith.store.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The whole path, configured without code: an event posted to the gateway's HTTP trigger becomes a
 * job of an HTTP destination read from a YAML file named by the environment, and the running
 * scheduler loads it into a local webhook.
 */
class GatewayToWebhookTest {

  @TempDir Path dir;

  @Test
  void an_event_posted_to_the_gateway_reaches_the_webhook_configured_by_yaml() throws Exception {
    try (ScriptedServer webhook = new ScriptedServer()) {
      webhook.then(ScriptedServer.status(503, "{\"error\":\"warming up\"}"));
      Path yaml = dir.resolve("http.yml");
      Files.writeString(
          yaml,
          """
          destinations:
            - name: webhook
              url: ${HOOK_URL}
              headers:
                Authorization: Bearer ${HOOK_TOKEN}
              envelope: data
              timeouts: {connect: 2s, request: 5s}
              schedule: {realtime: true, interval: "@every 1s", max_retries: 5}
              statuses: {retry: [408, 429, 5xx], discard: 4xx}
          """);
      Map<String, String> env =
          Map.of(
              "BLACKSMITH_HTTP_CONFIG", yaml.toString(),
              "HOOK_URL", webhook.url("/events"),
              "HOOK_TOKEN", "t0ken");
      List<HttpDestination> destinations = HttpDestination.fromEnvironment(env);

      Blacksmith blacksmith =
          Blacksmith.create(
              Options.builder()
                  .storeUrl("sqlite:" + dir.resolve("blacksmith.db"))
                  .host("127.0.0.1")
                  .gatewayPort(0)
                  .schedulerPort(0)
                  .adminToken("admin-token")
                  .sweepInterval(Duration.ofMillis(100))
                  .source(new Pipeline.App())
                  .destination(destinations.toArray(Destination[]::new))
                  .build());
      blacksmith.start();
      try (blacksmith;
          BlacksmithServer server = BlacksmithServer.start(blacksmith);
          HttpClient client =
              HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
        HttpResponse<String> answer =
            client.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.gatewayPort() + "/app/track"))
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(10))
                    .POST(
                        HttpRequest.BodyPublishers.ofString("{\"user\":\"ada\",\"plan\":\"pro\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(202);
        JsonNode meta = Json.tree(answer.body()).get("meta");
        String jobId = meta.get("job_ids").get(0).asString();
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> blacksmith.store().findJob(jobId).orElseThrow().status() == Status.SUCCEEDED);

        assertThat(webhook.received).as("503 first, then the retry a second later").hasSize(2);
        assertThat(webhook.received)
            .allSatisfy(r -> {
              assertThat(r.path()).isEqualTo("/events");
              assertThat(r.header("Authorization")).isEqualTo("Bearer t0ken");
              assertThat(r.header("Idempotency-Key")).isEqualTo(jobId);
              assertThat(Json.tree(r.body()))
                  .isEqualTo(Json.tree("{\"user\":\"ada\",\"plan\":\"pro\"}"));
            });
        assertThat(blacksmith.store().findJob(jobId).orElseThrow().attempt()).isEqualTo(2);
      }
    }
  }
}
