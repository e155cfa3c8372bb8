package dev.blacksmith.it;

import static org.assertj.core.api.Assertions.fail;

import java.net.URI;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL database the tests point the processes at, and read back with plain JDBC: the
 * store's tables (schema {@code <schema>}) and the ledger's ({@code <schema>_ledger}).
 *
 * @param host the server's host
 * @param port its port
 * @param name the database
 * @param user a user that may create schemas, without password (trust authentication)
 */
record Database(String host, int port, String name, String user) {

  /**
   * The machine's PostgreSQL: {@code postgres://postgres@127.0.0.1:5432/test}, or the URL in {@code
   * BLACKSMITH_TEST_POSTGRES_URL} (same form).
   */
  static Database machine() {
    URI uri =
        URI.create(
            System.getenv()
                .getOrDefault(
                    "BLACKSMITH_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test"));
    return new Database(
        uri.getHost(),
        uri.getPort() < 0 ? 5432 : uri.getPort(),
        uri.getPath().substring(1),
        uri.getUserInfo() == null ? "postgres" : uri.getUserInfo());
  }

  /**
   * Fails the calling test when this database cannot be reached and {@code CI=true}; skips it with
   * a message otherwise.
   */
  void require() {
    try (Connection c = connect()) {
      c.isValid(5);
    } catch (SQLException e) {
      String message =
          "PostgreSQL is not reachable at "
              + host
              + ":"
              + port
              + "/"
              + name
              + " ("
              + e.getMessage()
              + "); start it or set BLACKSMITH_TEST_POSTGRES_URL";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message);
      }
      Assumptions.abort(message + "; skipping (CI=true makes this a failure)");
    }
  }

  /** The store URL of {@code schema}, as {@code blacksmith start --store-url} takes it. */
  String storeUrl(String schema) {
    return "postgres://" + user + "@" + host + ":" + port + "/" + name + "?schema=" + schema;
  }

  /** The JDBC URL the test application's ledger connects with. */
  String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + name + "?user=" + user;
  }

  Connection connect() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("connectTimeout", "5");
    return DriverManager.getConnection(
        "jdbc:postgresql://" + host + ":" + port + "/" + name, properties);
  }

  /** Drops the store's and the ledger's schemas of {@code schema}, if they exist. */
  void dropSchemas(String schema) throws SQLException {
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      st.execute("DROP SCHEMA IF EXISTS " + schema + "_ledger CASCADE");
    }
  }

  /** Rows of {@code sql} with {@code params}, each row's columns as strings. */
  List<List<String>> query(String sql, Object... params) throws SQLException {
    try (Connection c = connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        Object p = params[i];
        if (p instanceof Collection<?> values) {
          Array array = c.createArrayOf("text", values.stream().map(String::valueOf).toArray());
          ps.setArray(i + 1, array);
        } else {
          ps.setObject(i + 1, p);
        }
      }
      List<List<String>> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          List<String> row = new ArrayList<>(columns);
          for (int col = 1; col <= columns; col++) {
            row.add(rs.getString(col));
          }
          rows.add(row);
        }
      }
      return rows;
    }
  }

  /** The single number {@code sql} selects. */
  long number(String sql, Object... params) throws SQLException {
    return Long.parseLong(query(sql, params).getFirst().getFirst());
  }

  /** Two columns of {@code sql} as a map, first to second. */
  Map<String, String> map(String sql, Object... params) throws SQLException {
    Map<String, String> map = new HashMap<>();
    for (List<String> row : query(sql, params)) {
      map.put(row.get(0), row.get(1));
    }
    return map;
  }
}
