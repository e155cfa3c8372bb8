package dev.blacksmith.modules.sqlike;

import dev.blacksmith.destination.Then;
import dev.blacksmith.destination.ThenSink;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Runs the statements of a queue's jobs and reports each job's outcome.
 *
 * <ol>
 *   <li>The whole queue runs in one transaction, in queue order; on PostgreSQL consecutive plain
 *       DML statements with the same text go as one JDBC batch. If it commits, every job succeeded.
 *   <li>If it fails with a retryable error (a lost connection, a deadlock, a serialization failure,
 *       a timeout), it is rolled back and every job fails, to be retried on schedule: the error
 *       says nothing against any one job.
 *   <li>If it fails with a permanent error (per the {@link SqlErrorPolicy}) and the queue holds
 *       more than one job, it is rolled back and replayed one transaction per job, so the jobs that
 *       can commit do, and each job that cannot is discarded with its own error, or failed when its
 *       error is retryable (then the jobs not replayed yet fail with it too).
 * </ol>
 *
 * Each job is thus atomic: all of its statements commit, or none. A failed statement is named in
 * the error by job, position and SQL text; bound values never appear in errors.
 */
final class QueueLoader {

  private static final int SQL_IN_ERRORS = 200;

  private final Database database;
  private final SqlErrorPolicy policy;
  private final int timeoutSeconds;

  QueueLoader(Database database, SqlErrorPolicy policy, Duration statementTimeout) {
    this.database = database;
    this.policy = policy;
    long seconds = statementTimeout.toSeconds() + (statementTimeout.toNanosPart() > 0 ? 1 : 0);
    this.timeoutSeconds = (int) Math.min(Integer.MAX_VALUE, seconds);
  }

  /** Loads {@code jobs} and reports an outcome for every one of them to {@code then}. */
  void load(List<PreparedJob> jobs, ThenSink then, Logger logger) {
    if (jobs.isEmpty()) {
      return;
    }
    Failure failure = runInOneTransaction(jobs, true);
    if (failure == null) {
      then.send(Then.succeeded().forJobs(ids(jobs)));
      return;
    }
    String state = failure.sqlState(database.dialect());
    boolean permanent = failure.stage() != Stage.CONNECTION && policy.isPermanent(state);
    if (!permanent) {
      then.send(
          Then.failed(
                  new SqlikeException(
                      "queue of "
                          + jobs.size()
                          + " job"
                          + (jobs.size() == 1 ? "" : "s")
                          + " not loaded, to be retried: "
                          + failure.describe(state),
                      state,
                      false,
                      failure.error()))
              .forJobs(ids(jobs)));
      return;
    }
    if (jobs.size() == 1 && failure.isPrecise()) {
      then.send(
          Then.discarded(new SqlikeException(failure.describe(state), state, true, failure.error()))
              .forJobs(jobs.get(0).id()));
      return;
    }
    logger.warn(
        "{}: a permanent error rolled back a queue of {} jobs ({}); replaying it one transaction per"
            + " job to isolate the failing ones",
        database.description(),
        jobs.size(),
        failure.describe(state));
    replayOneByOne(jobs, then);
  }

  private void replayOneByOne(List<PreparedJob> jobs, ThenSink then) {
    List<String> succeeded = new ArrayList<>();
    try {
      for (int i = 0; i < jobs.size(); i++) {
        PreparedJob job = jobs.get(i);
        Failure failure = runInOneTransaction(List.of(job), false);
        if (failure == null) {
          succeeded.add(job.id());
          continue;
        }
        String state = failure.sqlState(database.dialect());
        if (failure.stage() != Stage.CONNECTION && policy.isPermanent(state)) {
          then.send(
              Then.discarded(
                      new SqlikeException(failure.describe(state), state, true, failure.error()))
                  .forJobs(job.id()));
          continue;
        }
        // A retryable error now is about the database, not this job: stop replaying.
        List<PreparedJob> rest = jobs.subList(i, jobs.size());
        then.send(
            Then.failed(
                    new SqlikeException(
                        "replaying the queue one job at a time stopped, to be retried: "
                            + failure.describe(state),
                        state,
                        false,
                        failure.error()))
                .forJobs(ids(rest)));
        return;
      }
    } finally {
      if (!succeeded.isEmpty()) {
        then.send(Then.succeeded().forJobs(succeeded));
      }
    }
  }

  /**
   * Runs {@code jobs} in one transaction; {@code null} when it committed. Without {@code batching}
   * every statement runs alone, so a failure names its job and position exactly.
   */
  private @Nullable Failure runInOneTransaction(List<PreparedJob> jobs, boolean batching) {
    Connection c;
    try {
      c = database.connection();
    } catch (SQLException e) {
      return new Failure(Stage.CONNECTION, e, null, 0, null, 0);
    }
    try {
      try {
        c.setAutoCommit(false);
      } catch (SQLException e) {
        return new Failure(Stage.CONNECTION, e, null, 0, null, 0);
      }
      Failure failure = execute(c, jobs, batching);
      if (failure == null) {
        try {
          c.commit();
          return null;
        } catch (SQLException e) {
          failure = new Failure(Stage.COMMIT, e, jobs.size() == 1 ? jobs.get(0) : null, 0, null, 0);
        }
      }
      rollback(c, failure.error());
      return failure;
    } finally {
      try {
        c.close();
      } catch (SQLException e) {
        // The outcome is known by now; a connection that cannot close is the pool's to evict.
      }
    }
  }

  /** Runs every statement of {@code jobs} in order; the first failure, or {@code null}. */
  private @Nullable Failure execute(Connection c, List<PreparedJob> jobs, boolean batching) {
    Dialect dialect = database.dialect();
    PreparedStatement batch = null;
    String batchSql = null;
    List<PreparedJob> batchJobs = new ArrayList<>();
    int batchStatement = 0;
    int batchSize = 0;
    try {
      for (PreparedJob job : jobs) {
        int position = 0;
        for (BoundStatement s : job.statements()) {
          position++;
          boolean batchable = batching && dialect.batches() && s.isPlainDml();
          if (batch != null && !(batchable && s.sql().equals(batchSql))) {
            Failure f = flush(batch, batchSql, batchJobs, batchSize == 1 ? batchStatement : 0);
            closeQuietly(batch);
            batch = null;
            batchJobs.clear();
            batchSize = 0;
            if (f != null) {
              return f;
            }
          }
          try {
            if (batchable) {
              if (batch == null) {
                batch = prepare(c, s.sql());
                batchSql = s.sql();
                batchStatement = position;
              }
              Binder.bind(batch, s.args(), dialect);
              batch.addBatch();
              batchSize++;
              if (batchJobs.isEmpty()
                  || !batchJobs.get(batchJobs.size() - 1).id().equals(job.id())) {
                batchJobs.add(job);
              }
            } else {
              try (PreparedStatement single = prepare(c, s.sql())) {
                Binder.bind(single, s.args(), dialect);
                single.execute();
              }
            }
          } catch (SQLException e) {
            return new Failure(Stage.STATEMENT, e, job, position, s.sql(), 1);
          }
        }
      }
      if (batch != null) {
        return flush(batch, batchSql, batchJobs, batchSize == 1 ? batchStatement : 0);
      }
      return null;
    } finally {
      if (batch != null) {
        closeQuietly(batch);
      }
    }
  }

  private static @Nullable Failure flush(
      PreparedStatement batch, @Nullable String sql, List<PreparedJob> jobs, int position) {
    try {
      batch.executeBatch();
      return null;
    } catch (SQLException e) {
      return new Failure(
          Stage.STATEMENT, e, jobs.size() == 1 ? jobs.get(0) : null, position, sql, jobs.size());
    }
  }

  private PreparedStatement prepare(Connection c, String sql) throws SQLException {
    PreparedStatement statement = c.prepareStatement(sql);
    // SQLite's driver reads a query timeout as a busy timeout only, and with IMMEDIATE
    // transactions the lock is already held: the connection timeout bounds that wait instead.
    if (timeoutSeconds > 0 && database.dialect() == Dialect.POSTGRESQL) {
      statement.setQueryTimeout(timeoutSeconds);
    }
    return statement;
  }

  private static void rollback(Connection c, SQLException cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private static void closeQuietly(PreparedStatement statement) {
    try {
      statement.close();
    } catch (SQLException e) {
      // The transaction's outcome is known and decides what happens; nothing to add.
    }
  }

  private static List<String> ids(List<PreparedJob> jobs) {
    return jobs.stream().map(PreparedJob::id).toList();
  }

  /** {@code text} on one line. */
  static String oneLine(@Nullable String text) {
    return text == null ? "" : text.strip().replaceAll("\\s+", " ");
  }

  private enum Stage {
    CONNECTION,
    STATEMENT,
    COMMIT
  }

  /**
   * Where a transaction failed.
   *
   * @param job the job whose statement failed, or {@code null} when the failure was in a batch of
   *     several jobs' statements, or not in a statement
   * @param position the failed statement's 1-based position in its job, 0 when unknown
   * @param sql the failed statement, or {@code null} when not in a statement
   * @param batchJobs how many jobs the failed statement or batch held
   */
  private record Failure(
      Stage stage,
      SQLException error,
      @Nullable PreparedJob job,
      int position,
      @Nullable String sql,
      int batchJobs) {

    @Nullable String sqlState(Dialect dialect) {
      return dialect.sqlState(error);
    }

    /** Whether the failure is pinned to one job's statement, or one job's commit. */
    boolean isPrecise() {
      return job != null && (stage == Stage.COMMIT || position > 0);
    }

    /** What failed, where, and the database's message, with {@code state} as the policy read it. */
    String describe(@Nullable String state) {
      StringBuilder out = new StringBuilder();
      switch (stage) {
        case CONNECTION -> out.append("cannot open a transaction");
        case COMMIT ->
            out.append(job == null ? "commit failed" : "commit of job " + job.id() + " failed");
        case STATEMENT -> {
          if (job != null && position > 0) {
            out.append("job ")
                .append(job.id())
                .append(" statement ")
                .append(position)
                .append(" of ")
                .append(job.statements().size())
                .append(" failed");
          } else if (job != null) {
            out.append("a batch of job ").append(job.id()).append("'s statements failed");
          } else {
            out.append("a batch of the statement for ").append(batchJobs).append(" jobs failed");
          }
        }
      }
      SQLException reported = mostSpecific(error);
      out.append(": ");
      if (state != null) {
        out.append('[').append(state).append("] ");
      }
      out.append(oneLine(reported.getMessage()));
      if (sql != null) {
        out.append(" (sql: ").append(SqlText.abbreviate(sql, SQL_IN_ERRORS)).append(')');
      }
      return out.toString();
    }

    /**
     * The database's own error inside a batch error: the driver's wrapper repeats it with the
     * statement's values written in.
     */
    private static SQLException mostSpecific(SQLException e) {
      if (e instanceof BatchUpdateException && e.getNextException() != null) {
        return e.getNextException();
      }
      return e;
    }
  }
}
