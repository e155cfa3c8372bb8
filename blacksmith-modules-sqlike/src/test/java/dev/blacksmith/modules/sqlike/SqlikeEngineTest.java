package dev.blacksmith.modules.sqlike;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blacksmith.destination.Actions;
import dev.blacksmith.destination.Schedule;
import dev.blacksmith.engine.Accepted;
import dev.blacksmith.engine.Blacksmith;
import dev.blacksmith.engine.Options;
import dev.blacksmith.source.Event;
import dev.blacksmith.source.HttpRequest;
import dev.blacksmith.source.HttpTrigger;
import dev.blacksmith.source.Route;
import dev.blacksmith.source.Source;
import dev.blacksmith.source.Toolkit;
import dev.blacksmith.source.Trigger;
import dev.blacksmith.store.Status;
import dev.blacksmith.wanderer.Direction;
import dev.blacksmith.wanderer.Migration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The whole path: an event in through the gateway, jobs in the store, rows in the warehouse. */
class SqlikeEngineTest {

  @TempDir Path dir;

  /** Source {@code app} whose events are built by the test and ingested directly. */
  static final class App implements Source {
    @Override
    public String name() {
      return "app";
    }

    @Override
    public Map<String, Trigger> triggers() {
      return Map.of(
          "track",
          new HttpTrigger() {
            @Override
            public String name() {
              return "track";
            }

            @Override
            public Route route() {
              return Route.post("/app/track");
            }

            @Override
            public Event extract(Toolkit toolkit, HttpRequest request) {
              return Event.builder().build();
            }
          });
    }
  }

  @Test
  void an_event_becomes_jobs_that_become_rows_and_a_bad_action_is_refused_at_the_gateway()
      throws Exception {
    Path warehouseFile = dir.resolve("warehouse.db");
    Path config =
        Files.writeString(
            dir.resolve("warehouse.yml"),
            """
            name: warehouse
            url: jdbc:sqlite:%s
            operations: classpath:sqlike-test/operations
            migrations: classpath:sqlike-test/migrations
            schedule:
              realtime: true
              interval: "@every 1s"
              max-retries: 2
            """
                .formatted(warehouseFile));
    SqlikeDestination warehouse =
        new SqlikeDestination(
            SqlikeConfig.fromEnvironment(Map.of("BLACKSMITH_SQLIKE_CONFIG", config.toString())));
    migrateUp(warehouse);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + warehouseFile);
        Statement s = c.createStatement()) {
      s.execute("create table log (event text not null, note text)");
    }

    Blacksmith b =
        Blacksmith.create(
            Options.builder()
                .storeUrl("sqlite:" + dir.resolve("store.db"))
                .sweepInterval(Duration.ofMillis(200))
                .source(new App())
                .destination(warehouse)
                .build());
    b.start();
    try {
      Accepted accepted =
          b.gateway()
              .ingest(
                  "app",
                  "track",
                  Event.builder()
                      .data(Map.of("kind", "signup"))
                      .actions(
                          Actions.of(
                              "warehouse",
                              SqlikeDestination.runOperation(
                                  "count_event", Map.of("kind", "signup")),
                              SqlikeDestination.runOperation(
                                  "count_event", Map.of("kind", "signup")),
                              SqlikeDestination.runOperation(
                                  "count_event", Map.of("kind", "login")),
                              SqlikeDestination.runStatements(
                                  SqlStatement.of(
                                      "insert into log (event, note) values (?, ?)", "e1", "hi")),
                              SqlikeDestination.runStatements(
                                  SqlStatement.of("delete from log; delete from counts"))))
                      .build())
              .join();

      assertThat(accepted.jobIds()).hasSize(4);
      assertThat(accepted.rejected())
          .singleElement()
          .satisfies(r -> {
            assertThat(r.destination()).isEqualTo("warehouse");
            assertThat(r.action()).isEqualTo("run-statements");
            assertThat(r.message()).contains("must hold exactly one statement, found 2");
          });
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() ->
              accepted.jobIds().stream()
                  .allMatch(
                      id -> b.store().findJob(id).orElseThrow().status() == Status.SUCCEEDED));
      assertThat(rows(warehouseFile, "select kind || '=' || n from counts order by kind"))
          .containsExactly("login=1", "signup=2");
      assertThat(rows(warehouseFile, "select event || ':' || note from log"))
          .containsExactly("e1:hi");
    } finally {
      b.close();
    }
  }

  @Test
  void an_unknown_operation_is_discarded_by_the_scheduler_with_its_reason() throws Exception {
    SqlikeDestination warehouse =
        new SqlikeDestination(
            SqlikeConfig.builder()
                .name("warehouse")
                .url("jdbc:sqlite:" + dir.resolve("warehouse.db"))
                .operations("classpath:sqlike-test/operations")
                .schedule(Schedule.inRealtime().withInterval("@every 1s"))
                .build());
    Blacksmith b =
        Blacksmith.create(
            Options.builder()
                .storeUrl("sqlite:" + dir.resolve("store.db"))
                .sweepInterval(Duration.ofMillis(200))
                .source(new App())
                .destination(warehouse)
                .build());
    b.start();
    try {
      String id =
          b.gateway()
              .ingest(
                  "app",
                  "track",
                  Event.builder()
                      .actions(
                          Actions.of(
                              "warehouse", SqlikeDestination.runOperation("count_evnet", Map.of())))
                      .build())
              .join()
              .jobIds()
              .get(0);

      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> b.store().findJob(id).orElseThrow().status() == Status.DISCARDED);
      assertThat(b.store().findJob(id).orElseThrow().transition().error())
          .contains("unknown operation 'count_evnet'")
          .contains("count_event")
          .contains(SqlikeException.class.getName());
    } finally {
      b.close();
    }
  }

  /** What the wanderer does: init, every migration up, shutdown. */
  private static void migrateUp(SqlikeDestination d) throws Exception {
    var toolkit = new dev.blacksmith.wanderer.Toolkit(LoggerFactory.getLogger("test"), null);
    d.init(TestQueues.TOOLKIT);
    try {
      for (Migration m : d.migrations()) {
        d.migrate(toolkit, m, Direction.UP);
      }
    } finally {
      d.shutdown(TestQueues.TOOLKIT);
    }
  }

  private static List<String> rows(Path file, String query) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
