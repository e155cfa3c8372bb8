package dev.blacksmith.store.jdbc;

import static dev.blacksmith.testkit.store.StoreFixtures.T0;
import static dev.blacksmith.testkit.store.StoreFixtures.anEvent;
import static dev.blacksmith.testkit.store.StoreFixtures.claim;
import static dev.blacksmith.testkit.store.StoreFixtures.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blacksmith.spi.store.NewEvent;
import dev.blacksmith.spi.store.Query;
import dev.blacksmith.spi.store.StoreException;
import dev.blacksmith.store.Job;
import dev.blacksmith.store.Queue;
import dev.blacksmith.store.Status;
import dev.blacksmith.store.Transition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the PostgreSQL backend adds to the conformance suite: URLs, schema, locking, recovery. */
class PostgresStoreTest {

  private static final String SCHEMA = "blacksmith_pg_test";
  private static final Duration LEASE = Duration.ofMinutes(1);

  private final List<JdbcStore> stores = new ArrayList<>();
  private final ExecutorService threads = Executors.newFixedThreadPool(16);
  private JdbcStore store;

  @BeforeAll
  static void database() {
    PostgresTestDatabase.require();
  }

  @BeforeEach
  void open() {
    PostgresTestDatabase.dropSchema(SCHEMA);
    store = open(PostgresTestDatabase.url(SCHEMA));
  }

  @AfterEach
  void close() {
    threads.shutdownNow();
    stores.forEach(JdbcStore::close);
    PostgresTestDatabase.dropSchema(SCHEMA);
  }

  @Test
  void every_url_form_opens_the_same_store() {
    NewEvent event = anEvent().withJobs(1).build();
    store.insert(List.of(event), T0);
    PostgresStoreUrl base = PostgresStoreUrl.parse(PostgresTestDatabase.URL);
    String jdbc =
        base.jdbcUrl()
            + (base.jdbcUrl().contains("?") ? "&" : "?")
            + "user="
            + base.user()
            + "&schema="
            + SCHEMA;
    String postgresql =
        PostgresTestDatabase.url(SCHEMA).replaceFirst("^postgres(ql)?://", "postgresql://");
    String postgres =
        PostgresTestDatabase.url(SCHEMA).replaceFirst("^postgres(ql)?://", "postgres://");

    for (String url : List.of(jdbc, postgresql, postgres)) {
      JdbcStore other = open(url);
      assertThat(other.name()).isEqualTo("postgres");
      assertThat(other.findEvent(event.id())).as(url).isPresent();
    }
  }

  @Test
  void query_options_reach_the_driver_and_the_schema_is_the_search_path() throws Exception {
    JdbcStore named =
        open(PostgresTestDatabase.url(SCHEMA, "ApplicationName=blacksmith-options-test"));

    List<String> settings =
        named
            .database()
            .read(c -> strings(c, "SELECT current_setting('application_name'), current_schema()"));

    assertThat(settings).containsExactly("blacksmith-options-test", SCHEMA);
  }

  @Test
  void the_schema_has_jsonb_and_timestamptz_columns_and_a_versioned_migration_history()
      throws Exception {
    store.migrate();

    List<String> columns =
        store
            .database()
            .read(c ->
                strings(
                    c,
                    "SELECT table_name || '.' || column_name || ' ' || data_type"
                        + " FROM information_schema.columns WHERE table_schema = '"
                        + SCHEMA
                        + "' AND table_name IN ('events', 'jobs', 'transitions')"
                        + " AND (data_type LIKE 'json%' OR data_type LIKE 'timestamp%')"
                        + " ORDER BY 1"));
    List<String> history =
        store
            .database()
            .read(c ->
                strings(
                    c,
                    "SELECT version || ' ' || description || ' ' || success"
                        + " FROM flyway_schema_history WHERE version IS NOT NULL"
                        + " ORDER BY installed_rank"));

    assertThat(columns)
        .containsExactly(
            "events.context jsonb",
            "events.data jsonb",
            "events.ingested_at timestamp with time zone",
            "events.received_at timestamp with time zone",
            "events.sent_at timestamp with time zone",
            "jobs.context jsonb",
            "jobs.created_at timestamp with time zone",
            "jobs.data jsonb",
            "jobs.error jsonb",
            "jobs.lease_until timestamp with time zone",
            "jobs.next_at timestamp with time zone",
            "jobs.transitioned_at timestamp with time zone",
            "transitions.created_at timestamp with time zone",
            "transitions.error jsonb");
    assertThat(history).containsExactly("1 init true");
  }

  @Test
  void two_stores_migrating_a_new_schema_at_once_both_succeed() throws Exception {
    String fresh = SCHEMA + "_fresh";
    PostgresTestDatabase.dropSchema(fresh);
    try {
      JdbcStore first = register(JdbcStore.open(PostgresTestDatabase.url(fresh)));
      JdbcStore second = register(JdbcStore.open(PostgresTestDatabase.url(fresh)));
      CountDownLatch go = new CountDownLatch(1);
      Future<?> a = threads.submit(() -> migrateAfter(go, first));
      Future<?> b = threads.submit(() -> migrateAfter(go, second));
      go.countDown();
      a.get(60, TimeUnit.SECONDS);
      b.get(60, TimeUnit.SECONDS);

      NewEvent event = anEvent().withJobs(1).build();
      first.insert(List.of(event), T0);
      assertThat(second.findEvent(event.id())).isPresent();
    } finally {
      PostgresTestDatabase.dropSchema(fresh);
    }
  }

  @Test
  void a_store_with_a_pool_of_one_connection_migrates_and_works() {
    PostgresTestDatabase.dropSchema(SCHEMA);
    JdbcStore single = open(PostgresTestDatabase.url(SCHEMA, "poolSize=1"));
    NewEvent event = anEvent().withJobs(2).build();

    single.insert(List.of(event), T0);

    assertThat(single.claimAndStart(claim("owner", T0, 10)).size()).isEqualTo(2);
    assertThat(single.findEvent(event.id())).isPresent();
  }

  @Test
  void json_is_stored_as_jsonb_that_sql_can_query() throws Exception {
    NewEvent event = anEvent().data("{\"user\":{\"id\":42},\"plan\":\"pro\"}").withJobs(1).build();
    store.insert(List.of(event), T0);

    List<String> values =
        store
            .database()
            .read(c ->
                strings(
                    c,
                    "SELECT (data -> 'user' ->> 'id') || ' ' || (data ->> 'plan') FROM events"
                        + " WHERE data @> '{\"plan\": \"pro\"}'"));

    assertThat(values).containsExactly("42 pro");
  }

  @Test
  void json_that_postgres_cannot_hold_is_refused_and_nothing_is_stored() {
    // jsonb has no NUL character; the text escape is valid JSON all the same.
    NewEvent event = anEvent().data("{\"text\":\"a\\u0000b\"}").withJobs(1).build();

    assertThatThrownBy(() -> store.insert(List.of(event), T0))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("insert of 1 events failed")
        .hasMessageContaining("\\u0000");
    assertThat(store.findEvents(Query.all()).count()).isZero();
  }

  @Test
  void claims_find_due_jobs_through_the_claimable_index_in_order() throws Exception {
    List<String> plan =
        store
            .database()
            .write(c -> {
              try (Statement statement = c.createStatement()) {
                statement.execute("SET LOCAL enable_seqscan = off");
              }
              try (PreparedStatement statement =
                  c.prepareStatement("EXPLAIN " + PostgresWrites.DUE_SQL)) {
                statement.setString(1, "webhook");
                statement.setString(2, "post");
                statement.setObject(3, PostgresDialect.INSTANCE.instant(T0));
                statement.setInt(4, 100);
                List<String> lines = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery()) {
                  while (rs.next()) {
                    lines.add(rs.getString(1));
                  }
                }
                return lines;
              }
            });

    assertThat(plan).anyMatch(line -> line.contains("Index Scan using jobs_claimable"));
    assertThat(plan).anyMatch(line -> line.contains("LockRows"));
    assertThat(plan).noneMatch(line -> line.contains("Sort"));
  }

  @Test
  void a_claim_stays_linear_in_its_size_under_the_generic_plan() throws Exception {
    List<NewEvent> events = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      events.add(anEvent().withJobs(1).build());
    }
    store.insert(events, T0);
    List<String> plan = new ArrayList<>();
    try (Connection c = PostgresTestDatabase.connect()) {
      c.setAutoCommit(false);
      try (Statement statement = c.createStatement()) {
        statement.execute("SET LOCAL search_path = " + SCHEMA);
        // What a prepared statement gets after a few runs; it knows no array's length.
        statement.execute("SET LOCAL plan_cache_mode = force_generic_plan");
      }
      try (PreparedStatement statement =
          c.prepareStatement("EXPLAIN (ANALYZE, COSTS OFF) " + PostgresWrites.claimSql(true))) {
        String[] claims = new String[500];
        String[] starts = new String[500];
        for (int i = 0; i < claims.length; i++) {
          claims[i] = "claim-" + i;
          starts[i] = "start-" + i;
        }
        Object now = PostgresDialect.INSTANCE.instant(T0);
        Object until = PostgresDialect.INSTANCE.instant(T0.plus(LEASE));
        statement.setString(1, "webhook");
        statement.setString(2, "post");
        statement.setObject(3, now);
        statement.setInt(4, 500);
        statement.setArray(5, c.createArrayOf("text", claims));
        statement.setArray(6, c.createArrayOf("text", starts));
        statement.setObject(7, now);
        statement.setObject(8, until);
        statement.setString(9, "owner");
        statement.setObject(10, until);
        try (ResultSet rs = statement.executeQuery()) {
          while (rs.next()) {
            plan.add(rs.getString(1));
          }
        }
      } finally {
        c.rollback();
      }
    }

    assertThat(plan).anyMatch(line -> line.contains("Update on jobs") && line.contains("rows=500"));
    // No step runs once per claimed row over something as large as the claim.
    assertThat(plan)
        .noneMatch(line -> line.contains("Function Scan") || line.contains("Seq Scan"))
        .noneMatch(line -> line.contains("Nested Loop") && line.contains("Join Filter"));
  }

  @Test
  void transitions_cannot_be_rewritten() throws Exception {
    store.insert(List.of(anEvent().withJobs(1).build()), T0);

    assertThatThrownBy(
            () -> store.database().write(c -> update(c, "UPDATE transitions SET error = NULL")))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("transitions are append-only");
    assertThatThrownBy(
            () -> store.database().write(c -> update(c, "UPDATE transitions SET attempt = 9")))
        .hasMessageContaining("transitions are append-only");
  }

  @Test
  void claimers_on_two_stores_never_claim_the_same_job_and_together_claim_all() throws Exception {
    JdbcStore other = open(PostgresTestDatabase.url(SCHEMA));
    List<NewEvent> events = new ArrayList<>();
    Set<String> inserted = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      NewEvent event = anEvent().withJobs(4).build();
      events.add(event);
      event.jobs().forEach(job -> inserted.add(job.id()));
    }
    store.insert(events, T0);
    ConcurrentLinkedQueue<String> claimed = new ConcurrentLinkedQueue<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> claimers = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      JdbcStore on = i % 2 == 0 ? store : other;
      String owner = "claimer-" + i;
      boolean together = i % 4 < 2;
      claimers.add(
          threads.submit(() -> {
            go.await();
            while (true) {
              Instant now = T0.plusSeconds(1);
              List<String> ids;
              if (together) {
                ids = ids(on.claimAndStart(claim("webhook", "post", owner, now, LEASE, 17)));
              } else {
                ids = ids(on.claim(claim("webhook", "post", owner, now, LEASE, 23)));
                assertThat(on.start(owner, ids, now, now.plus(LEASE))).hasSize(ids.size());
              }
              if (ids.isEmpty()) {
                return null;
              }
              claimed.addAll(ids);
              assertThat(
                      on.complete(
                          owner, ids.stream().map(id -> succeeded(id)).toList(), List.of(), now))
                  .hasSize(ids.size());
            }
          }));
    }
    go.countDown();
    for (Future<?> claimer : claimers) {
      claimer.get(120, TimeUnit.SECONDS);
    }

    assertThat(claimed).hasSize(4000).doesNotHaveDuplicates();
    assertThat(new HashSet<>(claimed)).isEqualTo(inserted);
    List<String> counts =
        store
            .database()
            .read(c ->
                strings(
                    c,
                    "SELECT (SELECT count(*) FROM jobs WHERE status = 'succeeded' AND attempt = 1)"
                        + " || ' ' || (SELECT count(*) FROM transitions)"));
    assertThat(counts).containsExactly("4000 16000");
  }

  @Test
  void an_expired_lease_is_taken_over_by_another_store_and_the_first_owners_outcome_ignored() {
    JdbcStore other = open(PostgresTestDatabase.url(SCHEMA));
    store.insert(List.of(anEvent().withJobs(3).build()), T0);
    List<String> ids = ids(store.claimAndStart(claim("webhook", "post", "first", T0, LEASE, 10)));
    Instant expiry = T0.plus(LEASE);

    assertThat(other.claim(claim("webhook", "post", "second", expiry.minusMillis(1), LEASE, 10)))
        .matches(Queue::isEmpty);
    Queue taken = other.claimAndStart(claim("webhook", "post", "second", expiry, LEASE, 10));

    assertThat(ids(taken)).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(
            store.complete(
                "first", ids.stream().map(id -> succeeded(id)).toList(), List.of(), expiry))
        .isEmpty();
    assertThat(
            other.complete(
                "second", ids.stream().map(id -> succeeded(id)).toList(), List.of(), expiry))
        .containsExactlyInAnyOrderElementsOf(ids);
    List<Transition> history = store.findTransitions(ids.getFirst());
    assertThat(history)
        .extracting(Transition::stateAfter, Transition::attempt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Status.ACKNOWLEDGED, 0),
            org.assertj.core.groups.Tuple.tuple(Status.AWAITING, 1),
            org.assertj.core.groups.Tuple.tuple(Status.EXECUTING, 1),
            org.assertj.core.groups.Tuple.tuple(Status.AWAITING, 2),
            org.assertj.core.groups.Tuple.tuple(Status.EXECUTING, 2),
            org.assertj.core.groups.Tuple.tuple(Status.SUCCEEDED, 2));
    assertThat(history.get(3).error()).contains("lease of first expired");
  }

  @Test
  void a_store_whose_connections_were_killed_answers_again_without_being_reopened()
      throws Exception {
    String application = "blacksmith-kill-" + UUID.randomUUID();
    JdbcStore killed = open(PostgresTestDatabase.url(SCHEMA, "ApplicationName=" + application));
    NewEvent before = anEvent().withJobs(1).build();
    killed.insert(List.of(before), T0);

    PostgresTestDatabase.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
            + application
            + "'");

    // The first transaction meets a dead connection, and runs again on a new one.
    NewEvent after = anEvent().withJobs(1).build();
    killed.insert(List.of(after), T0);
    assertThat(killed.findEvent(before.id())).isPresent();
    assertThat(killed.findEvent(after.id())).isPresent();
    assertThat(killed.claimAndStart(claim("owner", T0, 10)).size()).isEqualTo(2);
  }

  @Test
  void an_unreachable_database_fails_to_open_with_a_clear_error() {
    assertThatThrownBy(() -> JdbcStore.open("postgres://postgres:pw@127.0.0.1:1/test"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("cannot connect to the PostgreSQL store 127.0.0.1:1/test")
        .hasMessageNotContaining("pw");
  }

  @Test
  void a_closed_store_refuses_work_with_a_clear_error() {
    store.close();

    assertThatThrownBy(() -> store.findJobs(Query.all()))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("is closed");
    assertThatThrownBy(() -> store.insert(List.of(anEvent().build()), T0))
        .hasMessageContaining("is closed");
  }

  private JdbcStore open(String url) {
    JdbcStore opened = register(JdbcStore.open(url));
    opened.migrate();
    return opened;
  }

  private JdbcStore register(JdbcStore opened) {
    stores.add(opened);
    return opened;
  }

  private static Void migrateAfter(CountDownLatch go, JdbcStore target) throws Exception {
    go.await();
    target.migrate();
    return null;
  }

  private static List<String> ids(Queue queue) {
    return queue.jobs().stream().map(Job::id).toList();
  }

  private static List<String> strings(Connection c, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Statement statement = c.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      while (rs.next()) {
        int columns = rs.getMetaData().getColumnCount();
        for (int i = 1; i <= columns; i++) {
          values.add(rs.getString(i));
        }
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
