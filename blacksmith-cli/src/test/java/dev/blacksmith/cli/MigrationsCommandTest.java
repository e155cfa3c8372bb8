package dev.blacksmith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Destination;
import dev.blacksmith.engine.Application;
import dev.blacksmith.engine.Options;
import dev.blacksmith.spi.wanderer.MigrationStatus;
import dev.blacksmith.spi.wanderer.Scope;
import dev.blacksmith.store.jdbc.JdbcStore;
import dev.blacksmith.wanderer.Direction;
import dev.blacksmith.wanderer.Migration;
import dev.blacksmith.wanderer.Migrations;
import dev.blacksmith.wanderer.Toolkit;
import dev.blacksmith.wanderer.WithMigrations;
import dev.blacksmith.wanderer.jdbc.JdbcWanderer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code blacksmith migrations} on an application whose destination, {@code warehouse}, keeps its
 * migrations as files and runs each in one transaction against a real SQLite database.
 */
class MigrationsCommandTest {

  private static final Scope WAREHOUSE = Scope.destination("warehouse");

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private URLClassLoader loader;
  private Map<String, String> env;

  /** The application the command finds: one destination with migrations. */
  public static final class App implements Application {
    static Path migrations;
    static Path warehouse;

    @Override
    public void configure(Options.Builder options) {
      options.destination(new WarehouseDestination(migrations, warehouse));
    }
  }

  /** Runs its migrations' scripts against a SQLite file. */
  record WarehouseDestination(Path folder, Path file) implements Destination, WithMigrations {
    @Override
    public String name() {
      return "warehouse";
    }

    @Override
    public Map<String, Action> actions() {
      return Map.of();
    }

    @Override
    public List<Migration> migrations() {
      return Migrations.fromDirectory(folder);
    }

    @Override
    public void migrate(Toolkit toolkit, Migration migration, Direction direction)
        throws SQLException {
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
          s.executeUpdate(migration.script(direction));
          c.commit();
        } catch (SQLException e) {
          c.rollback();
          throw e;
        }
      }
    }
  }

  @BeforeEach
  void setUp() throws IOException {
    App.migrations = Files.createDirectories(dir.resolve("migrations"));
    App.warehouse = dir.resolve("warehouse.db");
    write("20260101000000.create_events.up.sql", "CREATE TABLE events (id TEXT)");
    write("20260101000000.create_events.down.sql", "DROP TABLE events");
    write("20260201000000.create_users.up.sql", "CREATE TABLE users (id TEXT)");
    write("20260201000000.create_users.down.sql", "DROP TABLE users");
    Path services = Files.createDirectories(dir.resolve("app/META-INF/services"));
    Files.writeString(
        services.resolve(Application.class.getName()),
        App.class.getName() + System.lineSeparator());
    loader =
        new URLClassLoader(
            new URL[] {dir.resolve("app").toUri().toURL()},
            MigrationsCommandTest.class.getClassLoader());
    env = Map.of("BLACKSMITH_STORE_URL", "sqlite:" + dir.resolve("blacksmith.db"));
  }

  @AfterEach
  void tearDown() throws IOException {
    loader.close();
  }

  private void write(String name, String script) throws IOException {
    Files.writeString(App.migrations.resolve(name), script);
  }

  private int run(String input, String... args) {
    return run(env, input, args);
  }

  private int run(Map<String, String> environment, String input, String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    CommandLine cli =
        MigrationsCommand.create(
            environment, loader, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private MigrationStatus status(String version) {
    try (JdbcWanderer w = JdbcWanderer.open("sqlite:" + dir.resolve("blacksmith.db"))) {
      return w.findMigration(WAREHOUSE, version).orElseThrow().status();
    }
  }

  private Set<String> tables() throws SQLException {
    Set<String> names = new TreeSet<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + App.warehouse);
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
      while (rows.next()) {
        names.add(rows.getString(1));
      }
    }
    return names;
  }

  @Test
  void status_lists_the_declared_migrations_before_any_is_acknowledged() {
    assertThat(run("", "status")).isZero();

    assertThat(out.toString())
        .contains("SCOPE")
        .contains("destination:warehouse  20260101000000  create_events  not acknowledged")
        .contains("destination:warehouse  20260201000000  create_users  not acknowledged");
  }

  @Test
  void ack_shows_what_is_new_and_acknowledges_once_yes_is_typed() {
    assertThat(run("yes\n", "ack")).isZero();

    assertThat(out.toString())
        .contains("2 migrations to acknowledge:")
        .contains("  new      destination:warehouse 20260101000000.create_events")
        .contains("Acknowledge them? Type yes to continue: ")
        .contains("Acknowledged 2 migrations.");
    assertThat(status("20260201000000")).isEqualTo(MigrationStatus.ACKNOWLEDGED);
    assertThat(run("", "ack")).isZero();
    assertThat(out.toString()).contains("Nothing to acknowledge");
    try (JdbcStore store = JdbcStore.open("sqlite:" + dir.resolve("blacksmith.db"))) {
      // The store shares the file: its schema came first, so it still migrates.
      store.migrate();
    }
  }

  @Test
  void the_application_may_come_from_app() throws IOException {
    try (URLClassLoader bare =
        new URLClassLoader(new URL[0], MigrationsCommandTest.class.getClassLoader())) {
      CommandLine cli = MigrationsCommand.create(env, bare, new ByteArrayInputStream(new byte[0]));
      cli.setOut(new PrintWriter(out, true));
      cli.setErr(new PrintWriter(err, true));

      assertThat(cli.execute("status", "--app", dir.resolve("app").toString())).isZero();
      assertThat(out.toString()).contains("20260101000000  create_events  not acknowledged");
      assertThat(cli.execute("status")).isEqualTo(2);
      assertThat(err.toString()).contains("no application found");
    }
  }

  @Test
  void any_answer_but_yes_changes_nothing() {
    assertThat(run("y\n", "ack")).isEqualTo(1);
    assertThat(err.toString()).contains("aborted, nothing was changed");

    assertThat(run("", "ack")).isEqualTo(1);
    assertThat(err.toString()).contains("no answer: pass --yes");

    assertThat(run("", "status")).isZero();
    assertThat(out.toString()).contains("not acknowledged");
  }

  @Test
  void run_shows_the_plan_then_runs_oldest_first_with_progress() throws SQLException {
    assertThat(run("", "ack", "--yes")).isZero();

    assertThat(run("yes\n", "run")).isZero();

    String text = out.toString();
    assertThat(text)
        .contains("2 migrations to run, oldest first:")
        .contains("Run them? Type yes to continue: ")
        .contains("[1/2] destination:warehouse 20260101000000.create_events up ...")
        .contains("[1/2] destination:warehouse 20260101000000.create_events succeeded(up) in ")
        .contains("[2/2] destination:warehouse 20260201000000.create_users succeeded(up) in ")
        .contains("Done: 2 migrations.");
    assertThat(text.indexOf("[1/2]")).isLessThan(text.indexOf("[2/2]"));
    assertThat(tables()).contains("events", "users");
    assertThat(run("", "run", "--yes")).isZero();
    assertThat(out.toString()).contains("Nothing to run.");
  }

  @Test
  void run_refuses_migrations_not_acknowledged_and_runs_nothing() throws SQLException {
    assertThat(run("", "run", "--yes")).isEqualTo(1);

    assertThat(err.toString())
        .contains("blacksmith: nothing ran:")
        .contains(
            "destination:warehouse 20260101000000.create_events is not acknowledged: run"
                + " 'blacksmith migrations ack' first");
    assertThat(tables()).isEmpty();
  }

  @Test
  void run_stops_at_the_first_error_with_exit_code_1() throws Exception {
    write("20260201000000.create_users.up.sql", "CREATE TABLE events (id TEXT)");
    run("", "ack", "--yes");

    assertThat(run("", "run", "--yes")).isEqualTo(1);

    assertThat(out.toString())
        .contains("[2/2] destination:warehouse 20260201000000.create_users failed(up) in ")
        .contains("Stopped after 1 migration.");
    assertThat(err.toString())
        .contains("blacksmith: destination:warehouse 20260201000000.create_users up failed: ")
        .contains("table events already exists");
    assertThat(status("20260201000000")).isEqualTo(MigrationStatus.FAILED_UP);
  }

  @Test
  void run_up_to_a_version_leaves_later_ones_pending() {
    run("", "ack", "--yes");

    assertThat(run("", "run", "--scope", "d:warehouse", "--version", "20260101000000", "--yes"))
        .isZero();

    assertThat(status("20260101000000")).isEqualTo(MigrationStatus.SUCCEEDED_UP);
    assertThat(status("20260201000000")).isEqualTo(MigrationStatus.ACKNOWLEDGED);
  }

  @Test
  void rollback_needs_a_scope_and_reverts_down_to_a_version_newest_first() throws SQLException {
    run("", "ack", "--yes");
    run("", "run", "--yes");

    assertThat(run("", "rollback", "--yes")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--scope=SCOPE'");

    assertThat(run("yes\n", "rollback", "--scope", "destination:warehouse", "--all")).isZero();
    String text = out.toString();
    assertThat(text)
        .contains("2 migrations to roll back, newest first:")
        .contains("Roll them back? Type yes");
    assertThat(text.indexOf("20260201000000.create_users down ..."))
        .isLessThan(text.indexOf("20260101000000.create_events down ..."));
    assertThat(tables()).isEmpty();
    assertThat(status("20260101000000")).isEqualTo(MigrationStatus.SUCCEEDED_DOWN);
  }

  @Test
  void rollback_to_a_version_keeps_that_version_applied() {
    run("", "ack", "--yes");
    run("", "run", "--yes");

    assertThat(
            run("", "rollback", "--scope", "d:warehouse", "--version", "20260101000000", "--yes"))
        .isZero();

    assertThat(status("20260101000000")).isEqualTo(MigrationStatus.SUCCEEDED_UP);
    assertThat(status("20260201000000")).isEqualTo(MigrationStatus.SUCCEEDED_DOWN);
    assertThat(
            run("", "rollback", "--scope", "d:warehouse", "--version", "20260101000000", "--all"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("not both");
  }

  @Test
  void discard_sets_a_migration_aside_after_yes() {
    run("", "ack", "--yes");

    assertThat(run("yes\n", "discard", "--scope", "d:warehouse", "--version", "20260201000000"))
        .isZero();

    assertThat(out.toString())
        .contains(
            "Discard destination:warehouse 20260201000000.create_users (acknowledged), never to"
                + " run?")
        .contains("Discarded destination:warehouse 20260201000000.create_users.");
    assertThat(status("20260201000000")).isEqualTo(MigrationStatus.DISCARDED);
    run("", "run", "--yes");
    assertThat(status("20260101000000")).isEqualTo(MigrationStatus.SUCCEEDED_UP);
    assertThat(run("", "discard", "--scope", "d:warehouse", "--version", "20260101000000", "--yes"))
        .isEqualTo(1);
    assertThat(err.toString()).contains("is succeeded(up)").contains("roll it back first");
  }

  @Test
  void a_malformed_scope_or_version_or_an_unknown_component_is_a_usage_error() {
    assertThat(run("", "run", "--scope", "warehouse")).isEqualTo(2);
    assertThat(err.toString())
        .contains("invalid scope 'warehouse': it has no kind")
        .contains("destination/action:<destination>/<action> (da:)");

    assertThat(run("", "run", "--version", "2026-01-01")).isEqualTo(2);
    assertThat(err.toString()).contains("YYYYMMDDHHMISS");

    assertThat(run("", "ack", "--scope", "d:crm", "--yes")).isEqualTo(2);
    assertThat(err.toString())
        .contains("blacksmith: the application has no destination 'crm'")
        .contains("scopes with migrations: destination:warehouse");
  }

  @Test
  void the_wanderer_url_flag_records_migrations_elsewhere() {
    Path other = dir.resolve("wanderer/w.db");

    assertThat(run("", "ack", "--wanderer-url", "sqlite:" + other, "--yes")).isZero();

    try (JdbcWanderer w = JdbcWanderer.open("sqlite:" + other)) {
      assertThat(w.findMigrations(WAREHOUSE)).hasSize(2);
    }
    assertThat(run("", "status")).isZero();
    assertThat(out.toString()).contains("not acknowledged");
  }

  @Test
  void no_subcommand_is_a_usage_error_naming_them() {
    assertThat(run("")).isEqualTo(2);

    assertThat(err.toString())
        .contains("missing command: use one of status, ack, run, rollback, discard");
  }
}
