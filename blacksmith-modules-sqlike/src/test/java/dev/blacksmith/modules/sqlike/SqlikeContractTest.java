package dev.blacksmith.modules.sqlike;

import static dev.blacksmith.modules.sqlike.SqlikeDestination.RUN_OPERATION;
import static dev.blacksmith.modules.sqlike.SqlikeDestination.RUN_STATEMENTS;
import static dev.blacksmith.modules.sqlike.SqlikeDestination.runOperation;
import static dev.blacksmith.modules.sqlike.SqlikeDestination.runStatements;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blacksmith.store.Queue;
import dev.blacksmith.wanderer.Direction;
import dev.blacksmith.wanderer.Migration;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What the destination does on every database it supports. Subclasses supply the database; each
 * test gets an empty one.
 */
abstract class SqlikeContractTest {

  @TempDir Path dir;

  private @Nullable SqlikeDestination destination;

  /** A builder pointing at this test's empty database. */
  abstract SqlikeConfig.Builder database();

  /** A plain connection to this test's database, outside the destination. */
  abstract Connection connect() throws SQLException;

  @AfterEach
  void shutDown() {
    if (destination != null) {
      destination.shutdown(TestQueues.TOOLKIT);
    }
  }

  /** An initialised destination over this test's database, with {@code settings} applied. */
  SqlikeDestination start(Consumer<SqlikeConfig.Builder> settings) throws Exception {
    SqlikeConfig.Builder b = database().name("warehouse");
    settings.accept(b);
    SqlikeDestination d = new SqlikeDestination(b.build());
    d.init(TestQueues.TOOLKIT);
    destination = d;
    return d;
  }

  SqlikeDestination start() throws Exception {
    return start(b -> {});
  }

  static RecordingThens load(SqlikeDestination d, String action, Queue queue) throws Exception {
    RecordingThens thens = new RecordingThens(queue);
    d.actions().get(action).load(TestQueues.TOOLKIT, queue, thens);
    return thens;
  }

  void execute(String sql) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** Every row of {@code query}, each column as {@code getObject} gives it. */
  List<List<Object>> rows(String query) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(rs.getObject(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  /** The first column of {@code query}, as text. */
  List<String> column(String query) throws SQLException {
    return rows(query).stream().map(r -> String.valueOf(r.get(0))).toList();
  }

  Path operation(String name, String sql) throws Exception {
    Path ops = Files.createDirectories(dir.resolve("operations"));
    return Files.writeString(ops.resolve(name + ".sql"), sql);
  }

  // --- run-statements ---

  @Test
  void a_queue_of_statements_commits_every_job_and_reports_them_succeeded_together()
      throws Exception {
    execute("create table items (id integer primary key, label text not null)");
    SqlikeDestination d = start();
    Queue queue =
        TestQueues.of(
            RUN_STATEMENTS,
            runStatements(
                SqlStatement.of("insert into items (id, label) values (?, ?)", 1, "one"),
                SqlStatement.of("update items set label = ? where id = ?", "uno", 1)),
            runStatements(SqlStatement.of("insert into items (id, label) values (?, ?)", 2, "two")),
            runStatements(SqlStatement.of("insert into items (id, label) values (?, ?)", 3, "x")));

    RecordingThens thens = load(d, RUN_STATEMENTS, queue);

    assertThat(rows("select id, label from items order by id"))
        .extracting(r -> r.get(0).toString() + "=" + r.get(1))
        .containsExactly("1=uno", "2=two", "3=x");
    assertThat(thens.thens).hasSize(1);
    assertThat(thens.thens.get(0).jobs()).containsExactly("job-1", "job-2", "job-3");
    assertThat(thens.thens.get(0).error()).isNull();
  }

  @Test
  void a_job_breaking_a_constraint_is_discarded_whole_while_the_other_jobs_commit()
      throws Exception {
    execute("create table items (id integer primary key, label text not null)");
    SqlikeDestination d = start();
    String insert = "insert into items (id, label) values (?, ?)";
    Queue queue =
        TestQueues.of(
            RUN_STATEMENTS,
            runStatements(SqlStatement.of(insert, 1, "one")),
            // Its first statement would pass alone: the job is atomic, so it must not commit.
            runStatements(
                SqlStatement.of(insert, 2, "two"), SqlStatement.of(insert, 1, "label-2b")),
            runStatements(SqlStatement.of(insert, 3, "three")));

    RecordingThens thens = load(d, RUN_STATEMENTS, queue);

    assertThat(column("select id from items order by id")).containsExactly("1", "3");
    assertThat(thens.outcome("job-1").status()).isEqualTo("succeeded");
    assertThat(thens.outcome("job-3").status()).isEqualTo("succeeded");
    RecordingThens.Outcome bad = thens.outcome("job-2");
    assertThat(bad.status()).isEqualTo("discarded");
    assertThat(bad.message())
        .contains("job job-2 statement 2 of 2 failed")
        .contains("[23")
        .contains("(sql: insert into items (id, label) values (?, ?))")
        .doesNotContain("label-2b");
    assertThat(bad.error()).isInstanceOf(SqlikeException.class);
    assertThat(((SqlikeException) bad.error()).isPermanent()).isTrue();
    assertThat(((SqlikeException) bad.error()).sqlState()).startsWith("23");
  }

  @Test
  void a_retryable_error_rolls_the_whole_queue_back_and_fails_every_job() throws Exception {
    execute("create table items (id integer primary key, label text not null)");
    // Constraint violations made retryable: the queue is not replayed, nothing commits.
    SqlikeDestination d =
        start(b -> b.errorPolicy(SqlErrorPolicy.DEFAULT.withRetryable(List.of("23"))));
    String insert = "insert into items (id, label) values (?, ?)";
    Queue queue =
        TestQueues.of(
            RUN_STATEMENTS,
            runStatements(SqlStatement.of(insert, 1, "one")),
            runStatements(SqlStatement.of(insert, 1, "dup")),
            runStatements(SqlStatement.of(insert, 3, "three")));

    RecordingThens thens = load(d, RUN_STATEMENTS, queue);

    assertThat(rows("select id from items")).isEmpty();
    assertThat(thens.outcomes().values())
        .extracting(RecordingThens.Outcome::status)
        .containsOnly("failed")
        .hasSize(3);
    assertThat(thens.outcome("job-2").message())
        .startsWith("queue of 3 jobs not loaded, to be retried: ")
        .contains("[23")
        .contains("insert into items");
    assertThat(((SqlikeException) thens.outcome("job-1").error()).isPermanent()).isFalse();
  }

  @Test
  void a_syntax_error_or_a_missing_table_is_permanent() throws Exception {
    SqlikeDestination d = start();
    Queue queue =
        TestQueues.of(
            RUN_STATEMENTS,
            runStatements(SqlStatement.of("insert into no_such_table (id) values (?)", 1)));

    RecordingThens thens = load(d, RUN_STATEMENTS, queue);

    assertThat(thens.outcome("job-1").status()).isEqualTo("discarded");
    assertThat(thens.outcome("job-1").message())
        .contains("job job-1 statement 1 of 1 failed: [42")
        .contains("no_such_table");
  }

  @Test
  void a_statement_given_the_wrong_number_of_values_is_discarded() throws Exception {
    execute("create table items (id integer primary key, label text)");
    SqlikeDestination d = start();
    Queue queue =
        TestQueues.of(
            RUN_STATEMENTS,
            runStatements(SqlStatement.of("insert into items (id, label) values (?, ?)", 1)),
            runStatements(SqlStatement.of("insert into items (id) values (?)", 2, "extra")),
            runStatements(SqlStatement.of("insert into items (id) values (?)", 3)));

    RecordingThens thens = load(d, RUN_STATEMENTS, queue);

    assertThat(thens.outcome("job-1").status()).isEqualTo("discarded");
    assertThat(thens.outcome("job-1").message()).contains("[22023]");
    assertThat(thens.outcome("job-2").status()).isEqualTo("discarded");
    assertThat(thens.outcome("job-3").status()).isEqualTo("succeeded");
    assertThat(column("select id from items")).containsExactly("3");
  }

  @Test
  void values_of_every_json_type_are_bound_as_parameters() throws Exception {
    execute(
        "create table vals (id integer primary key, n bigint, d numeric, b boolean, s text,"
            + " j text, z text)");
    SqlikeDestination d = start();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("k", List.of(1, "two"));
    Queue queue =
        TestQueues.of(
            RUN_STATEMENTS,
            runStatements(
                SqlStatement.of(
                    "insert into vals (id, n, d, b, s, j, z) values (?, ?, ?, ?, ?, ?, ?)",
                    1,
                    9_007_199_254_740_993L,
                    new BigDecimal("2.5"),
                    true,
                    "it's ; -- not SQL",
                    json,
                    null)));

    RecordingThens thens = load(d, RUN_STATEMENTS, queue);

    assertThat(thens.outcome("job-1").status()).isEqualTo("succeeded");
    assertThat(
            rows(
                "select cast(n as text), d, case when b then 'yes' else 'no' end, s, j,"
                    + " z is null from vals"))
        .singleElement()
        .satisfies(r -> {
          assertThat(r.get(0)).isEqualTo("9007199254740993");
          assertThat(new BigDecimal(r.get(1).toString())).isEqualByComparingTo("2.5");
          assertThat(r.get(2)).isEqualTo("yes");
          assertThat(r.get(3)).isEqualTo("it's ; -- not SQL");
          assertThat(r.get(4).toString()).isEqualTo("{\"k\":[1,\"two\"]}");
          assertThat(r.get(5).toString()).isIn("1", "true");
        });
  }

  @Test
  void marshal_refuses_two_statements_in_one_entry_and_creates_no_job() {
    assertThatThrownBy(() ->
            TestQueues.marshal(runStatements(SqlStatement.of("delete from a; delete from b"))))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("statements[0].sql must hold exactly one statement, found 2");
  }

  @Test
  void a_job_whose_stored_data_has_a_bad_shape_is_discarded_without_touching_the_others()
      throws Exception {
    execute("create table items (id integer primary key)");
    SqlikeDestination d = start();
    String good =
        TestQueues.marshal(runStatements(SqlStatement.of("insert into items values (?)", 7)));
    Queue queue =
        TestQueues.ofData(RUN_STATEMENTS, "{\"statements\": \"drop table items\"}", good, "[1]");

    RecordingThens thens = load(d, RUN_STATEMENTS, queue);

    assertThat(thens.outcome("job-1").status()).isEqualTo("discarded");
    assertThat(thens.outcome("job-1").message())
        .isEqualTo("job job-1: run-statements job data needs a non-empty array statements");
    assertThat(thens.outcome("job-3").status()).isEqualTo("discarded");
    assertThat(thens.outcome("job-2").status()).isEqualTo("succeeded");
    assertThat(column("select id from items")).containsExactly("7");
  }

  // --- run-operation ---

  @Test
  void an_operation_binds_named_parameters_wherever_they_appear_and_ignores_unused_ones()
      throws Exception {
    execute("create table users (email text primary key, name text not null, visits integer)");
    execute("create table audit (email text not null, note text not null)");
    operation(
        "upsert_user",
        """
        -- Upsert a user by e-mail; :not_a_param in a comment is left alone.
        insert into users (email, name, visits) values (:email, :name, 1)
        on conflict (email) do update set name = :name, visits = users.visits + 1;
        /* every visit is audited */
        insert into audit (email, note) values (:email, 'it''s :not_a_param; really');
        """);
    SqlikeDestination d = start(b -> b.operations(dir.resolve("operations")));
    Queue queue =
        TestQueues.of(
            RUN_OPERATION,
            runOperation("upsert_user", Map.of("email", "ada@example.com", "name", "Ada")),
            runOperation(
                "upsert_user",
                Map.of("email", "ada@example.com", "name", "Ada L", "unused", "ignored")),
            runOperation("upsert_user", new User("bob@example.com", "Bob")));

    RecordingThens thens = load(d, RUN_OPERATION, queue);

    assertThat(thens.outcomes().values())
        .extracting(RecordingThens.Outcome::status)
        .containsOnly("succeeded");
    assertThat(rows("select email, name, visits from users order by email"))
        .extracting(r -> r.get(0) + "|" + r.get(1) + "|" + r.get(2))
        .containsExactly("ada@example.com|Ada L|2", "bob@example.com|Bob|1");
    assertThat(column("select note from audit"))
        .hasSize(3)
        .containsOnly("it's :not_a_param; really");
  }

  /** Parameters may be any object Jackson writes as a JSON object. */
  record User(String email, String name) {}

  @Test
  void an_unknown_operation_or_a_missing_parameter_is_discarded_and_the_good_jobs_load()
      throws Exception {
    execute("create table users (email text primary key, name text)");
    operation("add_user", "insert into users (email, name) values (:email, :name)");
    operation("rename_user", "update users set name = :name where email = :email");
    SqlikeDestination d = start(b -> b.operations(dir.resolve("operations")));
    Queue queue =
        TestQueues.of(
            RUN_OPERATION,
            runOperation("add_user", Map.of("email", "ada@example.com", "name", "Ada")),
            runOperation("drop_everything", Map.of()),
            runOperation("add_user", Map.of("name", "nobody")));

    RecordingThens thens = load(d, RUN_OPERATION, queue);

    assertThat(thens.outcome("job-1").status()).isEqualTo("succeeded");
    assertThat(thens.outcome("job-2").status()).isEqualTo("discarded");
    assertThat(thens.outcome("job-2").message())
        .contains("unknown operation 'drop_everything'")
        .contains("add_user, rename_user");
    assertThat(thens.outcome("job-3").status()).isEqualTo("discarded");
    assertThat(thens.outcome("job-3").message())
        .contains("operation 'add_user' needs parameter email, missing from the job's params");
    assertThat(column("select email from users")).containsExactly("ada@example.com");
  }

  @Test
  void an_operation_breaking_a_constraint_is_discarded_and_names_its_statement() throws Exception {
    execute("create table users (email text primary key, name text not null)");
    operation("add_user", "insert into users (email, name) values (:email, :name)");
    SqlikeDestination d = start(b -> b.operations(dir.resolve("operations")));
    Map<String, Object> noName = new LinkedHashMap<>();
    noName.put("email", "x@example.com");
    noName.put("name", null);
    Queue queue =
        TestQueues.of(
            RUN_OPERATION,
            runOperation("add_user", noName),
            runOperation("add_user", Map.of("email", "ada@example.com", "name", "Ada")));

    RecordingThens thens = load(d, RUN_OPERATION, queue);

    assertThat(thens.outcome("job-1").status()).isEqualTo("discarded");
    assertThat(thens.outcome("job-1").message())
        .contains("job job-1 statement 1 of 1 failed: [23")
        .contains("(sql: insert into users (email, name) values (?, ?))");
    assertThat(thens.outcome("job-2").status()).isEqualTo("succeeded");
  }

  @Test
  void an_operation_file_with_a_positional_parameter_stops_init_naming_the_file() throws Exception {
    operation("bad", "select * from users where id = ?");
    SqlikeConfig config =
        database().name("warehouse").operations(dir.resolve("operations")).build();
    SqlikeDestination d = new SqlikeDestination(config);

    assertThatThrownBy(() -> d.init(TestQueues.TOOLKIT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("operation template bad.sql")
        .hasMessageContaining("a ? at line 1, column 32 is not allowed");
  }

  // --- migrations ---

  Path migration(String file, String sql) throws Exception {
    Path migrations = Files.createDirectories(dir.resolve("migrations"));
    return Files.writeString(migrations.resolve(file), sql);
  }

  @Test
  void migrations_run_up_and_down_each_in_one_transaction() throws Exception {
    migration(
        "20260101000000.create_users.up.sql",
        """
        create table users (email text primary key, name text);
        create index users_name on users (name);
        """);
    migration("20260101000000.create_users.down.sql", "drop table users;");
    migration("20260102000000.add_visits.up.sql", "alter table users add column visits integer;");
    SqlikeDestination d = start(b -> b.migrations(dir.resolve("migrations")));
    var toolkit = new dev.blacksmith.wanderer.Toolkit(LoggerFactory.getLogger("test"), null);

    List<Migration> migrations = d.migrations();
    assertThat(migrations)
        .extracting(Migration::name)
        .containsExactly("create_users", "add_visits");
    d.migrate(toolkit, migrations.get(0), Direction.UP);
    d.migrate(toolkit, migrations.get(1), Direction.UP);
    execute("insert into users (email, name, visits) values ('a@example.com', 'A', 1)");
    assertThat(column("select visits from users")).containsExactly("1");

    assertThatThrownBy(() -> d.migrate(toolkit, migrations.get(1), Direction.DOWN))
        .isInstanceOf(SqlikeException.class)
        .hasMessageContaining("migration 20260102000000.add_visits (down) has no down script");
    d.migrate(toolkit, migrations.get(0), Direction.DOWN);
    assertThatThrownBy(() -> rows("select * from users")).isInstanceOf(SQLException.class);
  }

  @Test
  void a_failing_migration_is_rolled_back_entirely() throws Exception {
    migration(
        "20260101000000.half_done.up.sql",
        """
        create table first_half (id integer);
        insert into first_half values (1);
        create table second_half (id integer references nowhere_at_all(id), oops;
        """);
    SqlikeDestination d = start(b -> b.migrations(dir.resolve("migrations")));
    var toolkit = new dev.blacksmith.wanderer.Toolkit(LoggerFactory.getLogger("test"), null);

    assertThatThrownBy(() -> d.migrate(toolkit, d.migrations().get(0), Direction.UP))
        .isInstanceOf(SqlikeException.class)
        .hasMessageContaining("migration 20260101000000.half_done (up) of destination warehouse")
        .hasMessageContaining("failed and was rolled back");
    assertThatThrownBy(() -> rows("select * from first_half")).isInstanceOf(SQLException.class);
  }

  @Test
  void a_destination_without_migrations_lists_none_and_one_with_a_missing_directory_says_so()
      throws Exception {
    assertThat(start().migrations()).isEmpty();
    SqlikeDestination missing =
        new SqlikeDestination(database().migrations(dir.resolve("nowhere")).build());
    assertThatThrownBy(missing::migrations)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nowhere")
        .hasMessageContaining("does not exist");
  }

  @Test
  void loading_before_init_fails_the_queue_with_a_clear_error() throws Exception {
    SqlikeDestination d = new SqlikeDestination(database().build());
    Queue queue = TestQueues.of(RUN_STATEMENTS, runStatements(SqlStatement.of("select 1")));

    assertThatThrownBy(() -> load(d, RUN_STATEMENTS, queue))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("destination sqlike is not initialised");
  }
}
