package dev.blacksmith.it;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The ledger: table {@code entries(job_id, action, instance_pid, instance_id, loaded_at)} gets one
 * row per job per load, with no unique key, so that a job loaded twice shows twice; table {@code
 * instances(pid, service_id, started_at)} maps each process to its scheduler's id, which is the
 * owner named in the store's leases.
 */
final class Ledger implements AutoCloseable {

  private static final long PID = ProcessHandle.current().pid();

  private final LedgerSettings settings;
  private volatile @Nullable HikariDataSource pool;

  Ledger(LedgerSettings settings) {
    this.settings = settings;
  }

  String schema() {
    return settings.schema();
  }

  /** Opens the pool, creates the schema and tables if missing and registers this process. */
  void open(String instanceId) throws SQLException {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(settings.jdbcUrl());
    config.setPoolName("it-ledger");
    config.setMaximumPoolSize(4);
    config.setMinimumIdle(1);
    // A write during a database outage fails within this rather than holding its load.
    config.setConnectionTimeout(5_000);
    config.addDataSourceProperty("connectTimeout", "5");
    config.addDataSourceProperty("socketTimeout", "30");
    HikariDataSource opened = new HikariDataSource(config);
    pool = opened;
    String s = settings.schema();
    try (Connection c = opened.getConnection()) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        // Processes start together; CREATE ... IF NOT EXISTS alone races on the catalog.
        st.execute("SELECT pg_advisory_xact_lock(" + ("it-ledger:" + s).hashCode() + ")");
        st.execute("CREATE SCHEMA IF NOT EXISTS " + s);
        st.execute(
            "CREATE TABLE IF NOT EXISTS "
                + s
                + ".entries (job_id text NOT NULL, action text NOT NULL,"
                + " instance_pid bigint NOT NULL, instance_id text NOT NULL,"
                + " loaded_at timestamptz NOT NULL DEFAULT clock_timestamp())");
        st.execute("CREATE INDEX IF NOT EXISTS entries_job ON " + s + ".entries (job_id)");
        st.execute(
            "CREATE TABLE IF NOT EXISTS "
                + s
                + ".instances (pid bigint NOT NULL, service_id text NOT NULL,"
                + " started_at timestamptz NOT NULL DEFAULT clock_timestamp())");
      }
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO " + s + ".instances (pid, service_id) VALUES (?, ?)")) {
        ps.setLong(1, PID);
        ps.setString(2, instanceId);
        ps.executeUpdate();
      }
      c.commit();
    }
  }

  /** Writes one row per job, in one statement (so one transaction). */
  void record(String action, List<String> jobIds, String instanceId) throws SQLException {
    HikariDataSource open = pool;
    if (open == null) {
      throw new SQLException("the ledger is not open");
    }
    try (Connection c = open.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO "
                    + settings.schema()
                    + ".entries (job_id, action, instance_pid, instance_id)"
                    + " SELECT unnest(?::text[]), ?, ?, ?")) {
      ps.setArray(1, c.createArrayOf("text", jobIds.toArray()));
      ps.setString(2, action);
      ps.setLong(3, PID);
      ps.setString(4, instanceId);
      ps.executeUpdate();
    }
  }

  /** The configured pause of a load, after its write. */
  void pause() throws InterruptedException {
    if (!settings.pause().isZero()) {
      Thread.sleep(settings.pause());
    }
  }

  @Override
  public void close() {
    HikariDataSource open = pool;
    if (open != null) {
      open.close();
    }
  }
}
