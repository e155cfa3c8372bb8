package dev.blacksmith.modules.sqlike;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Binds JSON values to statement parameters. Values are always bound, never written into the SQL:
 *
 * <ul>
 *   <li>{@code null} binds SQL NULL; booleans bind as booleans (SQLite stores 1 or 0);
 *   <li>whole numbers bind as {@code long}, or as exact decimals beyond its range;
 *   <li>other numbers bind as exact decimals on PostgreSQL and as {@code double} on SQLite;
 *   <li>strings bind as strings; on PostgreSQL they are sent untyped ({@code
 *       stringtype=unspecified}, set unless the URL says otherwise), so the server casts them to
 *       the column's type: a timestamp, a UUID, JSON;
 *   <li>arrays and objects bind as their JSON text, for json and jsonb columns.
 * </ul>
 */
final class Binder {

  private Binder() {}

  /**
   * Binds {@code args} to {@code statement}'s parameters 1 to n.
   *
   * @throws SQLException with SQLSTATE 22023 when the statement has another number of parameters
   *     (SQLite would bind the missing ones as NULL in silence; PostgreSQL's driver reports the
   *     same state)
   */
  static void bind(PreparedStatement statement, List<JsonNode> args, Dialect dialect)
      throws SQLException {
    if (dialect == Dialect.SQLITE) {
      int expected = statement.getParameterMetaData().getParameterCount();
      if (expected != args.size()) {
        throw new SQLException(
            "the statement has "
                + expected
                + " parameter"
                + (expected == 1 ? "" : "s")
                + " but "
                + args.size()
                + " value"
                + (args.size() == 1 ? " was" : "s were")
                + " given",
            "22023");
      }
    }
    for (int i = 0; i < args.size(); i++) {
      bind(statement, i + 1, args.get(i), dialect);
    }
  }

  private static void bind(PreparedStatement statement, int index, JsonNode value, Dialect dialect)
      throws SQLException {
    if (value == null || value.isNull() || value.isMissingNode()) {
      statement.setNull(index, Types.NULL);
    } else if (value.isBoolean()) {
      statement.setBoolean(index, value.booleanValue());
    } else if (value.isIntegralNumber()) {
      if (value.canConvertToLong()) {
        statement.setLong(index, value.longValue());
      } else {
        statement.setBigDecimal(index, new BigDecimal(value.bigIntegerValue()));
      }
    } else if (value.isNumber()) {
      if (dialect == Dialect.SQLITE) {
        statement.setDouble(index, value.doubleValue());
      } else {
        statement.setBigDecimal(index, value.decimalValue());
      }
    } else if (value.isString()) {
      statement.setString(index, value.stringValue());
    } else if (value.isContainer()) {
      statement.setString(index, value.toString());
    } else {
      // Binary and POJO nodes never come out of JSON text; bind their text form all the same.
      statement.setString(index, value.asString());
    }
  }
}
