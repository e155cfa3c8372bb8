package dev.blacksmith.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Statement helpers: multi-row inserts, IN lists and binding. */
final class Sql {

  /**
   * Rows per multi-row INSERT. Larger statements save little once a statement's per-row cost
   * dominates, and a prepared statement this size is still cheap to parse.
   */
  private static final int ROWS_PER_INSERT = 100;

  private Sql() {}

  /** Inserts {@code rows} with multi-row {@code VALUES} statements, batched. */
  static void insert(
      Connection connection, Columns.Table table, List<@Nullable Object[]> rows, Dialect dialect)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    List<String> columns = table.columns();
    int perStatement =
        Math.max(1, Math.min(ROWS_PER_INSERT, dialect.maxParameters() / columns.size()));
    int full = rows.size() / perStatement;
    int rest = rows.size() % perStatement;
    if (full > 0) {
      try (PreparedStatement statement =
          connection.prepareStatement(insertSql(table.name(), columns, perStatement))) {
        for (int chunk = 0; chunk < full; chunk++) {
          bindRows(
              statement, rows.subList(chunk * perStatement, (chunk + 1) * perStatement), dialect);
          statement.addBatch();
        }
        statement.executeBatch();
      }
    }
    if (rest > 0) {
      try (PreparedStatement statement =
          connection.prepareStatement(insertSql(table.name(), columns, rest))) {
        bindRows(statement, rows.subList(full * perStatement, rows.size()), dialect);
        statement.executeUpdate();
      }
    }
  }

  private static String insertSql(String table, List<String> columns, int rows) {
    String row = "(" + placeholders(columns.size()) + ")";
    StringBuilder sql =
        new StringBuilder("INSERT INTO ")
            .append(table)
            .append(" (")
            .append(String.join(", ", columns))
            .append(") VALUES ");
    for (int i = 0; i < rows; i++) {
      if (i > 0) {
        sql.append(", ");
      }
      sql.append(row);
    }
    return sql.toString();
  }

  private static void bindRows(
      PreparedStatement statement, List<@Nullable Object[]> rows, Dialect dialect)
      throws SQLException {
    int index = 1;
    for (@Nullable Object[] row : rows) {
      for (Object value : row) {
        set(statement, index++, value, dialect);
      }
    }
  }

  /** {@code "?, ?, ?"} for {@code n} = 3. */
  static String placeholders(int n) {
    StringBuilder sql = new StringBuilder(n * 3);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sql.append(", ");
      }
      sql.append('?');
    }
    return sql.toString();
  }

  /** Binds {@code values} from parameter {@code first} on; returns the next parameter index. */
  static int bind(PreparedStatement statement, int first, List<?> values, Dialect dialect)
      throws SQLException {
    int index = first;
    for (Object value : values) {
      set(statement, index++, value, dialect);
    }
    return index;
  }

  /** Binds one value; instants as the dialect keeps them. */
  static void set(PreparedStatement statement, int index, @Nullable Object value, Dialect dialect)
      throws SQLException {
    statement.setObject(index, value instanceof Instant instant ? dialect.instant(instant) : value);
  }

  /** {@code list} cut into consecutive pieces of at most {@code size}. */
  static <T> List<List<T>> chunks(List<T> list, int size) {
    List<List<T>> chunks = new ArrayList<>();
    for (int from = 0; from < list.size(); from += size) {
      chunks.add(list.subList(from, Math.min(list.size(), from + size)));
    }
    return chunks;
  }
}
