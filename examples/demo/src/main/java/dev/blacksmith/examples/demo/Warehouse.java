package dev.blacksmith.examples.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/** The demo's warehouse: table {@code events} of a SQLite file, one row per job. */
final class Warehouse {

  private static final String CREATE_TABLE =
      """
      CREATE TABLE IF NOT EXISTS events (
        job_id     TEXT PRIMARY KEY,
        event_id   TEXT NOT NULL,
        created_at TEXT NOT NULL,
        sent_at    TEXT,
        context    TEXT NOT NULL CHECK (json_valid(context)),
        data       TEXT NOT NULL CHECK (json_valid(data))
      )\
      """;

  // Loads are at-least-once, so a row may come twice: the job id makes the second a no-op. Only a
  // job-id conflict is skipped (INSERT OR IGNORE would also skip rows breaking the other
  // constraints, silently losing them); any other error fails the queue.
  private static final String INSERT =
      """
      INSERT INTO events (job_id, event_id, created_at, sent_at, context, data)
      VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (job_id) DO NOTHING\
      """;

  private final Path path;

  Warehouse(Path path) {
    this.path = path;
  }

  Path path() {
    return path;
  }

  /**
   * One row of table {@code events}.
   *
   * @param context JSON text
   * @param data JSON text
   */
  record Row(
      String jobId,
      String eventId,
      Instant createdAt,
      @Nullable Instant sentAt,
      String context,
      String data) {}

  /** Creates the file, its directory and the table when missing. */
  void createTable() throws IOException, SQLException {
    Path parent = path.toAbsolutePath().getParent();
    try {
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new IOException(
          "cannot create the directory of " + path.toAbsolutePath() + ": " + e, e);
    }
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(CREATE_TABLE);
    }
  }

  /** Inserts {@code rows} in one transaction: all of them, or none when one fails. */
  void insert(List<Row> rows) throws SQLException {
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      try (PreparedStatement insert = c.prepareStatement(INSERT)) {
        for (Row row : rows) {
          insert.setString(1, row.jobId());
          insert.setString(2, row.eventId());
          insert.setString(3, row.createdAt().toString());
          Instant sentAt = row.sentAt();
          insert.setString(4, sentAt == null ? null : sentAt.toString());
          insert.setString(5, row.context());
          insert.setString(6, row.data());
          insert.addBatch();
        }
        insert.executeBatch();
        c.commit();
      } catch (SQLException e) {
        try {
          c.rollback();
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      }
    }
  }

  /** A new connection; one per load is cheap with SQLite and keeps concurrent loads apart. */
  Connection connect() throws SQLException {
    Properties pragmas = new Properties();
    pragmas.setProperty("journal_mode", "WAL");
    pragmas.setProperty("synchronous", "FULL");
    pragmas.setProperty("busy_timeout", "5000");
    return DriverManager.getConnection("jdbc:sqlite:" + path, pragmas);
  }
}
