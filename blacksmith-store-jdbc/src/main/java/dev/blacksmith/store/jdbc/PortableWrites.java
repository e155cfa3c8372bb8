package dev.blacksmith.store.jdbc;

import dev.blacksmith.json.Json;
import dev.blacksmith.spi.Ids;
import dev.blacksmith.spi.store.ClaimRequest;
import dev.blacksmith.spi.store.Outcome;
import dev.blacksmith.spi.store.StoreException;
import dev.blacksmith.store.Job;
import dev.blacksmith.store.Status;
import dev.blacksmith.store.Transition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Job writes in plain SQL for databases whose writers are serialised (SQLite): read the jobs,
 * decide each change in Java, then update each row (batched) and append the transitions with
 * multi-row inserts. Correct only while no other writer can move the rows between the read and the
 * update.
 */
final class PortableWrites {

  /** The select of claimable jobs, oldest first; for tests of its query plan. */
  static final String CLAIM_SQL =
      "SELECT "
          + Columns.select("j", Columns.JOBS)
          + " FROM jobs j WHERE j.destination = ? AND j.action = ?"
          + " AND j.next_at IS NOT NULL AND j.next_at <= ? ORDER BY j.next_at LIMIT ?";

  private static final String UPDATE_JOB =
      "UPDATE jobs SET status = ?, attempt = ?, transition_id = ?, state_before = ?, error = ?,"
          + " transitioned_at = ?, next_at = ?, lease_owner = ?, lease_until = ?"
          + " WHERE id = ? AND status = ?";

  private final Dialect dialect;
  // Room left for the fixed parameters of a statement that also takes an IN list.
  private final int idsPerStatement;

  PortableWrites(Dialect dialect) {
    this.dialect = dialect;
    this.idsPerStatement = Math.min(1000, dialect.maxParameters() - 16);
  }

  List<Job> claim(Connection c, ClaimRequest request, boolean start) throws SQLException {
    List<Job> candidates = new ArrayList<>();
    List<@Nullable String> owners = new ArrayList<>();
    try (PreparedStatement statement = c.prepareStatement(CLAIM_SQL)) {
      statement.setString(1, request.destination());
      statement.setString(2, request.action());
      statement.setObject(3, dialect.instant(request.now()));
      statement.setInt(4, request.limit());
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          candidates.add(Columns.job(rs, dialect));
          owners.add(rs.getString("lease_owner"));
        }
      }
    }
    if (candidates.isEmpty()) {
      return List.of();
    }
    List<Change> changes = new ArrayList<>(candidates.size());
    for (int i = 0; i < candidates.size(); i++) {
      Job job = candidates.get(i);
      Status before = job.status();
      // Awaiting never started its attempt; every other status has used its number.
      int attempt = before == Status.AWAITING ? job.attempt() : job.attempt() + 1;
      String previousOwner = owners.get(i);
      boolean leased = before == Status.AWAITING || before == Status.EXECUTING;
      String error = leased && previousOwner != null ? leaseExpired(previousOwner) : null;
      changes.add(
          new Change(
              job.id(),
              job.eventId(),
              before,
              Status.AWAITING,
              attempt,
              Ids.next(),
              error,
              request.now(),
              request.leaseUntil(),
              request.owner(),
              request.leaseUntil()));
    }
    List<Change> finals = changes;
    if (start) {
      List<Change> starts = new ArrayList<>(changes.size());
      for (Change claimed : changes) {
        starts.add(
            new Change(
                claimed.jobId(),
                claimed.eventId(),
                Status.AWAITING,
                Status.EXECUTING,
                claimed.attempt(),
                Ids.next(),
                null,
                request.now(),
                request.leaseUntil(),
                request.owner(),
                request.leaseUntil()));
      }
      // One row update to the final state; both transitions appended.
      updateRows(c, changes, starts);
      List<Change> history = new ArrayList<>(changes.size() * 2);
      history.addAll(changes);
      history.addAll(starts);
      appendTransitions(c, history);
      finals = starts;
    } else {
      apply(c, changes);
    }
    List<Job> claimed = new ArrayList<>(candidates.size());
    for (int i = 0; i < candidates.size(); i++) {
      claimed.add(withChange(candidates.get(i), finals.get(i)));
    }
    return claimed;
  }

  List<Job> start(Connection c, String owner, List<String> ids, Instant now, Instant leaseUntil)
      throws SQLException {
    Map<String, Job> awaiting = leased(c, Status.AWAITING, owner, ids);
    List<Change> changes = new ArrayList<>(awaiting.size());
    List<Job> started = new ArrayList<>(awaiting.size());
    for (String id : ids) {
      Job job = awaiting.get(id);
      if (job == null) {
        continue;
      }
      Change change =
          new Change(
              id,
              job.eventId(),
              Status.AWAITING,
              Status.EXECUTING,
              job.attempt(),
              Ids.next(),
              null,
              now,
              leaseUntil,
              owner,
              leaseUntil);
      changes.add(change);
      started.add(withChange(job, change));
    }
    apply(c, changes);
    return List.copyOf(started);
  }

  Set<String> complete(Connection c, String owner, List<Outcome> outcomes, Instant now)
      throws SQLException {
    List<String> ids = outcomes.stream().map(Outcome::jobId).toList();
    Map<String, Job> executing = leased(c, Status.EXECUTING, owner, ids);
    Set<String> applied = new LinkedHashSet<>();
    List<Change> changes = new ArrayList<>(outcomes.size());
    for (Outcome outcome : outcomes) {
      Job job = executing.get(outcome.jobId());
      if (job == null || !applied.add(outcome.jobId())) {
        continue;
      }
      changes.add(
          new Change(
              job.id(),
              job.eventId(),
              Status.EXECUTING,
              outcome.status(),
              job.attempt(),
              outcome.transitionId(),
              outcome.error(),
              now,
              outcome.status() == Status.FAILED ? outcome.nextAt() : null,
              null,
              null));
    }
    apply(c, changes);
    return Collections.unmodifiableSet(applied);
  }

  /** Moves each job's row and appends its transition; fails if a row was not as expected. */
  private void apply(Connection c, List<Change> changes) throws SQLException {
    updateRows(c, changes, changes);
    appendTransitions(c, changes);
  }

  /**
   * Updates each job row to the state of {@code rows.get(i)}, provided it is still in the state
   * before {@code expected.get(i)}: two changes made in one transaction cost one row update.
   */
  private void updateRows(Connection c, List<Change> expected, List<Change> rows)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement statement = c.prepareStatement(UPDATE_JOB)) {
      for (int i = 0; i < rows.size(); i++) {
        Change change = rows.get(i);
        statement.setString(1, change.after().value());
        statement.setInt(2, change.attempt());
        statement.setString(3, change.transitionId());
        statement.setString(4, change.before().value());
        statement.setString(5, change.error());
        statement.setObject(6, dialect.instant(change.at()));
        Sql.set(statement, 7, change.nextAt(), dialect);
        statement.setString(8, change.leaseOwner());
        Sql.set(statement, 9, change.leaseUntil(), dialect);
        statement.setString(10, change.jobId());
        statement.setString(11, expected.get(i).before().value());
        statement.addBatch();
      }
      int[] counts = statement.executeBatch();
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] != 1 && counts[i] != Statement.SUCCESS_NO_INFO) {
          Change change = expected.get(i);
          throw new StoreException(
              "job " + change.jobId() + " was no longer " + change.before() + "; nothing applied");
        }
      }
    }
  }

  private void appendTransitions(Connection c, List<Change> changes) throws SQLException {
    List<@Nullable Object[]> rows = new ArrayList<>(changes.size());
    for (Change change : changes) {
      rows.add(
          new @Nullable Object[] {
            change.transitionId(),
            change.attempt(),
            change.before().value(),
            change.after().value(),
            change.error(),
            change.at(),
            change.eventId(),
            change.jobId()
          });
    }
    dialect.insert(c, Columns.TRANSITIONS_TABLE, rows);
  }

  /** The jobs among {@code ids} in {@code status} under {@code owner}'s lease, by id. */
  private Map<String, Job> leased(Connection c, Status status, String owner, List<String> ids)
      throws SQLException {
    Map<String, Job> jobs = new HashMap<>();
    for (List<String> chunk : Sql.chunks(ids, idsPerStatement)) {
      try (PreparedStatement statement =
          c.prepareStatement(
              "SELECT "
                  + Columns.select("j", Columns.JOBS)
                  + " FROM jobs j WHERE j.status = ? AND j.lease_owner = ? AND j.id IN ("
                  + Sql.placeholders(chunk.size())
                  + ")")) {
        statement.setString(1, status.value());
        statement.setString(2, owner);
        Sql.bind(statement, 3, chunk, dialect);
        try (ResultSet rs = statement.executeQuery()) {
          while (rs.next()) {
            Job job = Columns.job(rs, dialect);
            jobs.put(job.id(), job);
          }
        }
      }
    }
    return jobs;
  }

  /** {@code job} after {@code change}, with the values as the store keeps them. */
  private static Job withChange(Job job, Change change) {
    Transition transition =
        new Transition(
            change.transitionId(),
            change.attempt(),
            change.before(),
            change.after(),
            change.error(),
            Micros.truncate(change.at()),
            job.eventId(),
            job.id());
    return new Job(
        job.id(),
        job.destination(),
        job.action(),
        job.version(),
        job.context(),
        job.data(),
        transition,
        job.createdAt(),
        job.eventId(),
        job.parentJobId());
  }

  private static String leaseExpired(String owner) {
    return Json.write(Map.of("message", "lease of " + owner + " expired"));
  }
}
