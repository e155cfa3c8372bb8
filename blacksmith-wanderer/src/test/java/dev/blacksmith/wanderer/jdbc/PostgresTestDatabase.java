package dev.blacksmith.wanderer.jdbc;

import static org.assertj.core.api.Assertions.fail;

import dev.blacksmith.spi.jdbc.PostgresUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;

/**
 * The machine's PostgreSQL for tests: {@code postgres://postgres@127.0.0.1:5432/test}, or the URL
 * in {@code BLACKSMITH_TEST_POSTGRES_URL}, with schemas named {@code wanderer_test_*} so tests of
 * other modules never meet these. When it is unreachable, tests fail if {@code CI=true} and are
 * skipped with a message otherwise.
 */
public final class PostgresTestDatabase {

  public static final String URL =
      System.getenv()
          .getOrDefault("BLACKSMITH_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test");

  private final List<String> schemas = new CopyOnWriteArrayList<>();

  /** Fails (on CI) or skips the calling tests when the database cannot be reached. */
  public static void require() {
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

  /** A name for a schema nobody uses yet; {@link #dropSchemas()} removes it. */
  public String newSchema() {
    String schema =
        "wanderer_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    schemas.add(schema);
    return schema;
  }

  /** The URL of the test database with {@code ?schema=schema}. */
  public static String url(String schema) {
    return URL + (URL.contains("?") ? "&" : "?") + "schema=" + schema;
  }

  /** A plain connection to the test database. */
  public static Connection connect() throws SQLException {
    WandererUrls.Postgres parsed = WandererUrls.postgres(URL);
    Properties properties = parsed.properties();
    properties.remove("currentSchema");
    properties.setProperty("connectTimeout", "5");
    return DriverManager.getConnection(parsed.jdbcUrl(), properties);
  }

  /** Drops every schema this instance named. */
  public void dropSchemas() throws SQLException {
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      for (String schema : schemas) {
        st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
    schemas.clear();
  }
}
