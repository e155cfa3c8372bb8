package dev.blacksmith.modules.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blacksmith.destination.Schedule;
import dev.blacksmith.modules.http.HttpDestinationConfig.Envelope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpDestinationConfigTest {

  private static void failsAt(ThrowingCallable call, String key, String problem) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            HttpConfigException.class,
            e -> {
              assertThat(e.key()).isEqualTo(key);
              assertThat(e.problem()).contains(problem);
              assertThat(e.getMessage()).isEqualTo(key + ": " + e.problem());
            });
  }

  @Nested
  class InJava {

    @Test
    void a_url_alone_gives_the_documented_defaults() {
      HttpDestinationConfig c =
          HttpDestinationConfig.builder("https://hooks.example.com/x").build();

      assertThat(c.name()).isEqualTo("http");
      assertThat(c.method()).isEqualTo("POST");
      assertThat(c.headers()).isEmpty();
      assertThat(c.envelope()).isEqualTo(Envelope.DATA);
      assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
      assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(30));
      assertThat(c.loadTimeout()).isEqualTo(Duration.ofMinutes(2));
      assertThat(c.schedule()).isEqualTo(new Schedule(true, "@every 5m", null));
      assertThat(c.successStatuses()).hasToString("2xx");
      assertThat(c.retryStatuses()).hasToString("408, 429, 5xx");
      assertThat(c.discardStatuses()).hasToString("4xx");
      assertThat(c.concurrency()).isEqualTo(8);
      assertThat(c.maxBatchSize()).isEqualTo(100);
      assertThat(c.maxBatchBytes()).isEqualTo(1 << 20);
      assertThat(c.responseExcerptBytes()).isEqualTo(1024);
      assertThat(c.idempotencyHeader()).isEqualTo("Idempotency-Key");
      assertThat(c.toBuilder().build()).isEqualTo(c);
    }

    @Test
    void each_bad_setting_is_refused_with_its_key() {
      failsAt(
          () -> HttpDestinationConfig.builder("ftp://x.example.com"), "url", "http:// or https://");
      failsAt(
          () -> HttpDestinationConfig.builder("https://user:pw@x.example.com"),
          "url",
          "must not carry credentials");
      failsAt(() -> HttpDestinationConfig.builder("not a url"), "url", "not a valid URL");
      var b = HttpDestinationConfig.builder("https://x.example.com");
      failsAt(() -> b.name("Web Hook"), "name", "not a valid destination name");
      failsAt(() -> b.method("GET"), "method", "expected POST, PUT or PATCH");
      failsAt(() -> b.timeout(Duration.ZERO), "timeouts.request", "must be positive");
      failsAt(() -> b.connectTimeout(Duration.ofHours(2)), "timeouts.connect", "at most 1h");
      failsAt(() -> b.interval("every day"), "schedule.interval", "five-field CRON");
      failsAt(() -> b.interval("@every soon"), "schedule.interval", "not a duration");
      failsAt(() -> b.maxRetries(-1), "schedule.max_retries", "between 0 and 65535");
      failsAt(() -> b.retryStatuses("5xx, 6xx"), "statuses.retry", "'6xx'");
      failsAt(() -> b.concurrency(0), "concurrency", "between 1 and 256");
      failsAt(() -> b.maxBatchSize(20_000), "batch.max_size", "between 1 and 10000");
      failsAt(() -> b.maxBatchBytes(10), "batch.max_bytes", "between 1024");
      failsAt(() -> b.header("Content-Length", "3"), "headers.Content-Length", "managed by");
      failsAt(() -> b.header("Idempotency-Key", "x"), "headers.Idempotency-Key", "set to each job");
      failsAt(() -> b.header("Bad Name", "x"), "headers", "not a valid header name");
      failsAt(() -> b.idempotencyHeader("Host"), "idempotency_header", "managed by");
    }

    @Test
    void settings_that_contradict_each_other_are_refused_at_build() {
      failsAt(
          () ->
              HttpDestinationConfig.builder("https://x.example.com")
                  .retryStatuses("2xx, 5xx")
                  .build(),
          "statuses.retry",
          "overlaps statuses.success on 2xx");
      failsAt(
          () ->
              HttpDestinationConfig.builder("https://x.example.com")
                  .timeout(Duration.ofMinutes(3))
                  .build(),
          "timeouts.load",
          "at least timeouts.request (3m)");
    }

    @Test
    void a_header_value_with_a_line_break_is_refused_without_being_repeated() {
      var b = HttpDestinationConfig.builder("https://x.example.com");

      assertThatThrownBy(() -> b.header("Authorization", "Bearer abc\r\nX-Evil: 1"))
          .isInstanceOf(HttpConfigException.class)
          .hasMessage("headers.Authorization: contains a control character (such as a line break)");
    }

    @Test
    void the_printed_config_masks_header_values_and_query_parameters() {
      HttpDestinationConfig c =
          HttpDestinationConfig.builder("https://x.example.com/hook?api_key=SECRET1&v=2")
              .header("Authorization", "Bearer SECRET2")
              .header("X-Api-Key", "SECRET3")
              .header("Content-Type", "application/vnd.api+json")
              .build();

      assertThat(c.toString())
          .doesNotContain("SECRET")
          .contains("https://x.example.com/hook?api_key=***&v=***")
          .contains("Authorization=***")
          .contains("X-Api-Key=***")
          .contains("Content-Type=application/vnd.api+json");
      assertThat(c.describe()).containsEntry("envelope", "data").containsKey("statuses");
      assertThat(c.headers()).containsEntry("Authorization", "Bearer SECRET2");
    }
  }

  @Nested
  class FromYaml {

    @TempDir Path dir;

    @Test
    void a_list_of_destinations_is_read_with_every_setting() {
      String yaml =
          """
          destinations:
            - name: crm
              url: https://crm.example.com/api/contacts
              method: put
              headers:
                Authorization: Bearer ${CRM_TOKEN}
                X-Team: data
              envelope: job
              timeouts: {connect: 2s, request: 10s, load: 1m30s}
              schedule: {realtime: false, interval: "@every 10m", max_retries: 12}
              statuses:
                success: 2xx
                retry: [408, 429, 5xx]
                discard: "400-428, 430-499"
              concurrency: 2
              batch: {max_size: 50, max_bytes: 512KiB}
              response_excerpt_bytes: 2KiB
              idempotency_header: X-Request-Id
            - url: https://hooks.example.com/${HOOK_PATH:-default}
          """;

      List<HttpDestinationConfig> configs =
          HttpDestinationConfig.fromYaml(yaml, Map.of("CRM_TOKEN", "tok"));

      assertThat(configs).hasSize(2);
      HttpDestinationConfig crm = configs.get(0);
      assertThat(crm.name()).isEqualTo("crm");
      assertThat(crm.url()).hasToString("https://crm.example.com/api/contacts");
      assertThat(crm.method()).isEqualTo("PUT");
      assertThat(crm.headers())
          .containsExactly(Map.entry("Authorization", "Bearer tok"), Map.entry("X-Team", "data"));
      assertThat(crm.envelope()).isEqualTo(Envelope.JOB);
      assertThat(crm.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
      assertThat(crm.timeout()).isEqualTo(Duration.ofSeconds(10));
      assertThat(crm.loadTimeout()).isEqualTo(Duration.ofSeconds(90));
      assertThat(crm.schedule()).isEqualTo(new Schedule(false, "@every 10m", 12));
      assertThat(crm.retryStatuses()).hasToString("408, 429, 5xx");
      assertThat(crm.discardStatuses().contains(429)).isFalse();
      assertThat(crm.discardStatuses().contains(404)).isTrue();
      assertThat(crm.concurrency()).isEqualTo(2);
      assertThat(crm.maxBatchSize()).isEqualTo(50);
      assertThat(crm.maxBatchBytes()).isEqualTo(512 * 1024);
      assertThat(crm.responseExcerptBytes()).isEqualTo(2048);
      assertThat(crm.idempotencyHeader()).isEqualTo("X-Request-Id");
      HttpDestinationConfig second = configs.get(1);
      assertThat(second.name()).isEqualTo("http");
      assertThat(second.url()).hasToString("https://hooks.example.com/default");
    }

    @Test
    void a_single_destination_mapping_is_read_too() {
      List<HttpDestinationConfig> configs =
          HttpDestinationConfig.fromYaml("url: https://x.example.com\nname: solo\n", Map.of());

      assertThat(configs).singleElement().extracting(HttpDestinationConfig::name).isEqualTo("solo");
    }

    @Test
    void errors_name_the_path_of_the_bad_setting() {
      failsAt(
          () ->
              HttpDestinationConfig.fromYaml(
                  """
                  destinations:
                    - url: https://a.example.com
                    - url: https://b.example.com
                      name: b
                      timeouts: {request: soon}
                  """,
                  Map.of()),
          "destinations[1].timeouts.request",
          "'soon' is not a duration");
      failsAt(
          () ->
              HttpDestinationConfig.fromYaml(
                  "destinations:\n  - url: https://a.example.com\n    timout: 3s\n", Map.of()),
          "destinations[0].timout",
          "unknown key");
      failsAt(
          () ->
              HttpDestinationConfig.fromYaml(
                  "destinations:\n  - url: https://a.example.com\n    batch: {size: 3}\n",
                  Map.of()),
          "destinations[0].batch.size",
          "expected one of [max_bytes, max_size]");
      failsAt(
          () -> HttpDestinationConfig.fromYaml("destinations:\n  - name: x\n", Map.of()),
          "destinations[0].url",
          "must be set");
      failsAt(
          () ->
              HttpDestinationConfig.fromYaml(
                  "destinations:\n  - url: https://a.example.com\n  - url: https://b.example.com\n",
                  Map.of()),
          "destinations[1].name",
          "also the name of destinations[0]");
      failsAt(
          () ->
              HttpDestinationConfig.fromYaml(
                  "url: https://a.example.com\nstatuses: {success: 2xx, discard: 2xx}\n", Map.of()),
          "statuses.discard",
          "overlaps statuses.success");
    }

    @Test
    void a_missing_variable_is_named_and_a_secret_is_never_repeated() {
      failsAt(
          () ->
              HttpDestinationConfig.fromYaml(
                  "destinations:\n  - url: https://a.example.com/${HOOK_PATH}\n", Map.of()),
          "destinations[0].url",
          "uses ${HOOK_PATH}, which is not set");
      failsAt(
          () ->
              HttpDestinationConfig.fromYaml(
                  "url: https://a.example.com\nheaders: {Authorization: \"Bearer ${TOKEN}\"}\n",
                  Map.of()),
          "headers.Authorization",
          "uses ${TOKEN}, which is not set");
      assertThatThrownBy(() ->
              HttpDestinationConfig.fromYaml(
                  "url: https://a.example.com\nheaders: {Authorization: \"Bearer ${TOKEN}\"}\n",
                  Map.of("TOKEN", "SECRET\nX-Evil: 1")))
          .isInstanceOf(HttpConfigException.class)
          .hasMessageNotContaining("SECRET")
          .hasMessageContaining("headers.Authorization");
    }

    @Test
    void a_syntax_error_gives_its_line_without_quoting_the_file() {
      assertThatThrownBy(() ->
              HttpDestinationConfig.fromYaml(
                  """
                  url: https://a.example.com
                  headers:
                    Authorization: Bearer SECRET
                   bad: [unclosed
                  """,
                  Map.of()))
          .isInstanceOf(HttpConfigException.class)
          .hasMessageStartingWith("yaml: is not valid YAML")
          .hasMessageContaining("line ")
          .hasMessageNotContaining("SECRET");
      failsAt(
          () ->
              HttpDestinationConfig.fromYaml(
                  "url: https://a.example.com\nurl: https://b\n", Map.of()),
          "yaml",
          "Duplicate");
    }

    @Test
    void a_file_is_named_in_its_errors() throws Exception {
      Path file = dir.resolve("http.yml");
      Files.writeString(file, "url: https://a.example.com\nconcurrency: many\n");

      failsAt(
          () -> HttpDestinationConfig.fromYaml(file, Map.of()),
          file + ": concurrency",
          "'many' is not a whole number");
      failsAt(
          () -> HttpDestinationConfig.fromYaml(dir.resolve("missing.yml"), Map.of()),
          dir.resolve("missing.yml").toString(),
          "cannot be read");
    }
  }

  @Nested
  class FromEnvironment {

    @TempDir Path dir;

    @Test
    void nothing_configured_gives_no_destination() {
      assertThat(HttpDestinationConfig.fromEnvironment(Map.of("PATH", "/bin"))).isEmpty();
    }

    @Test
    void the_default_destination_is_read_from_its_variables() {
      Map<String, String> env = new HashMap<>();
      env.put("BLACKSMITH_HTTP_URL", "https://hooks.example.com/in");
      env.put("BLACKSMITH_HTTP_METHOD", "patch");
      env.put("BLACKSMITH_HTTP_HEADERS", "{\"Authorization\":\"Bearer a,b;c\"}");
      env.put("BLACKSMITH_HTTP_HEADER_X_API_KEY", "k3y");
      env.put("BLACKSMITH_HTTP_ENVELOPE", "job");
      env.put("BLACKSMITH_HTTP_CONNECT_TIMEOUT", "1s");
      env.put("BLACKSMITH_HTTP_TIMEOUT", "PT10S");
      env.put("BLACKSMITH_HTTP_LOAD_TIMEOUT", "1m");
      env.put("BLACKSMITH_HTTP_REALTIME", "false");
      env.put("BLACKSMITH_HTTP_INTERVAL", "*/5 * * * *");
      env.put("BLACKSMITH_HTTP_MAX_RETRIES", "0");
      env.put("BLACKSMITH_HTTP_SUCCESS_STATUSES", "200-204");
      env.put("BLACKSMITH_HTTP_RETRY_STATUSES", "5xx");
      env.put("BLACKSMITH_HTTP_DISCARD_STATUSES", "4xx");
      env.put("BLACKSMITH_HTTP_CONCURRENCY", "1");
      env.put("BLACKSMITH_HTTP_BATCH_MAX_SIZE", "10");
      env.put("BLACKSMITH_HTTP_BATCH_MAX_BYTES", "64KiB");
      env.put("BLACKSMITH_HTTP_RESPONSE_EXCERPT_BYTES", "256");
      env.put("BLACKSMITH_HTTP_IDEMPOTENCY_HEADER", "X-Job-Id");

      HttpDestinationConfig c = HttpDestinationConfig.fromEnvironment(env).get(0);

      assertThat(c.name()).isEqualTo("http");
      assertThat(c.method()).isEqualTo("PATCH");
      assertThat(c.headers())
          .containsEntry("Authorization", "Bearer a,b;c")
          .containsEntry("X-Api-Key", "k3y");
      assertThat(c.envelope()).isEqualTo(Envelope.JOB);
      assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
      assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(10));
      assertThat(c.loadTimeout()).isEqualTo(Duration.ofMinutes(1));
      assertThat(c.schedule()).isEqualTo(new Schedule(false, "*/5 * * * *", 0));
      assertThat(c.successStatuses().contains(204)).isTrue();
      assertThat(c.retryStatuses()).hasToString("5xx");
      assertThat(c.concurrency()).isEqualTo(1);
      assertThat(c.maxBatchSize()).isEqualTo(10);
      assertThat(c.maxBatchBytes()).isEqualTo(65_536);
      assertThat(c.responseExcerptBytes()).isEqualTo(256);
      assertThat(c.idempotencyHeader()).isEqualTo("X-Job-Id");
    }

    @Test
    void named_destinations_the_default_one_and_a_yaml_file_combine() throws Exception {
      Path file = dir.resolve("http.yml");
      Files.writeString(
          file, "destinations:\n  - name: from-file\n    url: https://f.example.com\n");
      Map<String, String> env =
          Map.of(
              "BLACKSMITH_HTTP_CONFIG", file.toString(),
              "BLACKSMITH_HTTP_URL", "https://default.example.com",
              "BLACKSMITH_HTTP_DESTINATIONS", "crm, audit-log",
              "BLACKSMITH_HTTP_CRM_URL", "https://crm.example.com",
              "BLACKSMITH_HTTP_CRM_HEADER_AUTHORIZATION", "Bearer c",
              "BLACKSMITH_HTTP_AUDIT_LOG_URL", "https://audit.example.com",
              "BLACKSMITH_HTTP_AUDIT_LOG_CONCURRENCY", "1");

      List<HttpDestinationConfig> configs = HttpDestinationConfig.fromEnvironment(env);

      assertThat(configs)
          .extracting(HttpDestinationConfig::name)
          .containsExactly("from-file", "http", "crm", "audit-log");
      assertThat(configs.get(2).headers()).containsEntry("Authorization", "Bearer c");
      assertThat(configs.get(3).concurrency()).isEqualTo(1);
      assertThat(HttpDestination.fromEnvironment(env))
          .extracting(HttpDestination::name)
          .containsExactly("from-file", "http", "crm", "audit-log");
    }

    @Test
    void errors_name_the_variable_and_never_repeat_a_secret() {
      failsAt(
          () ->
              HttpDestinationConfig.fromEnvironment(
                  Map.of(
                      "BLACKSMITH_HTTP_URL",
                      "https://x.example.com",
                      "BLACKSMITH_HTTP_TIMEOUT",
                      "3 secs")),
          "BLACKSMITH_HTTP_TIMEOUT",
          "'3 secs' is not a duration");
      failsAt(
          () ->
              HttpDestinationConfig.fromEnvironment(
                  Map.of(
                      "BLACKSMITH_HTTP_URL",
                      "https://x.example.com",
                      "BLACKSMITH_HTTP_TIMOUT",
                      "3s")),
          "BLACKSMITH_HTTP_TIMOUT",
          "unknown variable");
      failsAt(
          () -> HttpDestinationConfig.fromEnvironment(Map.of("BLACKSMITH_HTTP_CONCURRENCY", "3")),
          "BLACKSMITH_HTTP_URL",
          "must be set");
      failsAt(
          () ->
              HttpDestinationConfig.fromEnvironment(
                  Map.of(
                      "BLACKSMITH_HTTP_DESTINATIONS",
                      "crm",
                      "BLACKSMITH_HTTP_CRM_URL",
                      "https://c.example.com",
                      "BLACKSMITH_HTTP_CRM_RETRY_STATUSES",
                      "2xx")),
          "BLACKSMITH_HTTP_CRM_RETRY_STATUSES",
          "overlaps statuses.success");
      assertThatThrownBy(() ->
              HttpDestinationConfig.fromEnvironment(
                  Map.of(
                      "BLACKSMITH_HTTP_URL",
                      "https://x.example.com",
                      "BLACKSMITH_HTTP_HEADERS",
                      "{\"Authorization\": Bearer SECRET}")))
          .isInstanceOf(HttpConfigException.class)
          .hasMessage("BLACKSMITH_HTTP_HEADERS: is not a JSON object of header names to values");
      assertThatThrownBy(() ->
              HttpDestinationConfig.fromEnvironment(
                  Map.of(
                      "BLACKSMITH_HTTP_URL",
                      "https://x.example.com",
                      "BLACKSMITH_HTTP_HEADER_AUTHORIZATION",
                      "SEC\u0001RET")))
          .isInstanceOf(HttpConfigException.class)
          .hasMessageStartingWith("BLACKSMITH_HTTP_HEADER_AUTHORIZATION")
          .hasMessageContaining("control character")
          .hasMessageNotContaining("SEC");
    }

    @Test
    void names_that_would_read_as_header_variables_are_refused() {
      failsAt(
          () ->
              HttpDestinationConfig.fromEnvironment(
                  Map.of("BLACKSMITH_HTTP_DESTINATIONS", "header-x")),
          "BLACKSMITH_HTTP_DESTINATIONS",
          "reserved");
    }
  }
}
