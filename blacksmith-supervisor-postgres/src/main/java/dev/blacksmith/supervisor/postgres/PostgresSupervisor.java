package dev.blacksmith.supervisor.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.blacksmith.spi.jdbc.PostgresUrl;
import dev.blacksmith.spi.supervisor.Lock;
import dev.blacksmith.spi.supervisor.Supervisor;
import dev.blacksmith.spi.supervisor.SupervisorException;
import dev.blacksmith.supervisor.Service;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Locks and the instance registry in two PostgreSQL tables, {@code locks} and {@code services}, in
 * the URL's schema ({@code ?schema=}, default {@value SupervisorUrl#DEFAULT_SCHEMA}).
 *
 * <p>Each operation is one autocommitted statement. Acquisition is a single {@code INSERT … ON
 * CONFLICT (key) DO UPDATE … WHERE} that takes the row only when it has expired or already belongs
 * to the holder, so concurrent contenders are serialised by the row lock and at most one of them
 * gets the key. Every time is the database's {@code clock_timestamp()}, so the instances' clocks
 * play no part in who holds what.
 *
 * <p>A small connection pool is kept open until {@link #close()}; {@link #init()} creates the
 * schema and tables when missing, under an advisory lock so that instances starting together do not
 * race.
 */
public final class PostgresSupervisor implements Supervisor {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresSupervisor.class);
  private static final int POOL_SIZE = 4;

  private final HikariDataSource pool;
  private final String schema;
  private final Supplier<Duration> clockOffset;
  private final String acquireSql;
  private final String renewSql;
  private final String releaseSql;
  private final String locksSql;
  private final String heartbeatSql;
  private final String deregisterSql;
  private final String servicesSql;

  private PostgresSupervisor(HikariDataSource pool, String schema, Supplier<Duration> clockOffset) {
    this.pool = pool;
    this.schema = schema;
    this.clockOffset = clockOffset;
    String s = quote(schema);
    // One evaluation of the clock per statement, so a row's times agree with each other.
    String now = "(SELECT clock_timestamp() + ? * interval '1 microsecond' AS now) t";
    this.acquireSql =
        "INSERT INTO "
            + s
            + ".locks AS l (key, holder_id, holder_name, holder_version, holder_address,"
            + " acquired_at, expires_at)"
            + " SELECT ?, ?, ?, ?, ?, t.now, t.now + ? * interval '1 microsecond' FROM "
            + now
            + " ON CONFLICT (key) DO UPDATE SET holder_id = excluded.holder_id,"
            + " holder_name = excluded.holder_name, holder_version = excluded.holder_version,"
            + " holder_address = excluded.holder_address,"
            // A renewal keeps when the holder first acquired it; a lapsed lock is acquired anew.
            + " acquired_at = CASE WHEN l.holder_id = excluded.holder_id"
            + " AND l.expires_at > excluded.acquired_at THEN l.acquired_at"
            + " ELSE excluded.acquired_at END,"
            + " expires_at = excluded.expires_at"
            + " WHERE l.expires_at <= excluded.acquired_at OR l.holder_id = excluded.holder_id"
            + " RETURNING acquired_at, expires_at";
    this.renewSql =
        "UPDATE "
            + s
            + ".locks AS l SET expires_at = t.now + ? * interval '1 microsecond' FROM "
            + now
            + " WHERE l.key = ? AND l.holder_id = ? AND l.expires_at > t.now";
    this.releaseSql = "DELETE FROM " + s + ".locks WHERE key = ? AND holder_id = ?";
    this.locksSql =
        "SELECT l.key, l.holder_id, l.holder_name, l.holder_version, l.holder_address,"
            + " l.acquired_at, l.expires_at FROM "
            + s
            + ".locks AS l, "
            + now
            + " WHERE l.expires_at > t.now ORDER BY l.key";
    this.heartbeatSql =
        "WITH t AS (SELECT clock_timestamp() + ? * interval '1 microsecond' AS now),"
            // Lapsed registrations of others go; SKIP LOCKED so that instances never wait on,
            // or deadlock over, each other's purges.
            + " purged AS (DELETE FROM "
            + s
            + ".services WHERE id IN (SELECT x.id FROM "
            + s
            + ".services AS x, t WHERE x.expires_at <= t.now AND x.id <> ?"
            + " FOR UPDATE OF x SKIP LOCKED))"
            + " INSERT INTO "
            + s
            + ".services AS r (id, name, version, address, started_at, heartbeat_at, expires_at)"
            + " SELECT ?, ?, ?, ?, t.now, t.now, t.now + ? * interval '1 microsecond' FROM t"
            + " ON CONFLICT (id) DO UPDATE SET name = excluded.name, version = excluded.version,"
            + " address = excluded.address,"
            // An instance that comes back after lapsing registers anew.
            + " started_at = CASE WHEN r.expires_at > excluded.heartbeat_at THEN r.started_at"
            + " ELSE excluded.started_at END,"
            + " heartbeat_at = excluded.heartbeat_at, expires_at = excluded.expires_at";
    this.deregisterSql = "DELETE FROM " + s + ".services WHERE id = ?";
    this.servicesSql =
        "SELECT r.id, r.name, r.version, r.address FROM "
            + s
            + ".services AS r, "
            + now
            + " WHERE r.expires_at > t.now ORDER BY r.started_at, r.id";
  }

  /** Whether {@code url} is a PostgreSQL URL this supervisor opens. */
  public static boolean supports(String url) {
    return PostgresUrl.matches(url);
  }

  /**
   * Connects to the database of {@code url} (see {@link PostgresSupervisorProvider}); call {@link
   * #init()} before use.
   *
   * @throws IllegalArgumentException when the URL is not a valid PostgreSQL URL
   * @throws SupervisorException when the database cannot be reached
   */
  public static PostgresSupervisor open(String url) {
    return open(url, () -> Duration.ZERO);
  }

  /**
   * As {@link #open(String)}, with {@code clockOffset} added to the database's clock at every
   * statement: tests let leases run out with it instead of sleeping. Production uses zero.
   */
  static PostgresSupervisor open(String url, Supplier<Duration> clockOffset) {
    SupervisorUrl parsed = SupervisorUrl.parse(url);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(parsed.jdbcUrl());
    if (parsed.user() != null) {
      config.setUsername(parsed.user());
    }
    if (parsed.password() != null) {
      config.setPassword(parsed.password());
    }
    config.setPoolName("blacksmith-supervisor");
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(10_000);
    // Defaults the URL may override: a renewal stuck on a dead connection must fail well within
    // a lease rather than hang.
    config.addDataSourceProperty("connectTimeout", "10");
    config.addDataSourceProperty("socketTimeout", "30");
    config.addDataSourceProperty("tcpKeepAlive", "true");
    config.addDataSourceProperty("ApplicationName", "blacksmith-supervisor");
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new SupervisorException("cannot connect to PostgreSQL at " + parsed, e);
    }
    return new PostgresSupervisor(pool, parsed.schema(), clockOffset);
  }

  @Override
  public String name() {
    return "postgres";
  }

  /** The schema holding the tables. */
  public String schema() {
    return schema;
  }

  @Override
  public void init() {
    String s = quote(schema);
    try (Connection c = pool.getConnection()) {
      if (tablesExist(c)) {
        // Nothing to create: no DDL, so a role without CREATE rights can run on a prepared schema.
        return;
      }
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
          lock.setLong(1, ("blacksmith-supervisor:" + schema).hashCode());
          lock.execute();
        }
        st.execute("CREATE SCHEMA IF NOT EXISTS " + s);
        st.execute(
            "CREATE TABLE IF NOT EXISTS "
                + s
                + ".locks (key text COLLATE \"C\" PRIMARY KEY, holder_id text NOT NULL,"
                + " holder_name text NOT NULL, holder_version text NOT NULL, holder_address text,"
                + " acquired_at timestamptz NOT NULL, expires_at timestamptz NOT NULL)");
        st.execute(
            "CREATE TABLE IF NOT EXISTS "
                + s
                + ".services (id text PRIMARY KEY, name text NOT NULL, version text NOT NULL,"
                + " address text, started_at timestamptz NOT NULL,"
                + " heartbeat_at timestamptz NOT NULL, expires_at timestamptz NOT NULL)");
        c.commit();
        LOG.info("Supervisor tables ready in schema {}", schema);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new SupervisorException("cannot create the supervisor tables in schema " + schema, e);
    }
  }

  private boolean tablesExist(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT to_regclass(?) IS NOT NULL AND to_regclass(?) IS NOT NULL")) {
      ps.setString(1, quote(schema) + ".locks");
      ps.setString(2, quote(schema) + ".services");
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  @Override
  public void heartbeat(Service service, Duration ttl) {
    long ttlMicros = positiveMicros(ttl, "ttl");
    run(
        "heartbeat of " + service.id(),
        c -> {
          try (PreparedStatement ps = c.prepareStatement(heartbeatSql)) {
            ps.setLong(1, offsetMicros());
            ps.setString(2, service.id());
            ps.setString(3, service.id());
            ps.setString(4, service.name());
            ps.setString(5, service.version());
            ps.setString(6, service.address());
            ps.setLong(7, ttlMicros);
            ps.executeUpdate();
            return null;
          }
        });
  }

  @Override
  public void deregister(Service service) {
    run(
        "deregister " + service.id(),
        c -> {
          try (PreparedStatement ps = c.prepareStatement(deregisterSql)) {
            ps.setString(1, service.id());
            ps.executeUpdate();
            return null;
          }
        });
  }

  @Override
  public List<Service> services() {
    return run(
        "list services",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(servicesSql)) {
            ps.setLong(1, offsetMicros());
            try (ResultSet rs = ps.executeQuery()) {
              List<Service> services = new ArrayList<>();
              while (rs.next()) {
                services.add(
                    new Service(
                        rs.getString("id"),
                        rs.getString("name"),
                        rs.getString("version"),
                        rs.getString("address")));
              }
              return services;
            }
          }
        });
  }

  @Override
  public Optional<Lock> tryAcquire(String key, Service holder, Duration lease) {
    Objects.requireNonNull(key, "key");
    long leaseMicros = positiveMicros(lease, "lease");
    return run(
        "acquire " + key,
        c -> {
          try (PreparedStatement ps = c.prepareStatement(acquireSql)) {
            ps.setString(1, key);
            ps.setString(2, holder.id());
            ps.setString(3, holder.name());
            ps.setString(4, holder.version());
            ps.setString(5, holder.address());
            ps.setLong(6, leaseMicros);
            ps.setLong(7, offsetMicros());
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return Optional.empty();
              }
              return Optional.of(
                  new Lock(key, holder, instant(rs, "acquired_at"), instant(rs, "expires_at")));
            }
          }
        });
  }

  @Override
  public boolean renew(Lock lock, Duration lease) {
    long leaseMicros = positiveMicros(lease, "lease");
    return run(
        "renew " + lock.key(),
        c -> {
          try (PreparedStatement ps = c.prepareStatement(renewSql)) {
            ps.setLong(1, leaseMicros);
            ps.setLong(2, offsetMicros());
            ps.setString(3, lock.key());
            ps.setString(4, lock.holder().id());
            return ps.executeUpdate() == 1;
          }
        });
  }

  @Override
  public void release(Lock lock) {
    run(
        "release " + lock.key(),
        c -> {
          try (PreparedStatement ps = c.prepareStatement(releaseSql)) {
            ps.setString(1, lock.key());
            ps.setString(2, lock.holder().id());
            ps.executeUpdate();
            return null;
          }
        });
  }

  @Override
  public List<Lock> locks() {
    return run(
        "list locks",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(locksSql)) {
            ps.setLong(1, offsetMicros());
            try (ResultSet rs = ps.executeQuery()) {
              List<Lock> locks = new ArrayList<>();
              while (rs.next()) {
                Service holder =
                    new Service(
                        rs.getString("holder_id"),
                        rs.getString("holder_name"),
                        rs.getString("holder_version"),
                        rs.getString("holder_address"));
                locks.add(
                    new Lock(
                        rs.getString("key"),
                        holder,
                        instant(rs, "acquired_at"),
                        instant(rs, "expires_at")));
              }
              return locks;
            }
          }
        });
  }

  @Override
  public void close() {
    pool.close();
  }

  private interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T run(String what, SqlWork<T> work) {
    try (Connection c = pool.getConnection()) {
      return work.run(c);
    } catch (SQLException | RuntimeException e) {
      if (e instanceof SupervisorException s) {
        throw s;
      }
      throw new SupervisorException("supervisor: cannot " + what + " in schema " + schema, e);
    }
  }

  private long offsetMicros() {
    return clockOffset.get().truncatedTo(ChronoUnit.MICROS).toNanos() / 1_000;
  }

  private static long positiveMicros(Duration d, String what) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive: " + d);
    }
    return Math.max(1, d.toNanos() / 1_000);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  private static String quote(String identifier) {
    return "\"" + identifier + "\"";
  }
}
