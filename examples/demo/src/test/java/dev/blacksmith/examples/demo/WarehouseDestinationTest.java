package dev.blacksmith.examples.demo;

import static dev.blacksmith.examples.demo.TestQueues.TOOLKIT;
import static dev.blacksmith.examples.demo.TestQueues.event;
import static dev.blacksmith.examples.demo.TestQueues.queueOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blacksmith.destination.Then;
import dev.blacksmith.store.Queue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarehouseDestinationTest {

  @TempDir Path dir;

  private List<Then> load(WarehouseDestination warehouse, Queue queue) throws Exception {
    TestQueues.Thens thens = new TestQueues.Thens();
    warehouse.actions().get("insert").load(TOOLKIT, queue, thens::send);
    return thens.reported;
  }

  private static List<List<String>> rows(Path db) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT job_id, event_id, created_at, sent_at, context, data"
                    + " FROM events ORDER BY job_id")) {
      List<List<String>> rows = new ArrayList<>();
      while (r.next()) {
        rows.add(
            List.of(
                r.getString(1),
                r.getString(2),
                r.getString(3),
                r.getString(4),
                r.getString(5),
                r.getString(6)));
      }
      return rows;
    }
  }

  @Test
  void init_creates_the_database_its_directory_and_the_table() throws Exception {
    Path db = dir.resolve("data/warehouse.db");
    new WarehouseDestination(db).init(TOOLKIT);

    assertThat(db).isRegularFile();
    assertThat(rows(db)).isEmpty();
  }

  @Test
  void queue_is_inserted_as_one_row_per_job() throws Exception {
    Path db = dir.resolve("warehouse.db");
    WarehouseDestination warehouse = new WarehouseDestination(db);
    warehouse.init(TOOLKIT);

    List<Then> thens =
        load(warehouse, queueOf(event("e1", "{\"n\":1}", "j1", "j2"), event("e2", "[]", "j3")));

    assertThat(thens).containsExactly(Then.succeeded());
    assertThat(rows(db))
        .containsExactly(
            List.of(
                "j1",
                "e1",
                "2025-03-01T10:00:00Z",
                "2025-03-01T09:59:58Z",
                TestQueues.CONTEXT,
                "{\"n\":1}"),
            List.of(
                "j2",
                "e1",
                "2025-03-01T10:00:00Z",
                "2025-03-01T09:59:58Z",
                TestQueues.CONTEXT,
                "{\"n\":1}"),
            List.of(
                "j3",
                "e2",
                "2025-03-01T10:00:00Z",
                "2025-03-01T09:59:58Z",
                TestQueues.CONTEXT,
                "[]"));
  }

  @Test
  void replaying_a_queue_inserts_nothing_twice_and_succeeds() throws Exception {
    Path db = dir.resolve("warehouse.db");
    WarehouseDestination warehouse = new WarehouseDestination(db);
    warehouse.init(TOOLKIT);
    Queue queue = queueOf(event("e1", "{}", "j1", "j2"));
    load(warehouse, queue);

    List<Then> replay = load(warehouse, queueOf(event("e1", "{}", "j1", "j2", "j3")));

    assertThat(replay).containsExactly(Then.succeeded());
    assertThat(rows(db)).extracting(row -> row.get(0)).containsExactly("j1", "j2", "j3");
  }

  @Test
  void a_row_the_table_refuses_fails_the_queue_and_none_of_its_rows_are_inserted()
      throws Exception {
    Path db = dir.resolve("warehouse.db");
    WarehouseDestination warehouse = new WarehouseDestination(db);
    warehouse.init(TOOLKIT);

    // The second event's data is not JSON: the table's CHECK refuses it after j1 was inserted.
    List<Then> thens =
        load(warehouse, queueOf(event("e1", "{}", "j1"), event("e2", "{not json", "j2")));

    assertThat(thens)
        .singleElement()
        .satisfies(then -> {
          assertThat(then.isForWholeQueue()).isTrue();
          assertThat(then.error()).isInstanceOf(SQLException.class).hasMessageContaining("CHECK");
        });
    assertThat(rows(db)).as("one transaction: j1 rolled back too").isEmpty();
  }

  @Test
  void load_into_a_path_that_is_not_a_database_fails_the_queue() throws Exception {
    Path notADatabase = dir.resolve("warehouse.db");
    Files.writeString(notADatabase, "this is not a SQLite file, it is plain text".repeat(100));
    WarehouseDestination warehouse = new WarehouseDestination(notADatabase);

    List<Then> thens = load(warehouse, queueOf(event("e1", "{}", "j1")));

    assertThat(thens)
        .singleElement()
        .satisfies(then -> assertThat(then.error()).isInstanceOf(SQLException.class));
  }

  @Test
  void init_fails_when_the_directory_cannot_be_created() throws Exception {
    Path aFile = Files.writeString(dir.resolve("file"), "");
    WarehouseDestination warehouse = new WarehouseDestination(aFile.resolve("warehouse.db"));

    assertThatThrownBy(() -> warehouse.init(TOOLKIT))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageStartingWith("cannot create the directory of " + aFile.resolve("warehouse.db"));
  }
}
