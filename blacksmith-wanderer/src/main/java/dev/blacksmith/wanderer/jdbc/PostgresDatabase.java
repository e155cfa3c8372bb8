package dev.blacksmith.wanderer.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.blacksmith.spi.wanderer.WandererException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A PostgreSQL database through a small HikariCP pool. Each write is one READ COMMITTED transaction
 * (its statements lock the rows they change); each read one REPEATABLE READ, READ ONLY transaction,
 * so a count and its page agree.
 */
final class PostgresDatabase implements Database {

  private static final AtomicInteger POOLS = new AtomicInteger();

  private final WandererUrls.Postgres url;
  private final HikariDataSource pool;

  private PostgresDatabase(WandererUrls.Postgres url, HikariDataSource pool) {
    this.url = url;
    this.pool = pool;
  }

  static PostgresDatabase open(WandererUrls.Postgres url) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url.jdbcUrl());
    config.setDataSourceProperties(url.properties());
    config.setPoolName("blacksmith-wanderer-postgres-" + POOLS.incrementAndGet());
    config.setMaximumPoolSize(url.poolSize());
    config.setMinimumIdle(0);
    config.setAutoCommit(false);
    config.setConnectionTimeout(10_000);
    try {
      return new PostgresDatabase(url, new HikariDataSource(config));
    } catch (RuntimeException e) {
      throw new WandererException(
          "cannot connect to the " + url.describe() + ": " + rootMessage(e), e);
    }
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
    try (Connection connection = pool.getConnection()) {
      try {
        if (readOnly) {
          try (Statement statement = connection.createStatement()) {
            statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
          }
        }
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          connection.rollback();
        } catch (SQLException r) {
          // A lost connection cannot roll back; the server did when it lost it.
          e.addSuppressed(r);
        }
        throw e;
      }
    }
  }

  /** Migrates through a connection of its own, with the wanderer's schema first on the path. */
  @Override
  public void migrate(FluentConfiguration flyway) {
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setURL(url.jdbcUrl());
    if (url.user() != null) {
      source.setUser(url.user());
    }
    if (url.password() != null) {
      source.setPassword(url.password());
    }
    source.setApplicationName("blacksmith-wanderer-migrate");
    flyway
        .dataSource(source)
        .schemas(url.schema())
        .defaultSchema(url.schema())
        .createSchemas(true)
        .load()
        .migrate();
  }

  @Override
  public String describe() {
    return url.describe();
  }

  @Override
  public void close() {
    pool.close();
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }
}
