package dev.blacksmith.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blacksmith.server.TestApp.Answer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's files on a real server: open without the token (they hold no data), with headers
 * that keep them from being framed or fed foreign code, while every other path under {@code /admin}
 * keeps requiring the token.
 */
class DashboardRoutesTest {

  @TempDir static Path dir;
  private static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start(dir);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static Answer anonymous(String path) {
    return app.send(HttpRequest.newBuilder(TestApp.uri(app.scheduler(), path)));
  }

  @Test
  void the_page_is_served_without_the_token_and_carries_no_data_nor_the_token() {
    Answer page = anonymous("/admin/");

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
    assertThat(page.body())
        .contains("<script type=\"module\" src=\"app.js\"></script>")
        .doesNotContain(TestApp.ADMIN_TOKEN)
        .doesNotContain("warehouse")
        .doesNotContain(Shop.NAME);
  }

  @Test
  void admin_without_the_slash_redirects_to_the_page() {
    Answer answer = anonymous("/admin");

    assertThat(answer.status()).isEqualTo(302);
    assertThat(answer.headers().firstValue("Location")).hasValue("admin/");
    assertThat(TestApp.uri(app.scheduler(), "/admin").resolve("admin/").getPath())
        .isEqualTo("/admin/");
  }

  @Test
  void every_file_is_served_with_its_type_security_headers_and_a_validator() {
    for (String name : Dashboard.ASSETS) {
      Answer file = anonymous("/admin/" + name);

      assertThat(file.status()).as(name).isEqualTo(200);
      assertThat(file.headers().firstValue("Content-Type"))
          .as(name)
          .hasValue(Dashboard.contentType(name));
      assertThat(file.headers().firstValue("Content-Security-Policy"))
          .hasValueSatisfying(csp ->
              assertThat(csp)
                  .contains("default-src 'none'")
                  .contains("script-src 'self'")
                  .contains("connect-src 'self'")
                  .contains("frame-ancestors 'none'")
                  .doesNotContain("unsafe-inline")
                  .doesNotContain("unsafe-eval"));
      assertThat(file.headers().firstValue("X-Frame-Options")).hasValue("DENY");
      assertThat(file.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(file.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
      assertThat(file.headers().firstValue("Cache-Control")).hasValue("no-cache");
      assertThat(file.headers().firstValue("ETag")).isPresent();
    }
  }

  @Test
  void a_file_not_changed_since_the_last_load_answers_304_without_a_body() {
    Answer first = anonymous("/admin/app.js");
    String etag = first.headers().firstValue("ETag").orElseThrow();

    Answer again =
        app.send(
            HttpRequest.newBuilder(TestApp.uri(app.scheduler(), "/admin/app.js"))
                .header("If-None-Match", etag));
    Answer changed =
        app.send(
            HttpRequest.newBuilder(TestApp.uri(app.scheduler(), "/admin/app.js"))
                .header("If-None-Match", "\"something-else\""));

    assertThat(again.status()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.body()).isEqualTo(first.body());
  }

  @Test
  void other_paths_under_admin_still_require_the_token() {
    for (String path :
        List.of(
            "/admin/nothing.js",
            "/admin/api/stats",
            "/admin/api/openapi.json",
            "/admin/api/store/events",
            "/admin/dashboard/app.js",
            "/admin/APP.JS")) {
      Answer answer = anonymous(path);
      assertThat(answer.status()).as(path).isEqualTo(401);
    }
    // Only reads are open: a POST to a file's path needs the token like any other.
    Answer post =
        app.send(
            HttpRequest.newBuilder(TestApp.uri(app.scheduler(), "/admin/app.js"))
                .POST(BodyPublishers.noBody()));
    assertThat(post.status()).isEqualTo(401);
    // With the token, a file the dashboard does not have is a plain 404.
    Answer missing = app.get(app.scheduler(), "/admin/nothing.js");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().path("validations").get(0).path("message").asString())
        .isEqualTo("the dashboard has no file 'nothing.js'");
  }

  @Test
  void the_gateway_does_not_serve_the_dashboard_when_the_scheduler_hosts_it() {
    Answer answer = app.send(HttpRequest.newBuilder(TestApp.uri(app.gateway(), "/admin/")));

    assertThat(answer.status()).isEqualTo(404);
    assertThat(app.server.adminPort()).isEqualTo(app.scheduler());
  }

  @Test
  void a_gateway_only_process_serves_the_dashboard_and_its_api() {
    try (TestApp gatewayOnly =
        TestApp.start(
            dir.resolve("gateway-only"),
            b -> b.services(dev.blacksmith.engine.ServiceKind.GATEWAY))) {
      int port = gatewayOnly.gateway();
      assertThat(gatewayOnly.server.adminPort()).isEqualTo(port);
      assertThat(gatewayOnly.send(HttpRequest.newBuilder(TestApp.uri(port, "/admin/"))).status())
          .isEqualTo(200);
      assertThat(gatewayOnly.get(port, "/admin/api/stats").status()).isEqualTo(200);
      assertThat(
              gatewayOnly
                  .send(HttpRequest.newBuilder(TestApp.uri(port, "/admin/api/stats")))
                  .status())
          .isEqualTo(401);
    }
  }

  /** A file added to the dashboard but not to the list would be refused without the token. */
  @Test
  void the_list_of_files_is_exactly_the_dashboard_directory() throws IOException {
    List<String> onDisk = new ArrayList<>();
    try (Stream<Path> files = Files.list(resourceDirectory())) {
      files.map(p -> p.getFileName().toString()).forEach(onDisk::add);
    }

    assertThat(onDisk).containsExactlyInAnyOrderElementsOf(Dashboard.ASSETS);
  }

  /** Every file the page loads (links, scripts, module imports) is one the server lets through. */
  @Test
  void every_file_the_page_references_is_in_the_list() throws IOException {
    Pattern html = Pattern.compile("(?:src|href)=\"([^\"#:]+)\"");
    Pattern imports = Pattern.compile("(?:from|import)\\s+'\\./([^']+)'");
    List<String> referenced = new ArrayList<>();
    Matcher m = html.matcher(read("index.html"));
    while (m.find()) {
      referenced.add(m.group(1));
    }
    for (String name : Dashboard.ASSETS) {
      if (name.endsWith(".js")) {
        Matcher i = imports.matcher(read(name));
        while (i.find()) {
          referenced.add(i.group(1));
        }
      }
    }

    assertThat(referenced).contains("app.js", "app.css", "favicon.svg", "api.js", "charts.js");
    assertThat(Dashboard.ASSETS).containsAll(referenced);
  }

  @Test
  void the_scripts_build_no_markup_from_strings_and_run_no_strings_as_code() throws IOException {
    for (String name : Dashboard.ASSETS) {
      if (name.endsWith(".js")) {
        String code = read(name);
        assertThat(code)
            .as(name)
            .doesNotContain("innerHTML")
            .doesNotContain("outerHTML")
            .doesNotContain("insertAdjacentHTML")
            .doesNotContain("document.write")
            .doesNotContain("eval(")
            .doesNotContain("new Function")
            .doesNotContain("localStorage");
      }
    }
  }

  private static Path resourceDirectory() {
    URL url = Dashboard.class.getResource(Dashboard.RESOURCES);
    assertThat(url).isNotNull();
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String read(String name) throws IOException {
    try (InputStream in = Dashboard.class.getResourceAsStream(Dashboard.RESOURCES + name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
