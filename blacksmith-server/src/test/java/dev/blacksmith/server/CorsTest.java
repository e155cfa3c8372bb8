package dev.blacksmith.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blacksmith.server.TestApp.Answer;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cross-origin access: none by default, the configured origins, preflights answered. */
class CorsTest {

  private static final String EVENTS = "/admin/api/store/events";
  private static final String DASHBOARD = "https://dash.example";

  @TempDir Path dir;

  private static HttpRequest.Builder preflight(int port, String path, String origin) {
    return HttpRequest.newBuilder(TestApp.uri(port, path))
        .method("OPTIONS", BodyPublishers.noBody())
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "authorization, content-type");
  }

  @Test
  void by_default_no_origin_is_allowed_on_admin_or_gateway() {
    try (TestApp app = TestApp.start(dir)) {
      Answer admin = app.send(preflight(app.scheduler(), EVENTS, DASHBOARD));
      assertThat(admin.status()).isEqualTo(403);
      assertThat(admin.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
      Answer gateway = app.send(preflight(app.gateway(), "/shop/acme/orders", DASHBOARD));
      assertThat(gateway.status()).isEqualTo(403);
      assertThat(gateway.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

      Answer get =
          app.send(
              HttpRequest.newBuilder(TestApp.uri(app.scheduler(), EVENTS))
                  .header("Origin", DASHBOARD)
                  .header("Authorization", "Bearer " + TestApp.ADMIN_TOKEN));
      assertThat(get.status()).isEqualTo(200);
      assertThat(get.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
  }

  @Test
  void admin_allows_only_its_configured_origins_and_preflight_needs_no_token() {
    try (TestApp app = TestApp.start(dir, b -> b.adminCorsOrigins(DASHBOARD))) {
      Answer ok = app.send(preflight(app.scheduler(), EVENTS, DASHBOARD));
      assertThat(ok.status()).isEqualTo(204);
      assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).hasValue(DASHBOARD);
      assertThat(ok.headers().firstValue("Access-Control-Allow-Methods")).hasValue("POST");
      assertThat(ok.headers().firstValue("Access-Control-Allow-Headers"))
          .hasValue("authorization, content-type");
      assertThat(ok.headers().firstValue("Vary")).hasValue("Origin");

      assertThat(app.send(preflight(app.scheduler(), EVENTS, "https://evil.example")).status())
          .isEqualTo(403);

      Answer get =
          app.send(
              HttpRequest.newBuilder(TestApp.uri(app.scheduler(), EVENTS))
                  .header("Origin", DASHBOARD)
                  .header("Authorization", "Bearer " + TestApp.ADMIN_TOKEN));
      assertThat(get.status()).isEqualTo(200);
      assertThat(get.headers().firstValue("Access-Control-Allow-Origin")).hasValue(DASHBOARD);
      // A cross-origin request still needs the token.
      Answer anonymous =
          app.send(
              HttpRequest.newBuilder(TestApp.uri(app.scheduler(), EVENTS))
                  .header("Origin", DASHBOARD));
      assertThat(anonymous.status()).isEqualTo(401);
      // The gateway's own setting is separate.
      assertThat(app.send(preflight(app.gateway(), "/shop/acme/orders", DASHBOARD)).status())
          .isEqualTo(403);
    }
  }

  @Test
  void gateway_allows_any_origin_only_when_configured_so() {
    try (TestApp app = TestApp.start(dir, b -> b.gatewayCorsOrigins("*"))) {
      Answer ok = app.send(preflight(app.gateway(), "/shop/acme/orders", "https://shop.example"));
      assertThat(ok.status()).isEqualTo(204);
      assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");

      Answer post =
          app.send(
              HttpRequest.newBuilder(TestApp.uri(app.gateway(), "/shop/acme/orders"))
                  .header("Origin", "https://shop.example")
                  .header("Content-Type", "application/json")
                  .POST(BodyPublishers.ofString("{\"id\":\"o-1\"}")));
      assertThat(post.status()).isEqualTo(202);
      assertThat(post.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
      // The admin API keeps its own, empty, list.
      assertThat(app.send(preflight(app.scheduler(), EVENTS, "https://shop.example")).status())
          .isEqualTo(403);
    }
  }
}
