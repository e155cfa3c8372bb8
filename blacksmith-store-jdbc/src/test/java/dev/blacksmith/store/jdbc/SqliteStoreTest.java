package dev.blacksmith.store.jdbc;

import static dev.blacksmith.testkit.store.StoreFixtures.T0;
import static dev.blacksmith.testkit.store.StoreFixtures.anEvent;
import static dev.blacksmith.testkit.store.StoreFixtures.claim;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blacksmith.spi.store.NewEvent;
import dev.blacksmith.spi.store.Query;
import dev.blacksmith.store.Queue;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the SQLite backend adds to the conformance suite: its settings, schema and locking. */
class SqliteStoreTest {

  @TempDir Path dir;

  // Own threads: the common pool has a single thread on two cores.
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final List<JdbcStore> stores = new ArrayList<>();
  private JdbcStore store;

  @BeforeEach
  void open() {
    store = open(dir.resolve("store.db"));
  }

  @AfterEach
  void close() {
    threads.shutdownNow();
    stores.forEach(JdbcStore::close);
  }

  @Test
  void every_connection_is_durable_wal_with_foreign_keys_and_a_busy_timeout() throws Exception {
    List<String> writer = store.database().write(SqliteStoreTest::pragmas);
    List<String> reader = store.database().read(SqliteStoreTest::pragmas);

    // synchronous FULL is 2: every commit is on disk before it returns.
    assertThat(writer).containsExactly("wal", "2", "1", "10000");
    assertThat(reader).isEqualTo(writer);
    assertThat(store.name()).isEqualTo("sqlite");
  }

  @Test
  void readers_are_query_only() {
    assertThatThrownBy(() -> store.database().read(c -> update(c, "DELETE FROM events")))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("readonly");
  }

  @Test
  void migrations_are_versioned_and_run_again_without_changes() throws Exception {
    NewEvent event = anEvent().withJobs(1).build();
    store.insert(List.of(event), T0);

    store.migrate();
    JdbcStore second = open(dir.resolve("store.db"));

    List<String> history =
        second
            .database()
            .read(c ->
                strings(
                    c,
                    "SELECT version || ' ' || description || ' ' || success"
                        + " FROM flyway_schema_history WHERE version IS NOT NULL"
                        + " ORDER BY installed_rank"));
    assertThat(history).containsExactly("1 init 1", "2 purge indexes 1");
    assertThat(second.findEvent(event.id())).isPresent();
    List<String> tables =
        second
            .database()
            .read(c ->
                strings(
                    c,
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                        + " AND name IN ('events', 'jobs', 'transitions') ORDER BY name"));
    assertThat(tables).containsExactly("events", "jobs", "transitions");
  }

  @Test
  void a_file_that_already_holds_other_tables_gets_the_store_migrated_beside_them()
      throws Exception {
    Path shared = dir.resolve("shared.db");
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + shared);
        java.sql.Statement s = c.createStatement()) {
      s.execute("CREATE TABLE wanderer_migrations (id TEXT PRIMARY KEY)");
    }

    JdbcStore sharing = open(shared);
    NewEvent event = anEvent().withJobs(1).build();
    sharing.insert(List.of(event), T0);

    assertThat(sharing.findEvent(event.id())).isPresent();
    List<String> tables =
        sharing
            .database()
            .read(c ->
                strings(
                    c,
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                        + " AND name IN ('events', 'wanderer_migrations') ORDER BY name"));
    assertThat(tables).containsExactly("events", "wanderer_migrations");
  }

  @Test
  void claim_finds_due_jobs_through_the_claimable_index() throws Exception {
    List<String> plan =
        store
            .database()
            .read(c -> {
              try (PreparedStatement statement =
                  c.prepareStatement("EXPLAIN QUERY PLAN " + PortableWrites.CLAIM_SQL)) {
                statement.setString(1, "webhook");
                statement.setString(2, "post");
                statement.setLong(3, 0);
                statement.setInt(4, 10);
                List<String> details = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery()) {
                  while (rs.next()) {
                    details.add(rs.getString("detail"));
                  }
                }
                return details;
              }
            });

    assertThat(plan).anyMatch(step -> step.contains("USING INDEX jobs_claimable"));
    assertThat(plan).noneMatch(step -> step.contains("TEMP B-TREE"));
  }

  @Test
  void transitions_cannot_be_rewritten() throws Exception {
    store.insert(List.of(anEvent().withJobs(1).build()), T0);

    assertThatThrownBy(
            () -> store.database().write(c -> update(c, "UPDATE transitions SET error = 'x'")))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("transitions are append-only");
    List<String> errors = store.database().read(c -> strings(c, "SELECT error FROM transitions"));
    assertThat(errors).containsOnlyNulls();
  }

  @Test
  void reads_do_not_wait_for_a_writer() throws Exception {
    store.insert(List.of(anEvent().withJobs(2).build()), T0);
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () -> {
              try {
                store
                    .database()
                    .write(c -> {
                      update(c, "UPDATE jobs SET data = '{}'");
                      writing.countDown();
                      try {
                        return finish.await(30, TimeUnit.SECONDS);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new SQLException(e);
                      }
                    });
              } catch (SQLException e) {
                throw new IllegalStateException(e);
              }
            },
            threads);
    try {
      assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();

      long count =
          CompletableFuture.supplyAsync(() -> store.findJobs(Query.all()).count(), threads)
              .get(5, TimeUnit.SECONDS);

      assertThat(count).isEqualTo(2);
      // The reader sees the last commit, not the write in progress.
      assertThat(store.findJobs(Query.all()).items())
          .allSatisfy(job -> assertThat(job.data()).isNotEqualTo("{}"));
    } finally {
      finish.countDown();
      writer.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void an_idle_store_holds_no_lock_so_another_process_can_write() throws Exception {
    JdbcStore other = open(dir.resolve("store.db"));
    store.insert(List.of(anEvent().withJobs(1).build()), T0);

    // With the file lock held between transactions this would wait out the busy timeout.
    CompletableFuture.runAsync(
            () -> other.insert(List.of(anEvent().withJobs(1).build()), T0), threads)
        .get(5, TimeUnit.SECONDS);
    int claimed =
        CompletableFuture.supplyAsync(() -> other.claim(claim("other", T0, 10)).size(), threads)
            .get(5, TimeUnit.SECONDS);

    assertThat(claimed).isEqualTo(2);
    assertThat(store.claim(claim("first", T0, 10)).isEmpty()).isTrue();
  }

  @Test
  void claimers_on_two_stores_sharing_a_file_never_get_the_same_job() throws Exception {
    JdbcStore other = open(dir.resolve("store.db"));
    List<NewEvent> events = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      events.add(anEvent().withJobs(4).build());
    }
    store.insert(events, T0);
    ConcurrentLinkedQueue<String> claimed = new ConcurrentLinkedQueue<>();
    List<Future<?>> claimers = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      JdbcStore on = i % 2 == 0 ? store : other;
      String owner = "claimer-" + i;
      claimers.add(
          threads.submit(() -> {
            while (true) {
              Queue queue = on.claim(claim(owner, T0, 9));
              if (queue.isEmpty()) {
                return null;
              }
              queue.jobs().forEach(job -> claimed.add(job.id()));
            }
          }));
    }
    for (Future<?> claimer : claimers) {
      claimer.get(60, TimeUnit.SECONDS);
    }

    assertThat(claimed).hasSize(600).doesNotHaveDuplicates();
  }

  @Test
  void the_embedded_store_carries_no_notifications() {
    assertThat(store.notifications()).isEmpty();
  }

  @Test
  void a_closed_store_refuses_work_with_a_clear_error() {
    store.close();

    assertThatThrownBy(() -> store.findJobs(Query.all()))
        .hasMessageContaining("store.db is closed");
    assertThatThrownBy(() -> store.insert(List.of(anEvent().build()), T0))
        .hasMessageContaining("is closed");
  }

  private JdbcStore open(Path file) {
    JdbcStore opened = JdbcStore.open("sqlite:" + file);
    opened.migrate();
    stores.add(opened);
    return opened;
  }

  private static List<String> pragmas(Connection c) throws SQLException {
    List<String> values = new ArrayList<>();
    for (String pragma : List.of("journal_mode", "synchronous", "foreign_keys", "busy_timeout")) {
      values.addAll(strings(c, "PRAGMA " + pragma));
    }
    return values;
  }

  private static List<String> strings(Connection c, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Statement statement = c.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }

  private static int update(Connection c, String sql) throws SQLException {
    try (Statement statement = c.createStatement()) {
      return statement.executeUpdate(sql);
    }
  }
}
