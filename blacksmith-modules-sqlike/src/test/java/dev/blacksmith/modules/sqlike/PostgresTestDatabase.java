package dev.blacksmith.modules.sqlike;

import static org.assertj.core.api.Assertions.fail;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * The machine's PostgreSQL for tests: {@code postgres://postgres@127.0.0.1:5432/test}, or the URL
 * in {@code BLACKSMITH_TEST_POSTGRES_URL} (that form, or {@code jdbc:postgresql://...}). When it is
 * unreachable, tests fail if {@code CI=true} and are skipped with a message otherwise. Each test
 * works in a schema of its own, {@code sqlike_test_<random>}, dropped afterwards.
 */
final class PostgresTestDatabase {

  private static final String URL =
      System.getenv()
          .getOrDefault("BLACKSMITH_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test");

  final String jdbcUrl;
  final @Nullable String user;
  final @Nullable String password;

  private PostgresTestDatabase(String jdbcUrl, @Nullable String user, @Nullable String password) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
  }

  static PostgresTestDatabase fromEnvironment() {
    if (URL.startsWith("jdbc:")) {
      return new PostgresTestDatabase(URL, null, null);
    }
    URI uri = URI.create(URL);
    String user = null;
    String password = null;
    if (uri.getRawUserInfo() != null) {
      String[] info = uri.getRawUserInfo().split(":", 2);
      user = URLDecoder.decode(info[0], StandardCharsets.UTF_8);
      password = info.length > 1 ? URLDecoder.decode(info[1], StandardCharsets.UTF_8) : null;
    }
    int port = uri.getPort() < 0 ? 5432 : uri.getPort();
    return new PostgresTestDatabase(
        "jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getRawPath(), user, password);
  }

  /** Fails (on CI) or skips the calling test when the database cannot be reached. */
  void require() {
    try (Connection c = connect(null)) {
      c.isValid(5);
    } catch (SQLException e) {
      String message =
          "PostgreSQL is not reachable at "
              + jdbcUrl
              + " ("
              + e.getMessage()
              + "); start it or set BLACKSMITH_TEST_POSTGRES_URL";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message);
      }
      Assumptions.abort(message + "; skipping (CI=true makes this a failure)");
    }
  }

  /** A new schema of this test's own. */
  String createSchema() throws SQLException {
    String schema = "sqlike_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    execute(null, "create schema " + schema);
    return schema;
  }

  void dropSchema(String schema) throws SQLException {
    execute(null, "drop schema if exists " + schema + " cascade");
  }

  /** The JDBC URL of {@code schema}. */
  String url(String schema) {
    return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /** A plain connection, with {@code schema} as its search path when given. */
  Connection connect(@Nullable String schema) throws SQLException {
    Properties p = new Properties();
    if (user != null) {
      p.setProperty("user", user);
    }
    if (password != null) {
      p.setProperty("password", password);
    }
    p.setProperty("connectTimeout", "5");
    return DriverManager.getConnection(schema == null ? jdbcUrl : url(schema), p);
  }

  private void execute(@Nullable String schema, String sql) throws SQLException {
    try (Connection c = connect(schema);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
