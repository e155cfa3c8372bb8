package dev.blacksmith.modules.sqlike;

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Destination;
import dev.blacksmith.destination.Options;
import dev.blacksmith.destination.Then;
import dev.blacksmith.destination.ThenSink;
import dev.blacksmith.destination.Toolkit;
import dev.blacksmith.destination.WithHooks;
import dev.blacksmith.store.Queue;
import dev.blacksmith.wanderer.Direction;
import dev.blacksmith.wanderer.Migration;
import dev.blacksmith.wanderer.Migrations;
import dev.blacksmith.wanderer.WithMigrations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Destination {@code sqlike}: loads jobs into a SQL database, PostgreSQL or SQLite, through a pool
 * of connections opened by {@link #init} and closed by {@link #shutdown}.
 *
 * <p>Two actions:
 *
 * <ul>
 *   <li>{@value #RUN_STATEMENTS}: each job carries SQL statements with {@code ?} parameters and
 *       their values ({@link #runStatements(SqlStatement...)}).
 *   <li>{@value #RUN_OPERATION}: each job names a template, a file {@code <operation>.sql} of the
 *       configured operations directory with {@code :name} parameters, and carries the parameters'
 *       values ({@link #runOperation(String, Object)}).
 * </ul>
 *
 * <p>A queue runs in one transaction, each job's statements in order. If it fails with a retryable
 * error every job fails and is retried on schedule; if it fails with a permanent one (per {@link
 * SqlErrorPolicy}), the queue is replayed one transaction per job so the failing jobs are found and
 * discarded and the others commit. A job whose data cannot run at all (bad shape, unknown
 * operation, missing parameter) is discarded without touching the database.
 *
 * <pre>{@code
 * SqlikeDestination warehouse = new SqlikeDestination(SqlikeConfig.fromEnvironment(System.getenv()));
 * options.destination(warehouse);
 * // in a flow:
 * Actions.of(warehouse.name(), SqlikeDestination.runOperation("upsert_user", Map.of("email", email)));
 * }</pre>
 *
 * <p>It also runs its migrations, files {@code YYYYMMDDHHMISS.name.(up|down).sql} of the configured
 * migrations directory, each script in one transaction ({@link WithMigrations}).
 */
public final class SqlikeDestination implements Destination, WithHooks, WithMigrations {

  /** The destination's default name. */
  public static final String NAME = "sqlike";

  /** The action running the statements each job carries. */
  public static final String RUN_STATEMENTS = "run-statements";

  /** The action running an operation template with each job's parameters. */
  public static final String RUN_OPERATION = "run-operation";

  private final SqlikeConfig config;
  private final Map<String, Action> actions;
  private final Object lock = new Object();
  private volatile @Nullable Database database;
  private volatile @Nullable QueueLoader loader;
  private volatile @Nullable Operations operations;

  /** A destination with {@code config}; nothing is opened before {@link #init}. */
  public SqlikeDestination(SqlikeConfig config) {
    this.config = config;
    this.actions =
        Map.of(RUN_STATEMENTS, new RunStatements(this), RUN_OPERATION, new RunOperation(this));
  }

  /**
   * A destination configured by the process's {@code BLACKSMITH_SQLIKE_*} variables (and the YAML
   * file {@code BLACKSMITH_SQLIKE_CONFIG} names, if any).
   *
   * @throws IllegalArgumentException naming the variable or key with a bad or missing value
   */
  public static SqlikeDestination fromEnvironment() {
    return new SqlikeDestination(SqlikeConfig.fromEnvironment(System.getenv()));
  }

  /** An action running {@code statements}, in order, in one transaction with the queue. */
  public static Action runStatements(SqlStatement... statements) {
    return new RunStatements(List.of(statements));
  }

  /** An action running {@code statements}, in order, in one transaction with the queue. */
  public static Action runStatements(List<SqlStatement> statements) {
    return new RunStatements(statements);
  }

  /**
   * An action running the template {@code <operation>.sql} with {@code params} bound to its {@code
   * :name} parameters.
   *
   * @param params a map, a record or any object written as a JSON object; {@code null} for none.
   *     Names the template does not use are ignored; a name it uses and {@code params} lacks
   *     discards the job.
   */
  public static Action runOperation(String operation, @Nullable Object params) {
    return new RunOperation(operation, params);
  }

  public SqlikeConfig config() {
    return config;
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public Options options() {
    return Options.builder().defaultSchedule(config.schedule()).build();
  }

  @Override
  public Map<String, Action> actions() {
    return actions;
  }

  /**
   * Opens the pool, checks that the database answers, and reads the operation templates.
   *
   * @throws SqlikeException when the database cannot be reached
   * @throws IllegalArgumentException when a template is badly named or cannot be parsed
   */
  @Override
  public void init(Toolkit toolkit) throws SqlikeException {
    synchronized (lock) {
      if (database != null) {
        return;
      }
      Database opened = Database.open(config);
      try {
        if (config.operations() != null) {
          operations();
        }
      } catch (RuntimeException | InvalidJobException e) {
        opened.close();
        throw new IllegalArgumentException(
            "destination " + name() + " cannot read its operations: " + e.getMessage(), e);
      }
      this.loader = new QueueLoader(opened, config.errorPolicy(), config.statementTimeout());
      this.database = opened;
      Operations ops = operations;
      toolkit
          .logger()
          .info(
              "destination {} loads into {} (pool of {}, operations {})",
              name(),
              opened.description(),
              config.poolSize(),
              ops == null ? "none" : ops.templates().keySet());
    }
  }

  @Override
  public void shutdown(Toolkit toolkit) {
    synchronized (lock) {
      Database open = database;
      database = null;
      loader = null;
      if (open != null) {
        open.close();
      }
    }
  }

  /**
   * The migrations in the configured directory or class path folder; none when none is configured.
   *
   * @throws IllegalArgumentException when the configured directory does not exist or a file is
   *     badly named
   */
  @Override
  public List<Migration> migrations() {
    String location = config.migrations();
    if (location == null) {
      return List.of();
    }
    if (location.startsWith(SqlikeConfig.CLASSPATH)) {
      return Migrations.fromClasspath(
          classLoader(), location.substring(SqlikeConfig.CLASSPATH.length()));
    }
    Path directory = Path.of(location);
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException(
          "migrations directory " + location + " of destination " + name() + " does not exist");
    }
    return Migrations.fromDirectory(directory);
  }

  /**
   * Runs the script of {@code migration} in {@code direction} in one transaction: all of it, or
   * nothing. Statements PostgreSQL refuses in a transaction ({@code CREATE INDEX CONCURRENTLY},
   * {@code VACUUM}) cannot be used, nor {@code BEGIN} or {@code COMMIT} in the script.
   *
   * @throws SqlikeException when the script fails (it is rolled back) or there is no down script
   */
  @Override
  public void migrate(
      dev.blacksmith.wanderer.Toolkit toolkit, Migration migration, Direction direction)
      throws SqlikeException {
    Database db = database;
    if (db == null) {
      throw new IllegalStateException("destination " + name() + " is not initialised");
    }
    String id = migration.version() + "." + migration.name() + " (" + direction.value() + ")";
    String script = migration.script(direction);
    if (script == null) {
      throw new SqlikeException(
          "migration " + id + " has no down script: it cannot be rolled back", null, true, null);
    }
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try (Statement statement = c.createStatement()) {
        if (db.dialect() == Dialect.SQLITE) {
          // The driver hands the whole script to sqlite3_exec, which runs every statement.
          statement.executeUpdate(script);
        } else {
          statement.execute(script);
        }
        c.commit();
      } catch (SQLException e) {
        try {
          c.rollback();
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      }
    } catch (SQLException e) {
      String state = db.dialect().sqlState(e);
      throw new SqlikeException(
          "migration "
              + id
              + " of destination "
              + name()
              + " failed and was rolled back: "
              + (state == null ? "" : "[" + state + "] ")
              + QueueLoader.oneLine(e.getMessage()),
          state,
          config.errorPolicy().isPermanent(state),
          e);
    }
    toolkit.logger().info("destination {} ran migration {}", name(), id);
  }

  /** Turns a job's data into statements; a job whose data cannot run is refused. */
  @FunctionalInterface
  interface Preparer {
    List<BoundStatement> prepare(JsonNode data) throws InvalidJobException;
  }

  /** Loads {@code queue}: jobs that cannot run are discarded, the others run as one transaction. */
  void load(Toolkit toolkit, Queue queue, ThenSink then, Preparer preparer) {
    QueueLoader l = loader;
    if (l == null) {
      throw new IllegalStateException("destination " + name() + " is not initialised");
    }
    List<PreparedJob> ready = new ArrayList<>(queue.size());
    for (dev.blacksmith.store.Job job : queue.jobs()) {
      try {
        ready.add(new PreparedJob(job.id(), preparer.prepare(JobData.read(job.data()))));
      } catch (InvalidJobException e) {
        then.send(
            Then.discarded(
                    new SqlikeException(
                        "job " + job.id() + ": " + e.getMessage(), null, true, null))
                .forJobs(job.id()));
      }
    }
    l.load(ready, then, toolkit.logger());
  }

  /**
   * The operation templates, read once on first use.
   *
   * @throws InvalidJobException when no operations location is configured
   */
  Operations operations() throws InvalidJobException {
    Operations ops = operations;
    if (ops != null) {
      return ops;
    }
    String location = config.operations();
    if (location == null) {
      throw new InvalidJobException(
          "destination "
              + name()
              + " has no operations directory: set operations in its YAML file or "
              + SqlikeConfig.ENV_PREFIX
              + "OPERATIONS");
    }
    synchronized (lock) {
      if (operations == null) {
        operations = Operations.load(location, classLoader());
      }
      return operations;
    }
  }

  private static ClassLoader classLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : SqlikeDestination.class.getClassLoader();
  }
}
