package dev.blacksmith.supervisor.postgres;

import dev.blacksmith.spi.jdbc.PostgresUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The machine's PostgreSQL ({@code BLACKSMITH_TEST_POSTGRES_URL}, default {@code
 * postgres://postgres@127.0.0.1:5432/test}), with a fresh schema per use. When it cannot be reached
 * tests fail under {@code CI=true} and are skipped, saying why, otherwise.
 */
final class TestDatabase {

  static final String URL =
      System.getenv()
          .getOrDefault("BLACKSMITH_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test");

  private final List<String> schemas = new CopyOnWriteArrayList<>();

  /** Fails (CI) or skips the calling tests when PostgreSQL does not answer. */
  static void requireReachable() {
    try (Connection c = connect()) {
      c.isValid(5);
    } catch (SQLException e) {
      String message =
          "PostgreSQL is not reachable at "
              + PostgresUrl.redact(URL)
              + " ("
              + e.getMessage()
              + "); start it, or set BLACKSMITH_TEST_POSTGRES_URL";
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail(message, e);
      }
      Assumptions.abort(message + "; skipping");
    }
  }

  static Connection connect() throws SQLException {
    SupervisorUrl url = SupervisorUrl.parse(URL);
    Properties props = new Properties();
    if (url.user() != null) {
      props.setProperty("user", url.user());
    }
    if (url.password() != null) {
      props.setProperty("password", url.password());
    }
    props.setProperty("connectTimeout", "5");
    return DriverManager.getConnection(url.jdbcUrl(), props);
  }

  /** The database's clock. */
  static Instant now() throws SQLException {
    try (Connection c = connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT clock_timestamp()")) {
      rs.next();
      return rs.getObject(1, OffsetDateTime.class).toInstant();
    }
  }

  /** A name for a schema nobody uses yet; {@link #dropSchemas()} removes it. */
  String newSchema() {
    String schema =
        "supervisor_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    schemas.add(schema);
    return schema;
  }

  /** The supervisor URL for {@code schema}. */
  static String url(String schema) {
    return URL + (URL.contains("?") ? "&" : "?") + "schema=" + schema;
  }

  void dropSchemas() throws SQLException {
    if (schemas.isEmpty()) {
      return;
    }
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      for (String schema : schemas) {
        st.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
      }
    }
    schemas.clear();
  }
}
