package dev.blacksmith.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blacksmith.engine.Options;
import dev.blacksmith.engine.ServiceKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code blacksmith start} against the real engine, store and HTTP services. */
class StartTest {

  @TempDir Path dir;

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static Set<Thread> nonDaemonThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !t.isDaemon())
        .collect(Collectors.toSet());
  }

  /** The non-daemon threads not in {@code before}, once those stopping have had time to end. */
  private static Set<Thread> threadsLeftBesides(Set<Thread> before) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    Set<Thread> left;
    do {
      left = nonDaemonThreads();
      left.removeAll(before);
      if (left.isEmpty()) {
        break;
      }
      Thread.sleep(20);
    } while (System.nanoTime() < deadline);
    return left;
  }

  private HttpResponse<String> health(int port) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/_health")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void failing_init_hook_exits_with_code_1_saying_why_and_leaves_nothing_running()
      throws Exception {
    Set<Thread> before = nonDaemonThreads();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine(Map.of(), TestLoaders.withServiceFile("failing"));
    cli.setErr(new PrintWriter(err, true));

    int code =
        cli.execute(
            "start",
            "--host=127.0.0.1",
            "--gateway-port=0",
            "--scheduler-port=0",
            "--store-url=sqlite:" + dir.resolve("blacksmith.db"));

    assertThat(code).isEqualTo(1);
    assertThat(err.toString())
        .startsWith("blacksmith: could not start: ")
        .contains(FailingTestApplication.INIT_FAILURE)
        .doesNotContain("\tat ");
    assertThat(threadsLeftBesides(before)).as("threads left running").isEmpty();
  }

  @Test
  void started_services_answer_health_until_closed() throws Exception {
    Options options =
        Options.builder()
            .host("127.0.0.1")
            .gatewayPort(0)
            .schedulerPort(0)
            .storeUrl("sqlite:" + dir.resolve("blacksmith.db"))
            .build();
    RunningServices running = RunningServices.start(options, Map.of());
    int gateway = running.port(ServiceKind.GATEWAY);
    int scheduler = running.port(ServiceKind.SCHEDULER);

    assertThat(health(gateway).statusCode()).isEqualTo(200);
    assertThat(health(scheduler).statusCode()).isEqualTo(200);

    running.close();
    running.awaitClosed();
    assertThatThrownBy(() -> health(gateway)).isInstanceOf(ConnectException.class);
    assertThatThrownBy(() -> health(scheduler)).isInstanceOf(ConnectException.class);
  }

  @Test
  void service_flag_starts_only_that_service() throws Exception {
    Options options =
        Options.builder()
            .host("127.0.0.1")
            .gatewayPort(0)
            .schedulerPort(0)
            .services(ServiceKind.SCHEDULER)
            .storeUrl("sqlite:" + dir.resolve("blacksmith.db"))
            .build();
    RunningServices running = RunningServices.start(options, Map.of());
    try {
      assertThat(running.port(ServiceKind.GATEWAY)).isEqualTo(-1);
      assertThat(health(running.port(ServiceKind.SCHEDULER)).statusCode()).isEqualTo(200);
    } finally {
      running.close();
    }
  }
}
