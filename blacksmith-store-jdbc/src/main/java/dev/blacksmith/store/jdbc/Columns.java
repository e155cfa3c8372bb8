package dev.blacksmith.store.jdbc;

import dev.blacksmith.store.Event;
import dev.blacksmith.store.Job;
import dev.blacksmith.store.Status;
import dev.blacksmith.store.Transition;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The tables' columns, and rows read back into records. */
final class Columns {

  /** What a column holds, so that each dialect can bind and cast it. */
  enum Type {
    TEXT,
    /** JSON text. */
    JSON,
    /** An {@link Instant}, kept to the microsecond. */
    INSTANT,
    INTEGER
  }

  /** A table and the types of its columns, in the order rows are given. */
  record Table(String name, List<String> columns, List<Type> types) {
    Table {
      columns = List.copyOf(columns);
      types = List.copyOf(types);
      if (columns.size() != types.size()) {
        throw new IllegalArgumentException("a type for each column of " + name);
      }
    }
  }

  static final List<String> EVENTS =
      List.of(
          "id",
          "source",
          "trigger_name",
          "version",
          "context",
          "data",
          "sent_at",
          "received_at",
          "ingested_at",
          "parent_event_id");

  static final List<String> JOBS =
      List.of(
          "id",
          "event_id",
          "parent_job_id",
          "destination",
          "action",
          "version",
          "context",
          "data",
          "created_at",
          "status",
          "attempt",
          "transition_id",
          "state_before",
          "error",
          "transitioned_at",
          "next_at",
          "lease_owner",
          "lease_until");

  static final List<String> TRANSITIONS =
      List.of(
          "id",
          "attempt",
          "state_before",
          "state_after",
          "error",
          "created_at",
          "event_id",
          "job_id");

  static final Table EVENTS_TABLE =
      new Table(
          "events",
          EVENTS,
          List.of(
              Type.TEXT,
              Type.TEXT,
              Type.TEXT,
              Type.TEXT,
              Type.JSON,
              Type.JSON,
              Type.INSTANT,
              Type.INSTANT,
              Type.INSTANT,
              Type.TEXT));

  static final Table JOBS_TABLE =
      new Table(
          "jobs",
          JOBS,
          List.of(
              Type.TEXT,
              Type.TEXT,
              Type.TEXT,
              Type.TEXT,
              Type.TEXT,
              Type.TEXT,
              Type.JSON,
              Type.JSON,
              Type.INSTANT,
              Type.TEXT,
              Type.INTEGER,
              Type.TEXT,
              Type.TEXT,
              Type.JSON,
              Type.INSTANT,
              Type.INSTANT,
              Type.TEXT,
              Type.INSTANT));

  static final Table TRANSITIONS_TABLE =
      new Table(
          "transitions",
          TRANSITIONS,
          List.of(
              Type.TEXT,
              Type.INTEGER,
              Type.TEXT,
              Type.TEXT,
              Type.JSON,
              Type.INSTANT,
              Type.TEXT,
              Type.TEXT));

  private Columns() {}

  /** {@code columns} prefixed with a table alias, comma separated. */
  static String select(String alias, List<String> columns) {
    StringBuilder sql = new StringBuilder();
    for (String column : columns) {
      if (!sql.isEmpty()) {
        sql.append(", ");
      }
      sql.append(alias).append('.').append(column);
    }
    return sql.toString();
  }

  /** An event row, without jobs. */
  static Event event(ResultSet rs, Dialect dialect) throws SQLException {
    return new Event(
        rs.getString("id"),
        rs.getString("source"),
        rs.getString("trigger_name"),
        rs.getString("version"),
        rs.getString("context"),
        rs.getString("data"),
        List.of(),
        dialect.instant(rs, "sent_at"),
        instant(rs, "received_at", dialect),
        instant(rs, "ingested_at", dialect),
        rs.getString("parent_event_id"));
  }

  /** A job row, with its latest transition as projected on the row. */
  static Job job(ResultSet rs, Dialect dialect) throws SQLException {
    String id = rs.getString("id");
    String eventId = rs.getString("event_id");
    Transition transition =
        new Transition(
            rs.getString("transition_id"),
            rs.getInt("attempt"),
            statusOrNull(rs.getString("state_before")),
            Status.of(rs.getString("status")),
            rs.getString("error"),
            instant(rs, "transitioned_at", dialect),
            eventId,
            id);
    return new Job(
        id,
        rs.getString("destination"),
        rs.getString("action"),
        rs.getString("version"),
        rs.getString("context"),
        rs.getString("data"),
        transition,
        instant(rs, "created_at", dialect),
        eventId,
        rs.getString("parent_job_id"));
  }

  static Transition transition(ResultSet rs, Dialect dialect) throws SQLException {
    return new Transition(
        rs.getString("id"),
        rs.getInt("attempt"),
        statusOrNull(rs.getString("state_before")),
        Status.of(rs.getString("state_after")),
        rs.getString("error"),
        instant(rs, "created_at", dialect),
        rs.getString("event_id"),
        rs.getString("job_id"));
  }

  private static Instant instant(ResultSet rs, String column, Dialect dialect) throws SQLException {
    Instant instant = dialect.instant(rs, column);
    if (instant == null) {
      throw new SQLException("column " + column + " is NULL");
    }
    return instant;
  }

  private static @Nullable Status statusOrNull(@Nullable String value) {
    return value == null ? null : Status.of(value);
  }
}
