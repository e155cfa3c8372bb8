package dev.blacksmith.wanderer.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.blacksmith.spi.wanderer.WandererException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * One SQLite file, usually the store's. Connections stay in auto-commit mode and run {@code BEGIN
 * IMMEDIATE} / {@code COMMIT} themselves: with auto-commit off, sqlite-jdbc begins the next
 * transaction right after each commit, and an idle pooled connection would then hold the file's
 * write lock, locking out the store's writer. Waiting writers queue on the file lock ({@code
 * busy_timeout}); the wanderer writes rarely.
 */
final class SqliteDatabase implements Database {

  static final int BUSY_TIMEOUT_MILLIS = 10_000;
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final Path file;
  private final String jdbcUrl;
  private final HikariDataSource pool;

  private SqliteDatabase(Path file, String jdbcUrl, HikariDataSource pool) {
    this.file = file;
    this.jdbcUrl = jdbcUrl;
    this.pool = pool;
  }

  static SqliteDatabase open(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new WandererException("cannot create the directory of the SQLite wanderer " + file, e);
    }
    String jdbcUrl = "jdbc:sqlite:" + file;
    HikariConfig config = new HikariConfig();
    config.setDataSource(dataSource(jdbcUrl));
    config.setPoolName("blacksmith-wanderer-sqlite-" + POOLS.incrementAndGet());
    config.setMaximumPoolSize(2);
    config.setMinimumIdle(0);
    config.setAutoCommit(true);
    try {
      return new SqliteDatabase(file, jdbcUrl, new HikariDataSource(config));
    } catch (RuntimeException e) {
      throw new WandererException(
          "cannot open the SQLite wanderer " + file + ": " + e.getMessage(), e);
    }
  }

  /** Durable and concurrent, like the store: WAL, fsync at every commit, foreign keys. */
  private static SQLiteDataSource dataSource(String jdbcUrl) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    config.enforceForeignKeys(true);
    SQLiteDataSource source = new SQLiteDataSource(config);
    source.setUrl(jdbcUrl);
    return source;
  }

  @Override
  public <T> T write(SqlWork<T> work) throws SQLException {
    return run(work, "BEGIN IMMEDIATE");
  }

  @Override
  public <T> T read(SqlWork<T> work) throws SQLException {
    // A deferred transaction reads one snapshot (WAL) and takes no write lock.
    return run(work, "BEGIN");
  }

  private <T> T run(SqlWork<T> work, String begin) throws SQLException {
    try (Connection connection = pool.getConnection()) {
      execute(connection, begin);
      T result;
      try {
        result = work.run(connection);
        execute(connection, "COMMIT");
      } catch (SQLException | RuntimeException e) {
        rollback(connection, e);
        throw e;
      }
      return result;
    }
  }

  @Override
  public void migrate(FluentConfiguration flyway) {
    flyway.dataSource(dataSource(jdbcUrl)).load().migrate();
  }

  @Override
  public String describe() {
    return "SQLite wanderer " + file;
  }

  @Override
  public void close() {
    pool.close();
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private void rollback(Connection connection, Exception cause) {
    try {
      execute(connection, "ROLLBACK");
    } catch (SQLException e) {
      // SQLite may have rolled back already (no transaction is active); otherwise the connection
      // is in an unknown state and must not go back to the pool.
      if (e.getMessage() == null || !e.getMessage().contains("no transaction is active")) {
        cause.addSuppressed(e);
        pool.evictConnection(connection);
      }
    }
  }
}
