package dev.blacksmith.modules.sqlike;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blacksmith.destination.Schedule;
import dev.blacksmith.json.Json;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What needs no database: naming, options, marshalling, reading templates, start-up errors. */
class SqlikeDestinationTest {

  @TempDir Path dir;

  @Test
  void the_destination_has_its_configured_name_schedule_and_both_actions() {
    SqlikeDestination d =
        new SqlikeDestination(
            SqlikeConfig.builder()
                .name("warehouse")
                .url("jdbc:sqlite:" + dir.resolve("w.db"))
                .schedule(Schedule.every("@every 10m").withMaxRetries(5))
                .build());

    assertThat(d.name()).isEqualTo("warehouse");
    assertThat(d.options().defaultSchedule()).isEqualTo(new Schedule(false, "@every 10m", 5));
    assertThat(d.actions()).containsOnlyKeys("run-statements", "run-operation");
    assertThat(d.actions().values())
        .extracting(a -> a.name())
        .containsExactlyInAnyOrder("run-statements", "run-operation");
  }

  @Test
  void init_names_the_unreachable_database_without_its_password() {
    SqlikeDestination d =
        new SqlikeDestination(
            SqlikeConfig.builder()
                .name("warehouse")
                .url("jdbc:postgresql://127.0.0.1:1/analytics?password=hunter2")
                .connectionTimeout(java.time.Duration.ofSeconds(1))
                .build());

    assertThatThrownBy(() -> d.init(TestQueues.TOOLKIT))
        .isInstanceOf(SqlikeException.class)
        .hasMessageStartingWith(
            "destination warehouse cannot connect to PostgreSQL 127.0.0.1:1/analytics: ")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void run_statements_marshals_values_as_json_and_refuses_an_empty_list() throws Exception {
    String data =
        TestQueues.marshal(
            SqlikeDestination.runStatements(
                SqlStatement.of(
                    "insert into t (a, b, c) values (?, ?, ?)", 1, null, List.of("x"))));

    assertThat(Json.tree(data).toString())
        .isEqualTo(
            "{\"statements\":[{\"sql\":\"insert into t (a, b, c) values (?, ?, ?)\","
                + "\"args\":[1,null,[\"x\"]]}]}");
    assertThatThrownBy(() -> TestQueues.marshal(SqlikeDestination.runStatements(List.of())))
        .isInstanceOf(InvalidJobException.class)
        .hasMessage("run-statements job data needs a non-empty array statements");
    assertThatThrownBy(() -> SqlStatement.of(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sql must not be blank");
  }

  @Test
  void run_operation_marshals_a_name_and_an_object_of_params_or_nothing() throws Exception {
    assertThat(
            TestQueues.marshal(SqlikeDestination.runOperation("upsert_user", Map.of("email", "a"))))
        .isEqualTo("{\"operation\":\"upsert_user\",\"params\":{\"email\":\"a\"}}");
    assertThat(TestQueues.marshal(SqlikeDestination.runOperation("refresh", null)))
        .isEqualTo("{\"operation\":\"refresh\",\"params\":{}}");
    assertThatThrownBy(
            () -> TestQueues.marshal(SqlikeDestination.runOperation("../etc/passwd", Map.of())))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("operation, the name of a template in [A-Za-z0-9_-]");
    assertThatThrownBy(() -> TestQueues.marshal(SqlikeDestination.runOperation("x", List.of(1, 2))))
        .isInstanceOf(InvalidJobException.class)
        .hasMessage("run-operation params must be an object of named values");
  }

  @Test
  void templates_are_read_from_a_directory_and_badly_named_files_are_refused() throws Exception {
    Path ops = Files.createDirectories(dir.resolve("ops"));
    Files.writeString(ops.resolve("add_user.sql"), "insert into users values (:email, :name)");
    Files.writeString(ops.resolve("README.md"), "ignored");

    Operations read = Operations.load(ops.toString(), getClass().getClassLoader());
    assertThat(read.templates()).containsOnlyKeys("add_user");
    assertThat(read.find("add_user").parameters()).containsExactly("email", "name");

    Files.writeString(ops.resolve("add user.sql"), "select 1");
    assertThatThrownBy(() -> Operations.load(ops.toString(), getClass().getClassLoader()))
        .hasMessageContaining("operation file 'add user.sql'");
    assertThatThrownBy(
            () -> Operations.load(dir.resolve("none").toString(), getClass().getClassLoader()))
        .hasMessageContaining("does not exist");
    Files.delete(ops.resolve("add user.sql"));
    Files.writeString(ops.resolve("empty.sql"), "-- nothing but a comment\n");
    assertThatThrownBy(() -> Operations.load(ops.toString(), getClass().getClassLoader()))
        .hasMessageContaining("operation template empty.sql")
        .hasMessageContaining("holds no statement");
  }

  @Test
  void templates_are_read_from_a_class_path_folder_inside_a_jar() throws Exception {
    Path jar = dir.resolve("app.jar");
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream j = new JarOutputStream(out)) {
      j.putNextEntry(new JarEntry("sql/"));
      j.closeEntry();
      j.putNextEntry(new JarEntry("sql/ops/"));
      j.closeEntry();
      j.putNextEntry(new JarEntry("sql/ops/touch.sql"));
      j.write("update users set seen = :at where email = :email".getBytes(StandardCharsets.UTF_8));
      j.closeEntry();
    }
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      Operations read = Operations.load("classpath:sql/ops", loader);

      assertThat(read.templates()).containsOnlyKeys("touch");
      assertThat(read.find("touch").parameters()).containsExactly("at", "email");
      assertThatThrownBy(() -> Operations.load("classpath:sql/missing", loader))
          .hasMessage("operations folder classpath:sql/missing is not on the class path");
    }
  }

  @Test
  void templates_and_migrations_are_read_from_a_class_path_directory() throws Exception {
    SqlikeDestination d =
        new SqlikeDestination(
            SqlikeConfig.builder()
                .url("jdbc:sqlite:" + dir.resolve("w.db"))
                .operations("classpath:sqlike-test/operations")
                .migrations("classpath:sqlike-test/migrations")
                .build());

    assertThat(d.operations().templates()).containsOnlyKeys("count_event");
    assertThat(d.migrations())
        .extracting(m -> m.version() + "." + m.name())
        .containsExactly("20260101000000.create_counts");
  }
}
