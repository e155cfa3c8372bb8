package dev.blacksmith.store.jdbc;

import static org.assertj.core.api.Assertions.fail;

import dev.blacksmith.spi.jdbc.PostgresUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;

/**
 * The machine's PostgreSQL for tests: {@code postgres://postgres@127.0.0.1:5432/test}, or the URL
 * in {@code BLACKSMITH_TEST_POSTGRES_URL}. When it is unreachable, tests fail if {@code CI=true}
 * and are skipped with a message otherwise. Each test class works in its own schema.
 */
final class PostgresTestDatabase {

  static final String URL =
      System.getenv()
          .getOrDefault("BLACKSMITH_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test");

  private PostgresTestDatabase() {}

  /** Fails (on CI) or skips the calling tests when the database cannot be reached. */
  static void require() {
    try (Connection c = connect()) {
      c.isValid(5);
    } catch (SQLException e) {
      String message =
          "PostgreSQL is not reachable at "
              + PostgresUrl.redact(URL)
              + " ("
              + e.getMessage()
              + "); start it or set BLACKSMITH_TEST_POSTGRES_URL";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message);
      }
      Assumptions.abort(message + "; skipping (CI=true makes this a failure)");
    }
  }

  /** The store URL of {@code schema} with {@code options} ({@code "k=v&..."}, may be empty). */
  static String url(String schema, String options) {
    return URL
        + (URL.contains("?") ? "&" : "?")
        + "schema="
        + schema
        + (options.isEmpty() ? "" : "&" + options);
  }

  static String url(String schema) {
    return url(schema, "");
  }

  /** A plain connection to the database, outside any store. */
  static Connection connect() throws SQLException {
    PostgresStoreUrl parsed = PostgresStoreUrl.parse(URL);
    Properties properties = parsed.properties();
    properties.setProperty("connectTimeout", "5");
    return DriverManager.getConnection(parsed.jdbcUrl(), properties);
  }

  static void dropSchema(String schema) {
    execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }

  static void execute(String sql) {
    try (Connection c = connect();
        Statement statement = c.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
    }
  }
}
