package dev.blacksmith.store.jdbc;

import dev.blacksmith.json.Json;
import dev.blacksmith.spi.Ids;
import dev.blacksmith.spi.store.StoreException;
import dev.blacksmith.store.Status;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An operator's retries and discards, in SQL that both dialects run: the jobs are selected (and
 * locked where writers run concurrently) in one of the statuses the action applies to, their
 * transitions appended, then their rows moved, in the caller's write transaction.
 */
final class OperatorWrites {

  static final String RETRIED = Json.write(Map.of("message", "retried by an operator"));
  static final String DISCARDED = Json.write(Map.of("message", "discarded by an operator"));

  // The error is copied from the transition just appended, so the JSON column needs no cast that
  // differs between dialects (jsonb on PostgreSQL, text on SQLite).
  private static final String UPDATE_JOB =
      "UPDATE jobs SET status = ?, transition_id = ?, state_before = ?,"
          + " error = (SELECT t.error FROM transitions t WHERE t.id = ?),"
          + " transitioned_at = ?, next_at = ?, lease_owner = NULL, lease_until = NULL"
          + " WHERE id = ? AND status = ?";

  private final Dialect dialect;
  private final int idsPerStatement;

  OperatorWrites(Dialect dialect) {
    this.dialect = dialect;
    this.idsPerStatement = Math.min(1000, dialect.maxParameters() - 16);
  }

  /**
   * Moves the jobs among {@code ids} that are in one of {@code from} to {@code to}, keeping their
   * attempt.
   *
   * @param nextAt when the jobs become claimable, {@code null} for never
   * @return the ids of the jobs moved
   */
  Set<String> move(
      Connection c,
      List<String> ids,
      Set<Status> from,
      Status to,
      String error,
      Instant now,
      @Nullable Instant nextAt)
      throws SQLException {
    List<String> statuses = from.stream().map(Status::value).sorted().toList();
    Set<String> moved = new LinkedHashSet<>();
    for (List<String> chunk : Sql.chunks(ids, idsPerStatement)) {
      List<Change> changes = new ArrayList<>(chunk.size());
      try (PreparedStatement select =
          c.prepareStatement(
              "SELECT id, event_id, status, attempt FROM jobs WHERE status IN ("
                  + Sql.placeholders(statuses.size())
                  + ") AND "
                  + dialect.isIn("id", chunk.size())
                  + " ORDER BY id"
                  + dialect.forUpdate(false))) {
        int index = 1;
        for (String status : statuses) {
          select.setString(index++, status);
        }
        dialect.bindAll(c, select, index, chunk);
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            changes.add(
                new Change(
                    rs.getString("id"),
                    rs.getString("event_id"),
                    Status.of(rs.getString("status")),
                    to,
                    rs.getInt("attempt"),
                    Ids.next(),
                    error,
                    now,
                    nextAt,
                    null,
                    null));
          }
        }
      }
      if (changes.isEmpty()) {
        continue;
      }
      List<@Nullable Object[]> transitions = new ArrayList<>(changes.size());
      for (Change change : changes) {
        transitions.add(
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
      dialect.insert(c, Columns.TRANSITIONS_TABLE, transitions);
      try (PreparedStatement update = c.prepareStatement(UPDATE_JOB)) {
        for (Change change : changes) {
          update.setString(1, change.after().value());
          update.setString(2, change.transitionId());
          update.setString(3, change.before().value());
          update.setString(4, change.transitionId());
          update.setObject(5, dialect.instant(change.at()));
          Sql.set(update, 6, change.nextAt(), dialect);
          update.setString(7, change.jobId());
          update.setString(8, change.before().value());
          update.addBatch();
        }
        int[] counts = update.executeBatch();
        for (int i = 0; i < counts.length; i++) {
          if (counts[i] != 1 && counts[i] != Statement.SUCCESS_NO_INFO) {
            // The rows were read in this transaction (and locked where that matters).
            throw new StoreException(
                "job " + changes.get(i).jobId() + " changed while an operator acted on it");
          }
        }
      }
      changes.forEach(change -> moved.add(change.jobId()));
    }
    return moved;
  }
}
