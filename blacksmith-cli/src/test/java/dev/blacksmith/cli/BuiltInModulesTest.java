package dev.blacksmith.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blacksmith.engine.ServiceKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BuiltInModulesTest {

  private static final String TOKEN = "built-in-modules-admin-token";

  @TempDir Path dir;

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void modules_are_named_in_order_once_and_an_unknown_one_is_refused_naming_the_known_ones() {
    assertThat(BuiltInModules.enabled(Map.of())).isEmpty();
    assertThat(BuiltInModules.enabled(Map.of("BLACKSMITH_MODULES", " HTTP, segment,http,")))
        .containsExactly("http", "segment");
    assertThatThrownBy(() -> BuiltInModules.enabled(Map.of("BLACKSMITH_MODULES", "segment,kafka")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("unknown module 'kafka'")
        .hasMessageContaining("[segment, http, sqlike]");
  }

  @Test
  void a_module_with_bad_settings_stops_start_up_naming_the_module() {
    CommandLine cli =
        Main.commandLine(
            Map.of("BLACKSMITH_MODULES", "segment"), TestLoaders.withoutApplications());
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err, true));

    int code =
        cli.execute(
            "start",
            "--host=127.0.0.1",
            "--gateway-port=0",
            "--scheduler-port=0",
            "--store-url=sqlite:" + dir.resolve("blacksmith.db"));

    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("module segment:")
        .contains("BLACKSMITH_SEGMENT_WRITE_KEYS");
  }

  @Test
  void segment_and_http_modules_run_from_the_environment_alone_without_an_application()
      throws Exception {
    Map<String, String> env =
        Map.of(
            "BLACKSMITH_MODULES", "segment,http",
            "BLACKSMITH_SEGMENT_WRITE_KEYS", "wk_test",
            "BLACKSMITH_HTTP_URL", "http://127.0.0.1:9/never-called",
            "BLACKSMITH_HTTP_REALTIME", "false",
            "BLACKSMITH_SEGMENT_FORWARD", "track=http/send",
            "BLACKSMITH_ADMIN_TOKEN", TOKEN);
    CommandLine cli = Main.commandLine(env, TestLoaders.withoutApplications());
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err, true));
    StartCommand start = cli.getSubcommands().get("start").getCommand();
    CompletableFuture<RunningServices> started = new CompletableFuture<>();
    start.onStarted(started::complete);
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(() ->
            cli.execute(
                "start",
                "--host=127.0.0.1",
                "--gateway-port=0",
                "--scheduler-port=0",
                "--store-url=sqlite:" + dir.resolve("blacksmith.db")));
    RunningServices running;
    try {
      running = started.get(60, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("not started; exit " + exit.getNow(null) + ", stderr: " + err, e);
    }
    try {
      String basic =
          Base64.getEncoder().encodeToString("wk_test:".getBytes(StandardCharsets.UTF_8));
      HttpResponse<String> track =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:" + running.port(ServiceKind.GATEWAY) + "/v1/track"))
                  .header("Authorization", "Basic " + basic)
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"userId\":\"u-1\",\"event\":\"Signed Up\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(track.statusCode()).as(track.body()).isEqualTo(202);

      String scheduler = "http://127.0.0.1:" + running.port(ServiceKind.SCHEDULER);
      HttpResponse<String> jobs = admin(scheduler + "/admin/api/store/jobs");
      assertThat(jobs.statusCode()).isEqualTo(200);
      assertThat(jobs.body()).contains("\"destination\":\"http\"").contains("\"action\":\"send\"");

      HttpResponse<String> migrations = admin(scheduler + "/admin/api/wanderer/migrations");
      assertThat(migrations.statusCode()).as(migrations.body()).isEqualTo(200);
    } finally {
      running.close();
    }
    assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
  }

  private HttpResponse<String> admin(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
