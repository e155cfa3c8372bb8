package dev.blacksmith.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blacksmith.engine.ServiceKind;
import dev.blacksmith.server.TestApp.Answer;
import java.net.ConnectException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerLifecycleTest {

  @TempDir Path dir;

  @Test
  void both_services_listen_on_their_own_free_ports() {
    try (TestApp app = TestApp.start(dir)) {
      assertThat(app.gateway()).isPositive();
      assertThat(app.scheduler()).isPositive().isNotEqualTo(app.gateway());
    }
  }

  @Test
  void close_is_idempotent_and_stops_listening() {
    TestApp app = TestApp.start(dir);
    int port = app.gateway();

    app.close();
    app.close();

    assertThat(app.server.gatewayPort()).isEqualTo(-1);
    assertThat(app.server.schedulerPort()).isEqualTo(-1);
    assertThatThrownBy(() -> app.get(port, "/_health")).hasCauseInstanceOf(ConnectException.class);
    assertThat(app.blacksmith.isHealthy()).isFalse();
  }

  @Test
  void gateway_only_process_serves_the_admin_api_on_the_gateway() {
    try (TestApp app = TestApp.start(dir, b -> b.services(ServiceKind.GATEWAY))) {
      assertThat(app.scheduler()).isEqualTo(-1);

      Answer accepted = app.post(app.gateway(), "/shop/acme/orders", "{\"id\":\"o-1\"}");
      String eventId = accepted.json().path("meta").path("event_id").asString();
      Answer event = app.get(app.gateway(), "/admin/api/store/events/" + eventId);

      assertThat(accepted.status()).isEqualTo(202);
      assertThat(event.status()).isEqualTo(200);
      assertThat(event.json().path("data").path("id").asString()).isEqualTo(eventId);
      assertThat(app.get(app.gateway(), "/_health").json().path("data").path("service").asString())
          .isEqualTo("gateway");
    }
  }

  @Test
  void scheduler_only_process_has_no_gateway() {
    try (TestApp app = TestApp.start(dir, b -> b.services(ServiceKind.SCHEDULER))) {
      assertThat(app.gateway()).isEqualTo(-1);
      assertThat(app.get(app.scheduler(), "/_health").status()).isEqualTo(200);
      assertThat(app.get(app.scheduler(), "/admin/api/store/events").status()).isEqualTo(200);
      assertThat(app.post(app.scheduler(), "/shop/acme/orders", "{\"id\":\"o-1\"}").status())
          .isEqualTo(404);
    }
  }

  @Test
  void close_lets_a_request_in_flight_finish_before_closing_blacksmith() throws Exception {
    TestApp app = TestApp.start(dir);
    CompletableFuture<HttpResponse<String>> inFlight =
        app.http.sendAsync(
            HttpRequest.newBuilder(TestApp.uri(app.gateway(), "/shop/slow"))
                .timeout(Duration.ofSeconds(20))
                .POST(BodyPublishers.ofString("{\"id\":\"s-1\"}"))
                .build(),
            BodyHandlers.ofString());
    assertThat(app.shop.slowEntered.await(10, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Void> closing = CompletableFuture.runAsync(app::close);
    // Closing waits for the request; it cannot finish while the trigger holds it.
    assertThatThrownBy(() -> closing.get(1500, TimeUnit.MILLISECONDS))
        .isInstanceOf(java.util.concurrent.TimeoutException.class);
    app.shop.release.countDown();

    HttpResponse<String> response = inFlight.get(20, TimeUnit.SECONDS);
    closing.get(20, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(
            new Answer(response.statusCode(), response.headers(), response.body())
                .json()
                .path("meta")
                .path("event_id")
                .asString())
        .isNotBlank();
  }

  @Test
  void event_accepted_before_close_is_in_the_store_after_a_restart() throws Exception {
    String eventId;
    try (TestApp app = TestApp.start(dir)) {
      eventId =
          app.post(app.gateway(), "/shop/acme/orders", "{\"id\":\"o-1\"}")
              .json()
              .path("meta")
              .path("event_id")
              .asString();
    }
    try (TestApp app = TestApp.start(dir)) {
      assertThat(app.get(app.scheduler(), "/admin/api/store/events/" + eventId).status())
          .isEqualTo(200);
    }
  }
}
