package dev.blacksmith.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.blacksmith.spi.pubsub.PubSub;
import dev.blacksmith.spi.store.StoreException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL database through a HikariCP pool. Each write is one transaction on one pooled
 * connection (READ COMMITTED; the statements lock what they change); each read is one REPEATABLE
 * READ, READ ONLY transaction, so a count and its page agree.
 *
 * <p>A transaction is run again, on another connection, when it failed before its commit because
 * its connection was lost (the server restarted: the pool replaces the connection) or because
 * PostgreSQL chose it as a deadlock victim: in both cases nothing of it was applied. A failure
 * during the commit itself is never retried, since the commit may have happened.
 */
final class PostgresDatabase implements Database {

  private static final Logger log = LoggerFactory.getLogger(PostgresDatabase.class);
  private static final AtomicInteger POOLS = new AtomicInteger();
  private static final int ATTEMPTS = 3;

  private final PostgresStoreUrl url;
  private final HikariDataSource pool;
  private final ReentrantLock lock = new ReentrantLock();
  private @Nullable PostgresNotifications notifications;
  private volatile boolean closed;

  private PostgresDatabase(PostgresStoreUrl url, HikariDataSource pool) {
    this.url = url;
    this.pool = pool;
  }

  static PostgresDatabase open(PostgresStoreUrl url) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url.jdbcUrl());
    config.setDataSourceProperties(driverProperties(url, "blacksmith"));
    config.setPoolName("blacksmith-postgres-" + POOLS.incrementAndGet());
    config.setMaximumPoolSize(url.poolSize());
    config.setMinimumIdle(Math.min(2, url.poolSize()));
    config.setAutoCommit(false);
    // Waiting longer than this for a connection means the database is away: fail the write.
    config.setConnectionTimeout(10_000);
    try {
      HikariDataSource pool = new HikariDataSource(config);
      log.info("opened {} with a pool of {}", url.describe(), url.poolSize());
      return new PostgresDatabase(url, pool);
    } catch (RuntimeException e) {
      throw new StoreException(
          "cannot connect to the " + url.describe() + ": " + rootMessage(e), e);
    }
  }

  /**
   * The driver's properties: the URL's credentials and schema, plus defaults the URL's own options
   * override (the driver lets URL options win).
   */
  static Properties driverProperties(PostgresStoreUrl url, String applicationName) {
    Properties properties = url.properties();
    properties.setProperty("ApplicationName", applicationName);
    properties.setProperty("tcpKeepAlive", "true");
    // Plan every statement with its parameters: a generic plan cached while the tables were small
    // (a sequential scan for "id = ANY(?)") stays in use as they grow, and claims then read every
    // event row (300-600 ms per claim at 35,000 events). Planning a batched statement is cheap.
    if (!properties.containsKey("options")) {
      properties.setProperty("options", "-c plan_cache_mode=force_custom_plan");
    }
    return properties;
  }

  @Override
  public <T> T write(SqlWork<T> work) throws SQLException {
    return run(work, false);
  }

  @Override
  public <T> T read(SqlWork<T> work) throws SQLException {
    return run(work, true);
  }

  private <T> T run(SqlWork<T> work, boolean readOnly) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      ensureOpen();
      Connection connection = pool.getConnection();
      boolean committing = false;
      try {
        if (readOnly) {
          try (Statement statement = connection.createStatement()) {
            statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
          }
        }
        T result = work.run(connection);
        committing = true;
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollback(connection, e);
        if (connectionLost(e)) {
          // The server restarted or dropped us: its other connections are most likely gone too,
          // and the pool does not check a connection used in the last half second.
          pool.getHikariPoolMXBean().softEvictConnections();
        }
        if (committing || attempt >= ATTEMPTS || !retryable(e)) {
          throw e;
        }
        log.warn("{}: transaction failed ({}); running it again", describe(), e.getMessage());
      } finally {
        connection.close();
      }
    }
  }

  /** Whether nothing of the failed transaction can have been applied and another try may pass. */
  private static boolean retryable(Throwable failure) {
    // 40P01: chosen as a deadlock victim; 40001: serialisation failure.
    return connectionLost(failure) || hasState(failure, "40P01") || hasState(failure, "40001");
  }

  /** 08: connection exceptions; 57P01-03: the server shut down, crashed or is starting. */
  private static boolean connectionLost(Throwable failure) {
    return hasState(failure, "08") || hasState(failure, "57P0");
  }

  private static boolean hasState(Throwable failure, String prefix) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException e && e.getSQLState() != null) {
        if (e.getSQLState().startsWith(prefix)) {
          return true;
        }
      }
    }
    return false;
  }

  private static void rollback(Connection connection, Throwable cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      // A lost connection cannot roll back; the server did when it lost the connection.
      cause.addSuppressed(e);
    }
  }

  /**
   * Migrates through connections of its own: Flyway holds two at once (its lock and the migration),
   * which a small pool busy with work might never free.
   */
  @Override
  public void migrate(FluentConfiguration flyway) {
    ensureOpen();
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setURL(url.jdbcUrl());
    if (url.user() != null) {
      source.setUser(url.user());
    }
    if (url.password() != null) {
      source.setPassword(url.password());
    }
    source.setApplicationName("blacksmith-migrate");
    flyway
        .dataSource(source)
        .schemas(url.schema())
        .defaultSchema(url.schema())
        .createSchemas(true)
        .load()
        .migrate();
  }

  @Override
  public Optional<PubSub> notifications() {
    lock.lock();
    try {
      ensureOpen();
      if (notifications == null) {
        notifications = new PostgresNotifications(this, url.schema(), this::listenConnection);
      }
      return Optional.of(notifications);
    } finally {
      lock.unlock();
    }
  }

  /** A connection outside the pool, for LISTEN: it lives as long as its listener. */
  private Connection listenConnection() throws SQLException {
    Connection connection =
        DriverManager.getConnection(url.jdbcUrl(), driverProperties(url, "blacksmith-listen"));
    connection.setAutoCommit(true);
    return connection;
  }

  @Override
  public String describe() {
    return url.describe();
  }

  /** The schema the tables are in. */
  String schema() {
    return url.schema();
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (notifications != null) {
        notifications.close();
      }
      pool.close();
    } finally {
      lock.unlock();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new StoreException(describe() + " is closed");
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }
}
