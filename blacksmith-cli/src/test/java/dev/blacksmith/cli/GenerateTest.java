package dev.blacksmith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blacksmith.engine.ServiceKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Generates every kind of code into a temporary project through the command line, compiles it
 * without warnings against the SDK, the engine and the test kit, and runs the generated tests; then
 * starts a generated application with {@code blacksmith start --app}.
 */
class GenerateTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-27T15:30:00Z"), ZoneOffset.UTC);
  private static final Pattern TEST_METHOD = Pattern.compile("@Test\\b");

  @TempDir Path dir;

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private String generate(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine(Map.of(), TestLoaders.withoutApplications(), CLOCK);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of("generate"));
    all.addAll(List.of(args));
    int code = cli.execute(all.toArray(String[]::new));
    assertThat(code).as("blacksmith %s: %s", all, err).isZero();
    return out.toString();
  }

  /** The fully qualified names of the test classes under {@code root/src/test/java}. */
  private static List<String> testClasses(Path root) {
    Path tests = root.resolve("src/test/java");
    return GeneratedCode.javaFiles(tests).stream()
        .map(f -> tests.relativize(f).toString().replace('/', '.').replace(".java", ""))
        .toList();
  }

  private static int testMethods(Path root) throws Exception {
    int count = 0;
    for (Path file : GeneratedCode.javaFiles(root.resolve("src/test/java"))) {
      Matcher m = TEST_METHOD.matcher(Files.readString(file));
      while (m.find()) {
        count++;
      }
    }
    return count;
  }

  @Test
  void every_kind_generated_into_a_project_compiles_without_warnings_and_its_tests_pass()
      throws Exception {
    generate("application", "--name", "shop", "--path", dir.toString(), "--hooks", "--migrations");
    Path root = dir.resolve("shop");
    String pkg = root.resolve("src/main/java/com/example/shop").toString();
    generate("destination", "--name", "crm", "--path", pkg, "--hooks", "--migrations");
    generate("destination", "--name", "data-warehouse", "--path", pkg, "--no-comments");
    generate("action", "--name", "upsert", "--path", pkg, "--hooks", "--migrations");
    generate("action", "--name", "notify_sales", "--path", pkg, "--no-comments");
    generate("source", "--name", "stripe", "--path", pkg, "--hooks", "--migrations");
    generate("source", "--name", "plain", "--path", pkg);
    generate(
        "trigger", "--name", "orders", "--mode", "http", "--path", pkg, "--hooks", "--migrations");
    generate(
        "trigger", "--name", "tick", "--mode", "cron", "--path", pkg, "--hooks", "--migrations");
    generate(
        "trigger", "--name", "changes", "--mode", "cdc", "--path", pkg, "--hooks", "--migrations");
    generate(
        "trigger", "--name", "inbox", "--mode", "sub", "--path", pkg, "--hooks", "--migrations");
    generate("trigger", "--name", "feed", "--mode", "CRON", "--path", pkg, "--no-comments");
    generate("trigger", "--name", "webhook", "--mode", "http", "--path", pkg, "--no-comments");
    generate("trigger", "--name", "stream", "--mode", "cdc", "--path", pkg, "--no-comments");
    generate(
        "trigger", "--name", "queue", "--mode", "subscription", "--path", pkg, "--no-comments");
    generate("flow", "--name", "to-crm", "--path", pkg);
    generate("flow", "--name", "to-warehouse", "--path", pkg, "--no-comments");
    generate(
        "migration",
        "--name",
        "add_index",
        "--path",
        root.resolve("src/main/resources/migrations/data-warehouse").toString());

    Path classes = GeneratedCode.build(root);
    GeneratedCode.TestRun run = GeneratedCode.runTests(classes, testClasses(root));

    assertThat(run.failed()).as("failed generated tests").isEmpty();
    assertThat(run.classes()).hasSize(19);
    assertThat(run.succeeded()).hasSize(testMethods(root));
    assertThat(root.resolve("src/main/resources/migrations/crm/20261127153000.init.up.sql"))
        .exists();
    assertThat(
            root.resolve(
                "src/main/resources/migrations/data-warehouse/20261127153000.add_index.down.sql"))
        .exists();
  }

  @Test
  void an_application_generated_from_scratch_starts_with_start_app_and_accepts_an_event()
      throws Exception {
    generate("application", "--name", "shop", "--path", dir.toString());
    Path root = dir.resolve("shop");
    Path classes = root.resolve("target/classes");
    GeneratedCode.compile(GeneratedCode.javaFiles(root.resolve("src/main/java")), classes);
    GeneratedCode.copyResources(root.resolve("src/main/resources"), classes);

    // The CLI's own class path lists an application too: --app must run the generated one.
    CommandLine cli = Main.commandLine(Map.of(), TestLoaders.withServiceFile("one"), CLOCK);
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err, true));
    StartCommand start = cli.getSubcommands().get("start").getCommand();
    CompletableFuture<RunningServices> started = new CompletableFuture<>();
    start.onStarted(started::complete);
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(() ->
            cli.execute(
                "start",
                "--app",
                classes.toString(),
                "--host=127.0.0.1",
                "--gateway-port=0",
                "--scheduler-port=0",
                "--store-url=sqlite:" + dir.resolve("blacksmith.db")));
    RunningServices running;
    try {
      running = started.get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("not started; exit " + exit.getNow(null) + ", stderr: " + err, e);
    }
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:" + running.port(ServiceKind.GATEWAY) + "/shop/events"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"hello\":\"world\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
      assertThat(response.body()).contains("\"event_id\"");
    } finally {
      running.close();
    }
    assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
  }
}
