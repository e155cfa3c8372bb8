package dev.blacksmith.modules.sqlike;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blacksmith.destination.Schedule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlikeConfigTest {

  @TempDir Path dir;

  private Path yaml(String text) throws Exception {
    return Files.writeString(dir.resolve("warehouse.yml"), text);
  }

  @Test
  void a_yaml_file_sets_every_key_and_relative_directories_resolve_against_it() throws Exception {
    Path file =
        yaml(
            """
            name: warehouse
            url: jdbc:postgresql://db.internal:5432/analytics?currentSchema=events
            user: loader
            password: s3cret
            pool-size: 8
            connection-timeout: 5s
            statement-timeout: 2m
            operations: sql/operations
            migrations: classpath:migrations/warehouse
            schedule:
              realtime: true
              interval: "@every 30s"
              max-retries: 10
            errors:
              permanent: [22, 23, "42"]
              retryable: [42P01]
            """);

    SqlikeConfig c = SqlikeConfig.fromYaml(file);

    assertThat(c.name()).isEqualTo("warehouse");
    assertThat(c.url())
        .isEqualTo("jdbc:postgresql://db.internal:5432/analytics?currentSchema=events");
    assertThat(c.user()).isEqualTo("loader");
    assertThat(c.password()).isEqualTo("s3cret");
    assertThat(c.poolSize()).isEqualTo(8);
    assertThat(c.connectionTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.statementTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.operations()).isEqualTo(dir.resolve("sql/operations").toString());
    assertThat(c.migrations()).isEqualTo("classpath:migrations/warehouse");
    assertThat(c.schedule()).isEqualTo(new Schedule(true, "@every 30s", 10));
    assertThat(c.errorPolicy().permanent()).containsExactly("22", "23", "42");
    assertThat(c.errorPolicy().isPermanent("42P01")).isFalse();
    assertThat(c.toString()).contains("password=***").doesNotContain("s3cret");
  }

  @Test
  void defaults_apply_to_what_is_not_set() {
    SqlikeConfig c = SqlikeConfig.builder().url("jdbc:sqlite:warehouse.db").build();

    assertThat(c.name()).isEqualTo("sqlike");
    assertThat(c.poolSize()).isEqualTo(4);
    assertThat(c.connectionTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.statementTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.operations()).isNull();
    assertThat(c.migrations()).isNull();
    assertThat(c.schedule()).isEqualTo(new Schedule(false, "@every 1m", 4320));
    assertThat(c.errorPolicy()).isEqualTo(SqlErrorPolicy.DEFAULT);
  }

  @Test
  void environment_variables_override_the_file_they_name_key_by_key() throws Exception {
    Path file =
        yaml(
            """
            name: warehouse
            url: jdbc:sqlite:from-file.db
            pool-size: 2
            schedule:
              interval: "@every 5m"
              max-retries: 3
            """);

    SqlikeConfig c =
        SqlikeConfig.fromEnvironment(
            Map.of(
                "BLACKSMITH_SQLIKE_CONFIG", file.toString(),
                "BLACKSMITH_SQLIKE_URL", "jdbc:postgresql://127.0.0.1/test",
                "BLACKSMITH_SQLIKE_PASSWORD", " with spaces ",
                "BLACKSMITH_SQLIKE_REALTIME", "true",
                "BLACKSMITH_SQLIKE_MAX_RETRIES", "12",
                "BLACKSMITH_SQLIKE_PERMANENT_SQLSTATES", "23, 42",
                "BLACKSMITH_SQLIKE_OPERATIONS", "ops",
                "BLACKSMITH_SQLIKE_POOL_SIZE", " "));

    assertThat(c.name()).isEqualTo("warehouse");
    assertThat(c.url()).isEqualTo("jdbc:postgresql://127.0.0.1/test");
    assertThat(c.password()).isEqualTo(" with spaces ");
    assertThat(c.poolSize()).isEqualTo(2);
    assertThat(c.schedule()).isEqualTo(new Schedule(true, "@every 5m", 12));
    assertThat(c.errorPolicy().permanent()).containsExactly("23", "42");
    assertThat(c.operations()).isEqualTo("ops");
  }

  @Test
  void another_prefix_configures_a_second_destination_side_by_side() {
    Map<String, String> env =
        Map.of(
            "BLACKSMITH_SQLIKE_URL", "jdbc:sqlite:main.db",
            "AUDIT_SQL_NAME", "audit",
            "AUDIT_SQL_URL", "jdbc:sqlite:audit.db");

    assertThat(SqlikeConfig.fromEnvironment(env).url()).isEqualTo("jdbc:sqlite:main.db");
    SqlikeConfig audit = SqlikeConfig.fromEnvironment(env, "AUDIT_SQL_");
    assertThat(audit.name()).isEqualTo("audit");
    assertThat(audit.url()).isEqualTo("jdbc:sqlite:audit.db");
  }

  @Test
  void a_missing_url_says_every_way_to_set_it() {
    assertThatThrownBy(() -> SqlikeConfig.fromEnvironment(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "url is required: set url in the YAML file, BLACKSMITH_SQLIKE_URL in the environment,"
                + " or SqlikeConfig.builder().url(...)");
  }

  @Test
  void a_bad_variable_is_named_with_its_value_and_the_reason() {
    assertThatThrownBy(() ->
            SqlikeConfig.fromEnvironment(
                Map.of(
                    "BLACKSMITH_SQLIKE_URL", "jdbc:sqlite:x.db",
                    "BLACKSMITH_SQLIKE_POOL_SIZE", "lots")))
        .hasMessage(
            "BLACKSMITH_SQLIKE_POOL_SIZE='lots' is invalid: expected a whole number, was 'lots'");
    assertThatThrownBy(() ->
            SqlikeConfig.fromEnvironment(
                Map.of("BLACKSMITH_SQLIKE_URL", "jdbc:mysql://db/x?password=hunter2")))
        .hasMessageStartingWith("BLACKSMITH_SQLIKE_URL='jdbc:mysql://db/x?password=***' is invalid")
        .hasMessageContaining("expected jdbc:postgresql://host[:port]/database or jdbc:sqlite:")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() ->
            SqlikeConfig.fromEnvironment(
                Map.of(
                    "BLACKSMITH_SQLIKE_URL", "jdbc:sqlite:x.db",
                    "BLACKSMITH_SQLIKE_INTERVAL", "hourly")))
        .hasMessageStartingWith(
            "BLACKSMITH_SQLIKE_INTERVAL='hourly' is invalid: interval 'hourly'");
    assertThatThrownBy(() ->
            SqlikeConfig.fromEnvironment(
                Map.of(
                    "BLACKSMITH_SQLIKE_URL", "jdbc:sqlite:x.db",
                    "BLACKSMITH_SQLIKE_RETRYABLE_SQLSTATES", "40001,deadlock")))
        .hasMessageStartingWith(
            "BLACKSMITH_SQLIKE_RETRYABLE_SQLSTATES='40001,deadlock' is invalid: retryable SQLSTATE"
                + " 'deadlock'");
  }

  @Test
  void a_bad_yaml_key_or_value_is_named_with_the_file() throws Exception {
    Path typo = yaml("url: jdbc:sqlite:x.db\npoolsize: 3\n");
    assertThatThrownBy(() -> SqlikeConfig.fromYaml(typo))
        .hasMessage(
            "sqlike config "
                + typo
                + ": unknown key 'poolsize'; known keys are [name, url, user, password, pool-size,"
                + " connection-timeout, statement-timeout, operations, migrations, schedule,"
                + " errors]");

    Path badValue = yaml("url: jdbc:sqlite:x.db\nstatement-timeout: soon\n");
    assertThatThrownBy(() -> SqlikeConfig.fromYaml(badValue))
        .hasMessageStartingWith(
            "sqlike config " + badValue + ": statement-timeout: invalid duration 'soon'");

    Path nested = yaml("url: jdbc:sqlite:x.db\nschedule:\n  every: 5m\n");
    assertThatThrownBy(() -> SqlikeConfig.fromYaml(nested))
        .hasMessageContaining(": unknown key 'schedule.every'");

    Path retries = yaml("url: jdbc:sqlite:x.db\nschedule:\n  max-retries: -1\n");
    assertThatThrownBy(() -> SqlikeConfig.fromYaml(retries))
        .hasMessageContaining(": schedule.max-retries: maxRetries must be between 0 and 65535");

    Path list = yaml("url: [jdbc:sqlite:x.db]\n");
    assertThatThrownBy(() -> SqlikeConfig.fromYaml(list))
        .hasMessage("sqlike config " + list + ": url must be a single value");

    Path broken = yaml("url: 'jdbc:sqlite:x.db\n");
    assertThatThrownBy(() -> SqlikeConfig.fromYaml(broken))
        .hasMessageStartingWith("sqlike config " + broken + " is not valid YAML");

    Path missing = dir.resolve("nowhere.yml");
    assertThatThrownBy(() -> SqlikeConfig.fromYaml(missing))
        .hasMessageStartingWith("cannot read sqlike config " + missing);
  }

  @Test
  void durations_read_short_forms_iso_and_zero() {
    assertThat(SqlikeConfig.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(SqlikeConfig.parseDuration("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(SqlikeConfig.parseDuration("2d")).isEqualTo(Duration.ofDays(2));
    assertThat(SqlikeConfig.parseDuration("PT45S")).isEqualTo(Duration.ofSeconds(45));
    assertThat(SqlikeConfig.parseDuration("0")).isEqualTo(Duration.ZERO);
    assertThatThrownBy(() -> SqlikeConfig.parseDuration("5 minutes"))
        .hasMessageStartingWith("invalid duration '5 minutes'");
  }

  @Test
  void names_intervals_and_pool_sizes_are_checked_in_java_too() {
    assertThatThrownBy(() -> SqlikeConfig.builder().name("Ware House"))
        .hasMessage("name must match [a-z0-9][a-z0-9_-]*, was 'Ware House'");
    assertThatThrownBy(() -> SqlikeConfig.builder().schedule(Schedule.every("@every 0s")))
        .hasMessage("interval '@every 0s' must be positive");
    assertThat(
            SqlikeConfig.builder()
                .schedule(Schedule.every("0 2 * * *"))
                .url("jdbc:sqlite:a")
                .build()
                .schedule())
        .isEqualTo(new Schedule(false, "0 2 * * *", 4320));
    assertThatThrownBy(() -> SqlikeConfig.builder().poolSize(0))
        .hasMessage("pool size must be between 1 and 100, was 0");
    assertThatThrownBy(() -> SqlikeConfig.builder().operations(" "))
        .hasMessage("operations must be a directory or classpath:folder, was ' '");
  }
}
