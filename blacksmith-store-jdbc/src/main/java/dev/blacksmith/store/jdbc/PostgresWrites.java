package dev.blacksmith.store.jdbc;

import dev.blacksmith.spi.Ids;
import dev.blacksmith.spi.store.ClaimRequest;
import dev.blacksmith.spi.store.Outcome;
import dev.blacksmith.store.Job;
import dev.blacksmith.store.Status;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Job writes for PostgreSQL, set-based: each takes its rows as arrays ({@code unnest}), so a batch
 * of any size is one statement whose text never changes (prepared once per connection), and each
 * job write selects, locks, updates and appends its transitions in one statement. Statuses,
 * attempts and lease errors are decided in SQL from the locked rows, never from an earlier read.
 */
final class PostgresWrites {

  private static final String AWAITING = "'" + Status.AWAITING.value() + "'";
  private static final String EXECUTING = "'" + Status.EXECUTING.value() + "'";
  private static final String JOB_COLUMNS = Columns.select("j", Columns.JOBS);
  private static final String TRANSITION_COLUMNS = String.join(", ", Columns.TRANSITIONS);

  /**
   * The due jobs of one action, oldest first, locked; rows other claimers hold are passed over. Row
   * locks are taken below the LIMIT, so skipped rows do not count against it.
   */
  static final String DUE_SQL =
      "SELECT id, event_id, status, attempt, lease_owner, next_at FROM jobs"
          + " WHERE destination = ? AND action = ? AND next_at IS NOT NULL AND next_at <= ?"
          + " ORDER BY next_at LIMIT ? FOR UPDATE SKIP LOCKED";

  private static final String CLAIM_SQL = claimSql(false);
  private static final String CLAIM_AND_START_SQL = claimSql(true);

  private static final String START_SQL =
      "WITH wanted AS (SELECT * FROM unnest(?::text[], ?::text[]) WITH ORDINALITY"
          + " AS w(id, transition_id, n)),"
          + " locked AS MATERIALIZED (SELECT j.id, w.transition_id, w.n FROM jobs j"
          + " JOIN wanted w ON w.id = j.id WHERE j.status = "
          + AWAITING
          + " AND j.lease_owner = ? ORDER BY j.id FOR UPDATE OF j),"
          + " moved AS (UPDATE jobs j SET status = "
          + EXECUTING
          + ", transition_id = l.transition_id, state_before = "
          + AWAITING
          + ", error = NULL, transitioned_at = ?, next_at = ?, lease_until = ?"
          + " FROM locked l WHERE j.id = l.id RETURNING "
          + JOB_COLUMNS
          + ", l.n),"
          + " appended AS (INSERT INTO transitions ("
          + TRANSITION_COLUMNS
          + ") SELECT transition_id, attempt, "
          + AWAITING
          + ", "
          + EXECUTING
          + ", NULL, transitioned_at, event_id, id FROM moved ORDER BY n)"
          + " SELECT * FROM moved ORDER BY n";

  private static final String COMPLETE_SQL =
      "WITH outcome AS (SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[],"
          + " ?::text[]) WITH ORDINALITY AS o(job_id, status, error, next_at, transition_id, n)),"
          + " locked AS MATERIALIZED (SELECT j.id, o.status, o.error, o.next_at, o.transition_id,"
          + " o.n FROM jobs j JOIN outcome o ON o.job_id = j.id WHERE j.status = "
          + EXECUTING
          + " AND j.lease_owner = ? ORDER BY j.id FOR UPDATE OF j),"
          + " moved AS (UPDATE jobs j SET status = l.status, transition_id = l.transition_id,"
          + " state_before = "
          + EXECUTING
          + ", error = l.error::jsonb, transitioned_at = ?, next_at = l.next_at,"
          + " lease_owner = NULL, lease_until = NULL FROM locked l WHERE j.id = l.id"
          + " RETURNING j.id, j.event_id, j.attempt, j.status, j.error, j.transition_id,"
          + " j.transitioned_at, l.n),"
          + " appended AS (INSERT INTO transitions ("
          + TRANSITION_COLUMNS
          + ") SELECT transition_id, attempt, "
          + EXECUTING
          + ", status, error, transitioned_at, event_id, id FROM moved ORDER BY n)"
          + " SELECT id FROM moved ORDER BY n";

  private final Dialect dialect;

  PostgresWrites(Dialect dialect) {
    this.dialect = dialect;
  }

  /**
   * The claim in one statement: lock the due jobs, number them oldest first, give each the ids of
   * its new transitions (the n-th elements of the id arrays), move the rows to their final state
   * and append the transitions (two per job when starting, the {@code awaiting} one first).
   *
   * <p>The ids are taken by subscript rather than by joining the unnested arrays on the row number:
   * a generic plan, which PostgreSQL settles on after a few runs of a prepared statement, guesses
   * ten elements per array and joins them in a nested loop, unnesting the arrays again for every
   * claimed row.
   */
  static String claimSql(boolean start) {
    String startId = start ? "(?::text[])[n.rn]" : "NULL::text";
    return "WITH due AS MATERIALIZED ("
        + DUE_SQL
        + "), numbered AS (SELECT due.*, (row_number() OVER (ORDER BY next_at, id))::int AS rn"
        + " FROM due),"
        + " claimed AS (SELECT n.id, n.event_id, n.status AS before, n.rn,"
        + " (?::text[])[n.rn] AS claim_id, "
        + startId
        + " AS start_id,"
        // Awaiting never started its attempt; every other status has used its number.
        + " CASE WHEN n.status = "
        + AWAITING
        + " THEN n.attempt ELSE n.attempt + 1 END AS attempt,"
        + " CASE WHEN n.status IN ("
        + AWAITING
        + ", "
        + EXECUTING
        + ") AND n.lease_owner IS NOT NULL THEN jsonb_build_object('message', 'lease of ' ||"
        + " n.lease_owner || ' expired') END AS error"
        + " FROM numbered n),"
        + " moved AS (UPDATE jobs j SET"
        + " status = CASE WHEN c.start_id IS NULL THEN "
        + AWAITING
        + " ELSE "
        + EXECUTING
        + " END,"
        + " attempt = c.attempt, transition_id = COALESCE(c.start_id, c.claim_id),"
        + " state_before = CASE WHEN c.start_id IS NULL THEN c.before ELSE "
        + AWAITING
        + " END,"
        + " error = CASE WHEN c.start_id IS NULL THEN c.error END,"
        + " transitioned_at = ?, next_at = ?, lease_owner = ?, lease_until = ?"
        + " FROM claimed c WHERE j.id = c.id RETURNING "
        + JOB_COLUMNS
        + ", c.rn, c.before AS claimed_from, c.claim_id, c.error AS claim_error),"
        + " appended AS (INSERT INTO transitions ("
        + TRANSITION_COLUMNS
        + ") SELECT id, attempt, state_before, state_after, error, created_at, event_id, job_id"
        + " FROM (SELECT claim_id AS id, attempt, claimed_from AS state_before, "
        + AWAITING
        + " AS state_after, claim_error AS error, transitioned_at AS created_at, event_id,"
        + " id AS job_id, rn, 1 AS step FROM moved"
        + " UNION ALL SELECT transition_id, attempt, "
        + AWAITING
        + ", "
        + EXECUTING
        + ", NULL, transitioned_at, event_id, id, rn, 2 FROM moved WHERE status = "
        + EXECUTING
        + ") t ORDER BY rn, step)"
        + " SELECT * FROM moved ORDER BY rn";
  }

  /** {@code INSERT ... SELECT ... FROM unnest(arrays)}: one statement for any number of rows. */
  void insert(Connection c, Columns.Table table, List<@Nullable Object[]> rows)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    List<String> columns = table.columns();
    List<Columns.Type> types = table.types();
    StringBuilder select = new StringBuilder();
    StringBuilder arrays = new StringBuilder();
    for (int i = 0; i < columns.size(); i++) {
      if (i > 0) {
        select.append(", ");
        arrays.append(", ");
      }
      select.append("t.").append(columns.get(i));
      if (types.get(i) == Columns.Type.JSON) {
        select.append("::jsonb");
      }
      arrays.append("?::").append(arrayType(types.get(i))).append("[]");
    }
    String sql =
        "INSERT INTO "
            + table.name()
            + " ("
            + String.join(", ", columns)
            + ") SELECT "
            + select
            + " FROM unnest("
            + arrays
            + ") AS t("
            + String.join(", ", columns)
            + ")";
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      for (int column = 0; column < columns.size(); column++) {
        Columns.Type type = types.get(column);
        Object[] values =
            type == Columns.Type.INTEGER ? new Integer[rows.size()] : new String[rows.size()];
        for (int row = 0; row < rows.size(); row++) {
          Object value = rows.get(row)[column];
          values[row] = value instanceof Instant instant ? text(instant) : value;
        }
        statement.setArray(column + 1, c.createArrayOf(arrayType(type), values));
      }
      statement.executeUpdate();
    }
  }

  List<Job> claim(Connection c, ClaimRequest request, boolean start) throws SQLException {
    try (PreparedStatement statement =
        c.prepareStatement(start ? CLAIM_AND_START_SQL : CLAIM_SQL)) {
      int i = 1;
      statement.setString(i++, request.destination());
      statement.setString(i++, request.action());
      statement.setObject(i++, dialect.instant(request.now()));
      statement.setInt(i++, request.limit());
      statement.setArray(i++, ids(c, request.limit()));
      if (start) {
        statement.setArray(i++, ids(c, request.limit()));
      }
      statement.setObject(i++, dialect.instant(request.now()));
      statement.setObject(i++, dialect.instant(request.leaseUntil()));
      statement.setString(i++, request.owner());
      statement.setObject(i, dialect.instant(request.leaseUntil()));
      return jobs(statement);
    }
  }

  List<Job> start(Connection c, String owner, List<String> ids, Instant now, Instant leaseUntil)
      throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(START_SQL)) {
      statement.setArray(1, c.createArrayOf("text", ids.toArray()));
      statement.setArray(2, ids(c, ids.size()));
      statement.setString(3, owner);
      statement.setObject(4, dialect.instant(now));
      statement.setObject(5, dialect.instant(leaseUntil));
      statement.setObject(6, dialect.instant(leaseUntil));
      return jobs(statement);
    }
  }

  Set<String> complete(Connection c, String owner, List<Outcome> outcomes, Instant now)
      throws SQLException {
    int n = outcomes.size();
    String[] jobIds = new String[n];
    String[] statuses = new String[n];
    String[] errors = new String[n];
    String[] nextAts = new String[n];
    String[] transitionIds = new String[n];
    for (int i = 0; i < n; i++) {
      Outcome outcome = outcomes.get(i);
      jobIds[i] = outcome.jobId();
      statuses[i] = outcome.status().value();
      errors[i] = outcome.error();
      Instant nextAt = outcome.status() == Status.FAILED ? outcome.nextAt() : null;
      nextAts[i] = nextAt == null ? null : text(nextAt);
      transitionIds[i] = outcome.transitionId();
    }
    try (PreparedStatement statement = c.prepareStatement(COMPLETE_SQL)) {
      statement.setArray(1, c.createArrayOf("text", jobIds));
      statement.setArray(2, c.createArrayOf("text", statuses));
      statement.setArray(3, c.createArrayOf("text", errors));
      statement.setArray(4, c.createArrayOf("timestamptz", nextAts));
      statement.setArray(5, c.createArrayOf("text", transitionIds));
      statement.setString(6, owner);
      statement.setObject(7, dialect.instant(now));
      Set<String> applied = new LinkedHashSet<>();
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          applied.add(rs.getString(1));
        }
      }
      return Collections.unmodifiableSet(applied);
    }
  }

  private List<Job> jobs(PreparedStatement statement) throws SQLException {
    List<Job> jobs = new ArrayList<>();
    try (ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        jobs.add(Columns.job(rs, dialect));
      }
    }
    return jobs;
  }

  /** {@code count} fresh transition ids. */
  private static Array ids(Connection c, int count) throws SQLException {
    String[] ids = new String[count];
    for (int i = 0; i < count; i++) {
      ids[i] = Ids.next();
    }
    return c.createArrayOf("text", ids);
  }

  /** An instant as PostgreSQL reads it back exactly: ISO-8601 in UTC, to the microsecond. */
  private static String text(Instant instant) {
    return Micros.truncate(instant).toString();
  }

  private static String arrayType(Columns.Type type) {
    return switch (type) {
      case TEXT, JSON -> "text";
      case INSTANT -> "timestamptz";
      case INTEGER -> "int4";
    };
  }
}
