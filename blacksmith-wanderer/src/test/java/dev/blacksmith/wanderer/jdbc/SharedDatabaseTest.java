package dev.blacksmith.wanderer.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blacksmith.spi.store.Query;
import dev.blacksmith.spi.wanderer.MigrationRecord;
import dev.blacksmith.spi.wanderer.NewMigration;
import dev.blacksmith.spi.wanderer.Scope;
import dev.blacksmith.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wanderer lives in the store's database by default: its tables and its Flyway history never
 * meet the store's, whichever of the two creates the file (see {@code WanderersTest}).
 */
class SharedDatabaseTest {

  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

  @TempDir Path dir;

  @Test
  void the_wanderer_joins_a_sqlite_file_the_store_created() throws SQLException {
    String url = "sqlite:" + dir.resolve("blacksmith.db");
    try (JdbcStore store = JdbcStore.open(url)) {
      store.migrate();
    }

    try (JdbcWanderer wanderer = JdbcWanderer.open(url)) {
      wanderer.migrate();
      acknowledgeOne(wanderer);
    }
    try (JdbcStore store = JdbcStore.open(url)) {
      store.migrate();
      assertThat(store.findEvents(Query.all()).count()).isZero();
    }

    assertThat(tables(url))
        .contains(
            "events",
            "jobs",
            "transitions",
            "flyway_schema_history",
            "wanderer_migrations",
            "wanderer_transitions",
            "wanderer_schema_history");
  }

  @Test
  void on_postgres_the_wanderer_keeps_to_its_own_schema_of_the_stores_database()
      throws SQLException {
    PostgresTestDatabase.require();
    PostgresTestDatabase database = new PostgresTestDatabase();
    String storeSchema = database.newSchema();
    String storeUrl = PostgresTestDatabase.url(storeSchema) + "&poolSize=3";
    String wandererSchema = database.newSchema();
    try {
      try (JdbcStore store = JdbcStore.open(storeUrl)) {
        store.migrate();
      }
      String derived = JdbcWanderer.urlForStore(storeUrl);
      assertThat(derived).doesNotContain("schema=").doesNotContain("poolSize");

      try (JdbcWanderer wanderer = JdbcWanderer.open(PostgresTestDatabase.url(wandererSchema))) {
        wanderer.migrate();
        acknowledgeOne(wanderer);
      }

      assertThat(postgresTables(wandererSchema))
          .containsExactlyInAnyOrder("migrations", "transitions", "wanderer_schema_history");
      assertThat(postgresTables(storeSchema)).doesNotContain("migrations");
    } finally {
      database.dropSchemas();
    }
  }

  private static MigrationRecord acknowledgeOne(JdbcWanderer wanderer) {
    return wanderer
        .acknowledge(
            List.of(
                new NewMigration(
                    Scope.destination("warehouse"),
                    "20260101000000",
                    "create_t",
                    NewMigration.checksum("create table t (a int)"))),
            T0)
        .added()
        .get(0);
  }

  private static List<String> tables(String url) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:" + url);
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
      while (rows.next()) {
        names.add(rows.getString(1));
      }
    }
    return names;
  }

  private static List<String> postgresTables(String schema) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection c = PostgresTestDatabase.connect();
        Statement s = c.createStatement();
        ResultSet rows =
            s.executeQuery(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                    + schema
                    + "'")) {
      while (rows.next()) {
        names.add(rows.getString(1));
      }
    }
    return names;
  }
}
