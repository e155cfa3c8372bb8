package dev.blacksmith.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blacksmith.engine.OverloadedException;
import dev.blacksmith.json.Json;
import dev.blacksmith.source.ExtractException;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** How the gateway answers each way a commit can fail, over a real HTTP server. */
class FailureAnswerTest {

  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private Javalin server;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void start() {
    server =
        Javalin.create(
                config -> {
                  config.startup.showJavalinBanner = false;
                  config.routes.get(
                      "/fail",
                      ctx -> GatewayRoutes.failure(ctx, GatewayRoutes.unwrap(failure.get())));
                })
            .start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void overloaded_gateway_answers_503_with_retry_after_in_whole_seconds() throws Exception {
    failure.set(
        new CompletionException(
            new OverloadedException("the gateway is saturated", Duration.ofMillis(1500))));

    HttpResponse<String> response = get();

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
    assertThat(Json.tree(response.body()).toString())
        .isEqualTo(
            "{\"statusCode\":503,\"message\":\"the gateway is saturated\",\"validations\":[]}");
  }

  @Test
  void extract_error_wrapped_by_the_future_answers_with_its_own_status() throws Exception {
    failure.set(
        new ExecutionException(
            new CompletionException(
                new ExtractException(
                    422,
                    "email is invalid",
                    List.of(new ExtractException.Validation("bad", List.of("body", "email")))))));

    HttpResponse<String> response = get();

    assertThat(response.statusCode()).isEqualTo(422);
    JsonNode json = Json.tree(response.body());
    assertThat(json.toString())
        .isEqualTo(
            "{\"statusCode\":422,\"message\":\"email is invalid\","
                + "\"validations\":[{\"message\":\"bad\",\"path\":[\"body\",\"email\"]}]}");
  }

  @Test
  void unexpected_error_answers_500_without_its_message() throws Exception {
    failure.set(new CompletionException(new IllegalStateException("password=hunter2")));

    HttpResponse<String> response = get();

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body())
        .isEqualTo("{\"statusCode\":500,\"message\":\"Internal Server Error\",\"validations\":[]}");
  }

  @Test
  void retry_after_is_rounded_up_to_at_least_one_second() {
    assertThat(GatewayRoutes.retryAfterSeconds(Duration.ZERO)).isEqualTo(1);
    assertThat(GatewayRoutes.retryAfterSeconds(Duration.ofMillis(10))).isEqualTo(1);
    assertThat(GatewayRoutes.retryAfterSeconds(Duration.ofSeconds(3))).isEqualTo(3);
    assertThat(GatewayRoutes.retryAfterSeconds(Duration.ofSeconds(3).plusNanos(1))).isEqualTo(4);
    assertThat(GatewayRoutes.retryAfterSeconds(null)).isEqualTo(1);
  }

  private HttpResponse<String> get() throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/fail")).build(),
        BodyHandlers.ofString());
  }
}
