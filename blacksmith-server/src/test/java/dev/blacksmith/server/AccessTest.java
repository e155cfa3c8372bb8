package dev.blacksmith.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blacksmith.engine.Blacksmith;
import dev.blacksmith.engine.Options;
import dev.blacksmith.server.TestApp.Answer;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The admin token, the keys of a source's triggers, and what wrong credentials get. */
class AccessTest {

  private static final String EVENTS = "/admin/api/store/events";
  private static final String ORDER = "{\"id\":\"o-1\"}";

  @TempDir Path dir;

  private static HttpRequest.Builder getWith(int port, String path, String authorization) {
    return HttpRequest.newBuilder(TestApp.uri(port, path)).header("Authorization", authorization);
  }

  private static HttpRequest.Builder order(int port) {
    return HttpRequest.newBuilder(TestApp.uri(port, "/shop/acme/orders"))
        .header("Content-Type", "application/json")
        .POST(BodyPublishers.ofString(ORDER));
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static void assertUnauthorized(Answer answer) {
    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).contains("Bearer").contains("Basic"));
    JsonNode json = answer.json();
    assertThat(json.propertyNames()).containsExactly("statusCode", "message", "validations");
    assertThat(json.path("statusCode").asInt()).isEqualTo(401);
    assertThat(json.path("message").asString()).isEqualTo("Unauthorized");
    assertThat(json.path("validations").isArray()).isTrue();
    assertThat(json.path("validations")).isEmpty();
  }

  @Test
  void admin_api_without_or_with_wrong_credentials_gets_401_and_nothing_else() {
    try (TestApp app = TestApp.start(dir)) {
      int port = app.scheduler();
      assertUnauthorized(app.send(HttpRequest.newBuilder(TestApp.uri(port, EVENTS))));
      assertUnauthorized(app.send(getWith(port, EVENTS, "Bearer wrong-token")));
      assertUnauthorized(app.send(getWith(port, EVENTS, "Bearer " + TestApp.ADMIN_TOKEN + "x")));
      assertUnauthorized(app.send(getWith(port, EVENTS, "Bearer ")));
      // The token in the query string or as a basic user name is not taken.
      assertUnauthorized(
          app.send(
              HttpRequest.newBuilder(TestApp.uri(port, EVENTS + "?token=" + TestApp.ADMIN_TOKEN))));
      assertUnauthorized(app.send(getWith(port, EVENTS, basic(TestApp.ADMIN_TOKEN, ""))));
      // A route that does not exist does not tell so without the token.
      assertUnauthorized(app.send(HttpRequest.newBuilder(TestApp.uri(port, "/admin/nothing"))));
      assertUnauthorized(
          app.send(
              HttpRequest.newBuilder(TestApp.uri(port, "/admin/api/store/purge"))
                  .POST(BodyPublishers.noBody())));
    }
  }

  @Test
  void admin_api_answers_with_the_bearer_token_and_health_stays_open() {
    try (TestApp app = TestApp.start(dir)) {
      Answer answer = app.send(getWith(app.scheduler(), EVENTS, "bearer " + TestApp.ADMIN_TOKEN));
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.json().path("statusCode").asInt()).isEqualTo(200);
      assertThat(
              app.send(HttpRequest.newBuilder(TestApp.uri(app.scheduler(), "/_health"))).status())
          .isEqualTo(200);
      assertThat(app.send(HttpRequest.newBuilder(TestApp.uri(app.gateway(), "/_health"))).status())
          .isEqualTo(200);
    }
  }

  @Test
  void metrics_require_the_admin_token_on_both_services_unless_public() {
    try (TestApp app = TestApp.start(dir)) {
      for (int port : List.of(app.gateway(), app.scheduler())) {
        assertUnauthorized(app.send(HttpRequest.newBuilder(TestApp.uri(port, "/metrics"))));
        Answer scraped = app.get(port, "/metrics");
        assertThat(scraped.status()).isEqualTo(200);
        assertThat(scraped.headers().firstValue("Content-Type"))
            .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(scraped.body()).contains("blacksmith_events_received_total");
      }
    }
    try (TestApp app = TestApp.start(dir.resolve("public"), b -> b.metricsPublic(true))) {
      Answer scraped = app.send(HttpRequest.newBuilder(TestApp.uri(app.scheduler(), "/metrics")));
      assertThat(scraped.status()).isEqualTo(200);
      assertThat(scraped.body()).contains("jvm_memory_used_bytes");
      // The admin API still needs the token.
      assertUnauthorized(app.send(HttpRequest.newBuilder(TestApp.uri(app.scheduler(), EVENTS))));
    }
  }

  @Test
  void a_token_is_generated_when_none_is_set_and_only_it_opens_the_admin_api() {
    Options options =
        Options.builder()
            .source(new Shop())
            .destination(new Warehouse())
            .storeUrl("sqlite:" + dir.resolve("b.db"))
            .host("127.0.0.1")
            .gatewayPort(0)
            .schedulerPort(0)
            .build();
    Blacksmith blacksmith = Blacksmith.create(options);
    blacksmith.start();
    try (BlacksmithServer server = BlacksmithServer.start(blacksmith);
        TestClient client = new TestClient()) {
      String token = server.adminToken();
      assertThat(token).hasSizeGreaterThanOrEqualTo(40).doesNotContain(" ");
      assertThat(client.status(server.schedulerPort(), EVENTS, null)).isEqualTo(401);
      assertThat(client.status(server.schedulerPort(), EVENTS, "Bearer " + token)).isEqualTo(200);
      assertThat(Access.randomToken()).isNotEqualTo(Access.randomToken());
    }
  }

  @Test
  void triggers_of_a_source_with_keys_need_one_as_bearer_or_basic_user_and_store_nothing_else() {
    try (TestApp app = TestApp.start(dir, b -> b.sourceKeys(Shop.NAME, "key-1", "key-2"))) {
      int port = app.gateway();
      assertUnauthorized(app.send(order(port)));
      assertUnauthorized(app.send(order(port).header("Authorization", "Bearer key-3")));
      assertUnauthorized(app.send(order(port).header("Authorization", basic("key-3", ""))));
      assertUnauthorized(app.send(order(port).header("Authorization", basic("", "key-1"))));
      // The admin token is not a source key.
      assertUnauthorized(
          app.send(order(port).header("Authorization", "Bearer " + TestApp.ADMIN_TOKEN)));
      assertThat(app.storedEvents()).isZero();

      assertThat(app.send(order(port).header("Authorization", "Bearer key-2")).status())
          .isEqualTo(202);
      assertThat(app.send(order(port).header("Authorization", basic("key-1", ""))).status())
          .isEqualTo(202);
      assertThat(app.storedEvents()).isEqualTo(2);
    }
  }

  @Test
  void triggers_of_a_source_without_keys_take_requests_without_credentials() {
    try (TestApp app = TestApp.start(dir, b -> b.sourceKeys("other", "key-1"))) {
      assertThat(app.send(order(app.gateway())).status()).isEqualTo(202);
    }
  }

  @Test
  void access_settings_are_read_from_the_environment() {
    Options options =
        Options.builder()
            .environment(
                Map.of(
                    "BLACKSMITH_ADMIN_TOKEN", "t0k3n",
                    "BLACKSMITH_METRICS_PUBLIC", "true",
                    "BLACKSMITH_SOURCE_KEYS", "shop:k1, k2;crm:k3",
                    "BLACKSMITH_ADMIN_CORS_ORIGINS", "https://a.example, https://b.example",
                    "BLACKSMITH_GATEWAY_CORS_ORIGINS", "*"))
            .build();

    assertThat(options.adminToken()).isEqualTo("t0k3n");
    assertThat(options.metricsPublic()).isTrue();
    assertThat(options.sourceKeys())
        .isEqualTo(Map.of("shop", List.of("k1", "k2"), "crm", List.of("k3")));
    assertThat(options.adminCorsOrigins())
        .containsExactly("https://a.example", "https://b.example");
    assertThat(options.gatewayCorsOrigins()).containsExactly("*");
    Options defaults = Options.builder().build();
    assertThat(defaults.adminToken()).isNull();
    assertThat(defaults.metricsPublic()).isFalse();
    assertThat(defaults.adminCorsOrigins()).isEmpty();
    assertThat(defaults.gatewayCorsOrigins()).isEmpty();
  }

  @Test
  void credentials_compare_whole_values() {
    assertThat(Access.matchesAny("abc", List.of("abc"))).isTrue();
    assertThat(Access.matchesAny("ab", List.of("abc"))).isFalse();
    assertThat(Access.matchesAny("abcd", List.of("x", "abc"))).isFalse();
    assertThat(Access.matchesAny("abc", List.of("x", "abc"))).isTrue();
    assertThat(Access.basicUser(basic("k", "ignored"))).isEqualTo("k");
    assertThat(Access.basicUser("Basic !!!")).isNull();
    assertThat(Access.bearer("Token abc")).isNull();
  }

  /** A bare client for a server not started through {@link TestApp}. */
  private static final class TestClient implements AutoCloseable {
    private final java.net.http.HttpClient http =
        java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1)
            .build();

    int status(int port, String path, @org.jspecify.annotations.Nullable String authorization) {
      HttpRequest.Builder request = HttpRequest.newBuilder(TestApp.uri(port, path));
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      try {
        return http.send(request.build(), java.net.http.HttpResponse.BodyHandlers.discarding())
            .statusCode();
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void close() {
      http.close();
    }
  }
}
