package dev.blacksmith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blacksmith.engine.Blacksmith;
import dev.blacksmith.engine.Options;
import dev.blacksmith.engine.ServiceKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CommandLineTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(Map<String, String> env, ClassLoader loader, String... args) {
    CommandLine cli = Main.commandLine(env, loader);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private int run(String... args) {
    return run(Map.of(), TestLoaders.withServiceFile("one"), args);
  }

  /** The options {@code start} would run with, without starting anything. */
  private Options startOptions(Map<String, String> env, String... args) {
    CommandLine cli = Main.commandLine(env, TestLoaders.withServiceFile("one"));
    CommandLine.ParseResult parsed = cli.parseArgs(args);
    StartCommand start = parsed.subcommand().commandSpec().commandLine().getCommand();
    return start.options(new FirstTestApplication());
  }

  @Test
  void version_prints_blacksmith_and_its_version() {
    assertThat(run("version")).isZero();
    assertThat(out.toString())
        .isEqualTo("blacksmith " + Blacksmith.VERSION + System.lineSeparator());
  }

  @Test
  void no_command_is_a_usage_error() {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString()).contains("missing command");
  }

  @Test
  void unknown_command_is_a_usage_error() {
    assertThat(run("stop")).isEqualTo(2);
    assertThat(err.toString()).contains("Unmatched argument").contains("stop");
  }

  @Test
  void unknown_service_is_refused_with_exit_code_2() {
    assertThat(run("start", "--service", "admin")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown service 'admin'; expected gateway or scheduler");
  }

  @Test
  void service_may_be_given_only_once() {
    assertThat(run("start", "--service", "gateway", "--service", "scheduler")).isEqualTo(2);
    assertThat(err.toString()).contains("--service").contains("only once");
  }

  @Test
  void port_above_65535_is_refused() {
    assertThat(run("start", "--gateway-port", "65536")).isEqualTo(2);
    assertThat(err.toString()).contains("--gateway-port").contains("between 0 and 65535");
  }

  @Test
  void negative_port_is_refused() {
    assertThat(run("start", "--scheduler-port", "-1")).isEqualTo(2);
    assertThat(err.toString()).contains("--scheduler-port").contains("between 0 and 65535");
  }

  @Test
  void port_that_is_not_a_number_is_refused() {
    assertThat(run("start", "--gateway-port", "http")).isEqualTo(2);
    assertThat(err.toString()).contains("'http' is not a port number");
  }

  @Test
  void start_without_an_application_exits_with_code_2_saying_why() {
    assertThat(run(Map.of(), TestLoaders.withoutApplications(), "start")).isEqualTo(2);
    assertThat(err.toString())
        .contains("no application found")
        .contains("META-INF/services/dev.blacksmith.engine.Application")
        .doesNotContain("Exception");
  }

  @Test
  void start_with_several_applications_exits_with_code_2_listing_them() {
    assertThat(run(Map.of(), TestLoaders.withServiceFile("several"), "start")).isEqualTo(2);
    assertThat(err.toString())
        .contains(FirstTestApplication.class.getName())
        .contains(SecondTestApplication.class.getName());
  }

  @Test
  void start_with_an_app_path_that_does_not_exist_exits_with_code_2_saying_why() {
    assertThat(run("start", "--app", "/no/such/target/classes")).isEqualTo(2);
    assertThat(err.toString())
        .contains("--app /no/such/target/classes does not exist")
        .doesNotContain("Exception");
  }

  @Test
  void start_with_an_app_that_registers_no_application_exits_with_code_2_naming_it()
      throws Exception {
    java.nio.file.Path empty = java.nio.file.Files.createTempDirectory("blacksmith-app");
    try {
      assertThat(run("start", "--app", empty.toString())).isEqualTo(2);
      assertThat(err.toString())
          .contains("no application found in --app " + empty)
          .contains("META-INF/services/dev.blacksmith.engine.Application");
    } finally {
      java.nio.file.Files.delete(empty);
    }
  }

  @Test
  void no_command_lists_the_commands() {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString())
        .contains("missing command: use one of ")
        .contains("version", "start", "generate");
  }

  @Test
  void malformed_environment_variable_exits_with_code_2_naming_it() {
    int code =
        run(
            Map.of("BLACKSMITH_GATEWAY_PORT", "ninety"),
            TestLoaders.withServiceFile("one"),
            "start");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("BLACKSMITH_GATEWAY_PORT='ninety' is invalid");
  }

  @Test
  void without_flags_or_environment_the_application_settings_apply() {
    Options options = startOptions(Map.of(), "start");

    assertThat(options.host()).isEqualTo("127.0.0.1");
    assertThat(options.gatewayPort()).isEqualTo(7001);
    assertThat(options.storeUrl()).isEqualTo("sqlite:app.db");
    assertThat(options.services()).containsExactlyInAnyOrder(ServiceKind.values());
  }

  @Test
  void environment_overrides_the_application_and_flags_override_the_environment() {
    Map<String, String> env =
        Map.of(
            "BLACKSMITH_GATEWAY_PORT", "8001",
            "BLACKSMITH_SCHEDULER_PORT", "8002",
            "BLACKSMITH_STORE_URL", "sqlite:env.db");

    Options options =
        startOptions(
            env, "start", "--gateway-port", "9001", "--pubsub-url", "nats://localhost:4222");

    assertThat(options.gatewayPort()).as("flag over env").isEqualTo(9001);
    assertThat(options.schedulerPort()).as("env over application").isEqualTo(8002);
    assertThat(options.storeUrl()).as("env over application").isEqualTo("sqlite:env.db");
    assertThat(options.pubsubUrl()).as("flag over default").isEqualTo("nats://localhost:4222");
    assertThat(options.host()).as("application over default").isEqualTo("127.0.0.1");
  }

  @Test
  void service_flag_runs_only_that_service_in_any_case() {
    assertThat(startOptions(Map.of(), "start", "--service", "Scheduler").services())
        .containsExactly(ServiceKind.SCHEDULER);
    assertThat(
            startOptions(Map.of("BLACKSMITH_SERVICE", "scheduler"), "start", "--service=gateway")
                .services())
        .containsExactly(ServiceKind.GATEWAY);
  }

  @Test
  void host_and_store_flags_are_applied() {
    Options options =
        startOptions(Map.of(), "start", "--host", "0.0.0.0", "--store-url", "sqlite:/tmp/x.db");

    assertThat(options.host()).isEqualTo("0.0.0.0");
    assertThat(options.storeUrl()).isEqualTo("sqlite:/tmp/x.db");
  }

  @Test
  void failure_message_names_each_cause_once() {
    Exception root = new java.io.IOException("disk full");
    Exception middle = new IllegalStateException("cannot open the store: disk full", root);
    Exception top = new dev.blacksmith.engine.StartupException("store failed", middle);

    assertThat(Main.messages(top)).isEqualTo("store failed: cannot open the store: disk full");
  }
}
