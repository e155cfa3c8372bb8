package dev.blacksmith.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.blacksmith.spi.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * One SQLite file: a single write connection guarded by a lock (SQLite has one writer at a time
 * anyway, and queueing in the process is cheaper than busy-waiting on the file lock), and a small
 * pool of query-only connections, so reads see the last commit and never wait for a writer (WAL).
 */
final class SqliteDatabase implements Database {

  static final int BUSY_TIMEOUT_MILLIS = 10_000;
  private static final int READERS = 4;
  private static final AtomicInteger POOLS = new AtomicInteger();
  private static final Logger log = LoggerFactory.getLogger(SqliteDatabase.class);

  private final Path file;
  private final String jdbcUrl;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final Connection writer;
  private final HikariDataSource readers;
  private volatile boolean closed;

  private SqliteDatabase(Path file, String jdbcUrl, Connection writer, HikariDataSource readers) {
    this.file = file;
    this.jdbcUrl = jdbcUrl;
    this.writer = writer;
    this.readers = readers;
  }

  static SqliteDatabase open(Path file) {
    String jdbcUrl = "jdbc:sqlite:" + file;
    Connection writer;
    try {
      // The writer stays in auto-commit mode and runs BEGIN IMMEDIATE / COMMIT itself: with
      // setAutoCommit(false) sqlite-jdbc begins the next IMMEDIATE transaction right after each
      // commit, holding the file's write lock between our transactions and locking out other
      // processes.
      writer = config().createConnection(jdbcUrl);
    } catch (SQLException e) {
      throw new StoreException("cannot open the SQLite store " + file + ": " + e.getMessage(), e);
    }
    HikariDataSource readers;
    try {
      readers = new HikariDataSource(readerPool(jdbcUrl));
    } catch (RuntimeException e) {
      closeQuietly(writer);
      throw new StoreException("cannot open readers of the SQLite store " + file, e);
    }
    log.info("opened SQLite store {} (WAL, synchronous=FULL)", file.toAbsolutePath());
    return new SqliteDatabase(file, jdbcUrl, writer, readers);
  }

  /** Durable and concurrent: WAL, fsync at every commit, IMMEDIATE transactions, foreign keys. */
  static SQLiteConfig config() {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    config.enforceForeignKeys(true);
    return config;
  }

  private static HikariConfig readerPool(String jdbcUrl) {
    SQLiteDataSource source = new SQLiteDataSource(config());
    source.setUrl(jdbcUrl);
    HikariConfig pool = new HikariConfig();
    pool.setDataSource(source);
    pool.setPoolName("blacksmith-sqlite-readers-" + POOLS.incrementAndGet());
    pool.setMaximumPoolSize(READERS);
    pool.setMinimumIdle(1);
    pool.setAutoCommit(true);
    // A reader that tried to write would take the file lock from under the writer.
    pool.setConnectionInitSql("PRAGMA query_only = 1");
    return pool;
  }

  @Override
  public <T> T write(SqlWork<T> work) throws SQLException {
    writeLock.lock();
    try {
      ensureOpen();
      execute(writer, "BEGIN IMMEDIATE");
      T result;
      try {
        result = work.run(writer);
        execute(writer, "COMMIT");
      } catch (Throwable t) {
        rollback(writer, t);
        throw t;
      }
      return result;
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public <T> T read(SqlWork<T> work) throws SQLException {
    ensureOpen();
    try (Connection connection = readers.getConnection()) {
      // One snapshot for a count and its page, and for events and their jobs.
      execute(connection, "BEGIN");
      T result;
      try {
        result = work.run(connection);
        execute(connection, "COMMIT");
      } catch (Throwable t) {
        if (!rollback(connection, t)) {
          readers.evictConnection(connection);
        }
        throw t;
      }
      return result;
    }
  }

  @Override
  public void migrate(FluentConfiguration flyway) {
    writeLock.lock();
    try {
      ensureOpen();
      SQLiteDataSource source = new SQLiteDataSource(config());
      source.setUrl(jdbcUrl);
      flyway.dataSource(source).load().migrate();
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public String describe() {
    return "SQLite store " + file;
  }

  @Override
  public void close() {
    writeLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      readers.close();
      closeQuietly(writer);
    } finally {
      writeLock.unlock();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new StoreException(describe() + " is closed");
    }
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** Rolls back after {@code cause}; whether the connection is usable again. */
  private static boolean rollback(Connection connection, Throwable cause) {
    try {
      if (!connection.getAutoCommit()) {
        return false;
      }
      execute(connection, "ROLLBACK");
      return true;
    } catch (SQLException e) {
      // No transaction left to roll back (SQLite rolled back itself) is fine.
      if (e.getMessage() != null && e.getMessage().contains("no transaction is active")) {
        return true;
      }
      cause.addSuppressed(e);
      return false;
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      log.warn("closing a SQLite connection failed", e);
    }
  }
}
