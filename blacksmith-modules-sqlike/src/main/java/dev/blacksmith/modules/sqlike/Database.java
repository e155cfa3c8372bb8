package dev.blacksmith.modules.sqlike;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** The connection pool of one destination, opened by its init hook and closed by its shutdown. */
final class Database implements AutoCloseable {

  private final HikariDataSource pool;
  private final Dialect dialect;
  private final String description;

  private Database(HikariDataSource pool, Dialect dialect, String description) {
    this.pool = pool;
    this.dialect = dialect;
    this.description = description;
  }

  /**
   * Opens the pool and checks that the database answers.
   *
   * @throws SqlikeException naming the database (never the password) when it cannot be reached
   */
  static Database open(SqlikeConfig config) throws SqlikeException {
    Dialect dialect = config.dialect();
    String description = describe(config.url(), dialect);
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("blacksmith-sqlike-" + config.name());
    hikari.setMaximumPoolSize(config.poolSize());
    hikari.setMinimumIdle(1);
    hikari.setConnectionTimeout(config.connectionTimeout().toMillis());
    // Fail at start-up, with the reason, rather than at the first load.
    hikari.setInitializationFailTimeout(config.connectionTimeout().toMillis());
    hikari.setAutoCommit(true);
    if (dialect == Dialect.POSTGRESQL) {
      String lower = config.url().toLowerCase(Locale.ROOT);
      hikari.setDriverClassName("org.postgresql.Driver");
      hikari.setJdbcUrl(config.url());
      if (config.user() != null) {
        hikari.setUsername(config.user());
      }
      if (config.password() != null) {
        hikari.setPassword(config.password());
      }
      if (!lower.contains("stringtype=")) {
        // Strings from JSON reach timestamp, uuid, numeric and jsonb columns as the server casts.
        hikari.addDataSourceProperty("stringtype", "unspecified");
      }
      if (!lower.contains("applicationname=")) {
        hikari.addDataSourceProperty("ApplicationName", "blacksmith-sqlike-" + config.name());
      }
    } else {
      createParentDirectory(config.url());
      SQLiteConfig sqlite = new SQLiteConfig();
      sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
      sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
      sqlite.setBusyTimeout(
          (int) Math.min(Integer.MAX_VALUE, config.connectionTimeout().toMillis()));
      // Take the write lock when the transaction begins: a deferred one that later needs to write
      // fails with SQLITE_BUSY instead of waiting for the busy timeout.
      sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
      sqlite.enforceForeignKeys(true);
      SQLiteDataSource source = new SQLiteDataSource(sqlite);
      source.setUrl(config.url());
      hikari.setDataSource(source);
    }
    try {
      return new Database(new HikariDataSource(hikari), dialect, description);
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new SqlikeException(
          "destination "
              + config.name()
              + " cannot connect to "
              + description
              + ": "
              + QueueLoader.oneLine(cause.getMessage()),
          cause instanceof SQLException s ? dialect.sqlState(s) : null,
          false,
          e);
    }
  }

  Connection connection() throws SQLException {
    return pool.getConnection();
  }

  Dialect dialect() {
    return dialect;
  }

  /** Which database, such as {@code PostgreSQL 127.0.0.1:5432/analytics}, without secrets. */
  String description() {
    return description;
  }

  @Override
  public void close() {
    pool.close();
  }

  static String describe(String url, Dialect dialect) {
    String rest =
        dialect == Dialect.POSTGRESQL
            ? url.substring("jdbc:postgresql://".length())
            : url.substring("jdbc:sqlite:".length());
    int mark = rest.indexOf('?');
    return dialect.label() + " " + (mark < 0 ? rest : rest.substring(0, mark));
  }

  /** SQLite creates the file but not its directory; the demo's data/warehouse.db needs both. */
  private static void createParentDirectory(String url) throws SqlikeException {
    String path = sqliteFile(url);
    if (path == null) {
      return;
    }
    Path parent = Path.of(path).toAbsolutePath().getParent();
    try {
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new SqlikeException(
          "cannot create the directory of SQLite database " + path + ": " + e, null, false, e);
    }
  }

  /** The file of a {@code jdbc:sqlite:} URL, or {@code null} for a {@code file:} URI form. */
  static @Nullable String sqliteFile(String url) {
    String rest = url.substring("jdbc:sqlite:".length());
    int mark = rest.indexOf('?');
    String path = mark < 0 ? rest : rest.substring(0, mark);
    return path.isEmpty() || path.startsWith("file:") ? null : path;
  }
}
