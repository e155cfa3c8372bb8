package dev.blacksmith.store.jdbc;

import dev.blacksmith.spi.store.ClaimRequest;
import dev.blacksmith.spi.store.Outcome;
import dev.blacksmith.store.Job;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Every difference between the databases the store runs on; the store's logic, reads, leases and
 * purges are otherwise shared. Keep it small: add a method only for a real difference.
 *
 * <p>The job writes ({@link #claim}, {@link #start}, {@link #complete}) differ because concurrency
 * does: where writers are serialised (SQLite) a job can be read and then updated; where they run
 * concurrently (PostgreSQL) each write must select, lock and update in one statement. Each runs
 * inside the caller's write transaction and appends a transition for every job it moves.
 */
interface Dialect {

  /** The backend's short name, such as {@code "sqlite"}. */
  String name();

  /** Whether this dialect opens {@code url}. */
  boolean supports(String url);

  /** The URL forms this dialect opens, for error messages. */
  String urlForms();

  /** Opens the connections for {@code url}; the schema is left as it is. */
  Database open(String url);

  /** The Flyway location of this backend's migrations. */
  String migrations();

  /** The most bind parameters one statement may carry. */
  int maxParameters();

  /** The value bound for an instant parameter, truncated to the microsecond. */
  Object instant(Instant instant);

  /** An instant column of the current row, {@code null} when NULL. */
  @Nullable Instant instant(ResultSet rs, String column) throws SQLException;

  /**
   * Appended to a select in a write transaction to lock the rows it returns until the commit, and
   * with {@code skipLocked} to pass over rows another transaction holds; empty where writes are
   * serialised anyway.
   */
  String forUpdate(boolean skipLocked);

  /**
   * The condition that {@code column} is one of {@code count} values, bound by {@link #bindAll}: an
   * IN list, or where the database takes arrays, one array parameter so the statement's text does
   * not change with the count.
   */
  String isIn(String column, int count);

  /** Binds the values of an {@link #isIn} condition from {@code index}; returns the next index. */
  int bindAll(Connection c, PreparedStatement statement, int index, List<String> values)
      throws SQLException;

  /** Inserts {@code rows}, each holding a value per column of {@code table} in its order. */
  void insert(Connection c, Columns.Table table, List<@Nullable Object[]> rows) throws SQLException;

  /**
   * Claims up to {@code request.limit()} claimable jobs, oldest {@code next_at} first, and moves
   * them to {@code awaiting}, or with {@code start} on to {@code executing}, appending each
   * transition.
   *
   * @return the claimed jobs in claim order, each with its latest transition
   */
  List<Job> claim(Connection c, ClaimRequest request, boolean start) throws SQLException;

  /**
   * Moves the jobs among {@code ids} that are {@code awaiting} under {@code owner}'s lease to
   * {@code executing}.
   *
   * @param ids distinct job ids
   * @return the jobs moved, in the order of {@code ids}
   */
  List<Job> start(Connection c, String owner, List<String> ids, Instant now, Instant leaseUntil)
      throws SQLException;

  /**
   * Applies the outcomes of jobs {@code executing} under {@code owner}'s lease; others are ignored.
   *
   * @param outcomes at most one per job
   * @return the ids of the jobs whose outcome was applied
   */
  Set<String> complete(Connection c, String owner, List<Outcome> outcomes, Instant now)
      throws SQLException;
}
