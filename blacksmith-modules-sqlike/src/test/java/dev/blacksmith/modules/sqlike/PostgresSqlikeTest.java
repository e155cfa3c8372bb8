package dev.blacksmith.modules.sqlike;

import static dev.blacksmith.modules.sqlike.SqlikeDestination.RUN_OPERATION;
import static dev.blacksmith.modules.sqlike.SqlikeDestination.RUN_STATEMENTS;
import static dev.blacksmith.modules.sqlike.SqlikeDestination.runOperation;
import static dev.blacksmith.modules.sqlike.SqlikeDestination.runStatements;
import static org.assertj.core.api.Assertions.assertThat;

import dev.blacksmith.store.Queue;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The destination on the machine's PostgreSQL, in a schema of each test's own. */
class PostgresSqlikeTest extends SqlikeContractTest {

  private static final PostgresTestDatabase POSTGRES = PostgresTestDatabase.fromEnvironment();
  private String schema = "";

  @BeforeEach
  void createSchema() throws SQLException {
    POSTGRES.require();
    schema = POSTGRES.createSchema();
  }

  @AfterEach
  void dropSchema() throws SQLException {
    if (!schema.isEmpty()) {
      POSTGRES.dropSchema(schema);
    }
  }

  @Override
  SqlikeConfig.Builder database() {
    return SqlikeConfig.builder()
        .url(POSTGRES.url(schema))
        .user(POSTGRES.user)
        .password(POSTGRES.password);
  }

  @Override
  Connection connect() throws SQLException {
    return POSTGRES.connect(schema);
  }

  @Test
  void the_whole_queue_commits_in_a_single_transaction() throws Exception {
    execute("create table items (id integer primary key)");
    SqlikeDestination d = start();
    List<dev.blacksmith.destination.Action> actions = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      actions.add(runStatements(SqlStatement.of("insert into items (id) values (?)", i)));
    }
    Queue queue =
        TestQueues.of(RUN_STATEMENTS, actions.toArray(dev.blacksmith.destination.Action[]::new));

    RecordingThens thens = load(d, RUN_STATEMENTS, queue);

    assertThat(thens.outcomes()).hasSize(20);
    assertThat(thens.outcomes().values())
        .extracting(RecordingThens.Outcome::status)
        .containsOnly("succeeded");
    // Every row written by one transaction carries its id.
    assertThat(column("select count(distinct xmin::text) from items")).containsExactly("1");
    assertThat(column("select count(*) from items")).containsExactly("20");
  }

  @Test
  void a_serialization_failure_is_retryable_and_rolls_back_the_jobs_before_it() throws Exception {
    execute("create table items (id integer primary key)");
    SqlikeDestination d = start();
    Queue queue =
        TestQueues.of(
            RUN_STATEMENTS,
            runStatements(SqlStatement.of("insert into items (id) values (?)", 1)),
            runStatements(
                SqlStatement.of(
                    "do $$ begin raise exception 'could not serialize; try again'"
                        + " using errcode = '40001'; end $$")),
            runStatements(SqlStatement.of("insert into items (id) values (?)", 3)));

    RecordingThens thens = load(d, RUN_STATEMENTS, queue);

    assertThat(thens.outcomes().values())
        .extracting(RecordingThens.Outcome::status)
        .containsOnly("failed");
    assertThat(thens.outcome("job-2").message())
        .contains("job job-2 statement 1 of 1 failed: [40001]")
        .contains("could not serialize");
    assertThat(rows("select id from items")).isEmpty();
  }

  @Test
  void a_retryable_error_while_replaying_fails_the_jobs_not_replayed_yet() throws Exception {
    execute("create table items (id integer primary key)");
    execute("insert into items values (1)");
    SqlikeDestination d = start();
    Queue queue =
        TestQueues.of(
            RUN_STATEMENTS,
            runStatements(SqlStatement.of("insert into items (id) values (?)", 1)),
            runStatements(
                SqlStatement.of(
                    "do $$ begin raise exception 'deadlock' using errcode = '40P01'; end $$")),
            runStatements(SqlStatement.of("insert into items (id) values (?)", 3)));

    RecordingThens thens = load(d, RUN_STATEMENTS, queue);

    assertThat(thens.outcome("job-1").status()).isEqualTo("discarded");
    assertThat(thens.outcome("job-2").status()).isEqualTo("failed");
    assertThat(thens.outcome("job-3").status()).isEqualTo("failed");
    assertThat(thens.outcome("job-3").message())
        .startsWith("replaying the queue one job at a time stopped, to be retried: job job-2")
        .contains("[40P01]");
    assertThat(column("select id from items")).containsExactly("1");
  }

  @Test
  void a_deferred_constraint_failing_at_commit_is_pinned_on_its_job_by_the_replay()
      throws Exception {
    execute(
        "create table items (id integer, constraint items_unique unique (id)"
            + " deferrable initially deferred)");
    SqlikeDestination d = start();
    Queue queue =
        TestQueues.of(
            RUN_STATEMENTS,
            runStatements(SqlStatement.of("insert into items (id) values (?)", 1)),
            runStatements(SqlStatement.of("insert into items (id) values (?)", 1)),
            runStatements(SqlStatement.of("insert into items (id) values (?)", 2)));

    RecordingThens thens = load(d, RUN_STATEMENTS, queue);

    assertThat(thens.outcome("job-1").status()).isEqualTo("succeeded");
    assertThat(thens.outcome("job-3").status()).isEqualTo("succeeded");
    assertThat(thens.outcome("job-2").status()).isEqualTo("discarded");
    assertThat(thens.outcome("job-2").message()).startsWith("commit of job job-2 failed: [23505]");
    assertThat(column("select id from items order by id")).containsExactly("1", "2");
  }

  @Test
  void a_statement_running_past_the_timeout_is_cancelled_and_retried() throws Exception {
    SqlikeDestination d = start(b -> b.statementTimeout(Duration.ofSeconds(1)));
    Queue queue =
        TestQueues.of(RUN_STATEMENTS, runStatements(SqlStatement.of("select pg_sleep(30)")));

    long started = System.nanoTime();
    RecordingThens thens = load(d, RUN_STATEMENTS, queue);

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
    assertThat(thens.outcome("job-1").status()).isEqualTo("failed");
    assertThat(thens.outcome("job-1").message()).contains("[57014]");
  }

  @Test
  void strings_reach_typed_columns_and_casts_in_templates_are_not_parameters() throws Exception {
    execute(
        "create table events (id uuid primary key, at timestamptz not null, payload jsonb,"
            + " amount numeric(40, 2))");
    operation(
        "record_event",
        "insert into events (id, at, payload, amount)"
            + " values (:id::uuid, :at, cast(:payload as jsonb), :amount::numeric)");
    SqlikeDestination d = start(b -> b.operations(dir.resolve("operations")));
    Queue queue =
        TestQueues.of(
            RUN_OPERATION,
            runOperation(
                "record_event",
                Map.of(
                    "id",
                    "0193a0c4-52f1-7d2c-9a51-7c1d1e0f2a11",
                    "at",
                    "2026-01-02T03:04:05Z",
                    "payload",
                    Map.of("plan", "pro"),
                    "amount",
                    new BigDecimal("123456789012345678901234567890.25"))));

    RecordingThens thens = load(d, RUN_OPERATION, queue);

    assertThat(thens.outcome("job-1").status()).isEqualTo("succeeded");
    assertThat(
            rows(
                "select id::text, extract(epoch from at)::bigint, payload->>'plan',"
                    + " amount::text from events"))
        .singleElement()
        .satisfies(r -> {
          assertThat(r.get(0)).isEqualTo("0193a0c4-52f1-7d2c-9a51-7c1d1e0f2a11");
          assertThat(r.get(1).toString()).isEqualTo("1767323045");
          assertThat(r.get(2)).isEqualTo("pro");
          assertThat(r.get(3)).isEqualTo("123456789012345678901234567890.25");
        });
  }
}
