package dev.blacksmith.wanderer.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** What differs between the two databases: table names, instants and JSON. */
enum Dialect {
  /**
   * SQLite, usually in the store's file: tables prefixed with {@code wanderer_}, instants as epoch
   * microseconds, JSON as text.
   */
  SQLITE("sqlite", "wanderer_migrations", "wanderer_transitions", "?") {
    @Override
    void bindInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
      statement.setLong(index, micros(instant));
    }

    @Override
    Instant instant(ResultSet rows, String column) throws SQLException {
      long micros = rows.getLong(column);
      return Instant.ofEpochSecond(
          Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
  },

  /**
   * PostgreSQL, in the wanderer's own schema: instants as {@code timestamptz}, JSON as {@code
   * jsonb}.
   */
  POSTGRES("postgres", "migrations", "transitions", "CAST(? AS jsonb)") {
    @Override
    void bindInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
      statement.setObject(
          index, OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
    }

    @Override
    Instant instant(ResultSet rows, String column) throws SQLException {
      return rows.getObject(column, OffsetDateTime.class).toInstant();
    }
  };

  private final String backend;
  private final String migrations;
  private final String transitions;
  private final String json;

  Dialect(String backend, String migrations, String transitions, String json) {
    this.backend = backend;
    this.migrations = migrations;
    this.transitions = transitions;
    this.json = json;
  }

  /** The backend's short name. */
  String backend() {
    return backend;
  }

  /** The table of migrations. */
  String migrations() {
    return migrations;
  }

  /** The table of transitions. */
  String transitions() {
    return transitions;
  }

  /** The parameter of a JSON value in SQL. */
  String jsonParameter() {
    return json;
  }

  /** Where Flyway finds this dialect's schema migrations. */
  String flywayLocation() {
    return "classpath:db/wanderer/" + (this == SQLITE ? "sqlite" : "postgresql");
  }

  /** Binds {@code instant}, truncated to the microsecond. */
  abstract void bindInstant(PreparedStatement statement, int index, Instant instant)
      throws SQLException;

  /** Reads an instant column. */
  abstract Instant instant(ResultSet rows, String column) throws SQLException;

  static long micros(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
  }
}
