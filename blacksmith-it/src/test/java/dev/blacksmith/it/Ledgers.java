package dev.blacksmith.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the tests read back from one run: the store's tables in schema {@code schema} and the
 * ledger's in {@code <schema>_ledger}, on {@code db}.
 */
final class Ledgers {

  /** A ledger row: one load of one job, by one process. */
  record Entry(String jobId, String action, long pid) {}

  /** A transition taking a job over after its lease expired. */
  record Reclaim(String jobId, String stateBefore, String message) {}

  private final Database db;
  private final String store;
  private final String ledger;

  Ledgers(Database db, String schema) {
    this.db = db;
    this.store = schema;
    this.ledger = schema + "_ledger";
  }

  /** The environment the test application needs to write this ledger. */
  Map<String, String> env() {
    return Map.of("IT_LEDGER_URL", db.jdbcUrl(), "IT_LEDGER_SCHEMA", ledger);
  }

  /** The scheduler id (the lease owner) of process {@code pid}, once it has started. */
  String instanceOf(long pid) {
    return await("scheduler id of process " + pid)
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () ->
                db.map("SELECT pid::text, service_id FROM " + ledger + ".instances").get("" + pid),
            id -> id != null);
  }

  /**
   * Waits until the store holds at least {@code minimum} jobs and every one of them succeeded,
   * asking the admin API of {@code node} ({@code meta.count}); returns how many there are.
   */
  static long awaitEveryJobSucceeded(
      Http http, BlacksmithProcesses.Node node, long minimum, Duration timeout) {
    URI all = node.scheduler("/admin/api/store/jobs?limit=1");
    URI succeeded = node.scheduler("/admin/api/store/jobs?jobs.status_in=succeeded&limit=1");
    long[] total = new long[1];
    await("every job succeeded, at least " + minimum)
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(() -> {
          total[0] = http.count(all);
          return total[0] >= minimum && http.count(succeeded) == total[0];
        });
    return total[0];
  }

  long events() throws SQLException {
    return db.number("SELECT count(*) FROM " + store + ".events");
  }

  /** The number of jobs by status. */
  Map<String, String> jobsByStatus() throws SQLException {
    return db.map("SELECT status, count(*) FROM " + store + ".jobs GROUP BY status");
  }

  long jobs() throws SQLException {
    return db.number("SELECT count(*) FROM " + store + ".jobs");
  }

  /** Jobs in any status but {@code succeeded}. */
  long jobsNotSucceeded() throws SQLException {
    return db.number("SELECT count(*) FROM " + store + ".jobs WHERE status <> 'succeeded'");
  }

  /** Jobs of {@code eventIds} that succeeded, counting each (event, action) pair once. */
  long succeededActionsOf(Collection<String> eventIds) throws SQLException {
    return db.number(
        "SELECT count(DISTINCT (event_id, action)) FROM "
            + store
            + ".jobs WHERE event_id = ANY(?) AND status = 'succeeded'",
        eventIds);
  }

  /** Jobs whose history holds more than one {@code succeeded} transition. */
  long jobsSucceededTwice() throws SQLException {
    return db.number(
        "SELECT count(*) FROM (SELECT job_id FROM "
            + store
            + ".transitions WHERE state_after = 'succeeded' GROUP BY job_id"
            + " HAVING count(*) > 1) twice");
  }

  /** Jobs of the store never loaded. */
  long jobsNeverLoaded() throws SQLException {
    return db.number(
        "SELECT count(*) FROM "
            + store
            + ".jobs j WHERE NOT EXISTS (SELECT 1 FROM "
            + ledger
            + ".entries e WHERE e.job_id = j.id)");
  }

  /** Ledger rows whose job is not in the store. */
  long loadsOfUnknownJobs() throws SQLException {
    return db.number(
        "SELECT count(*) FROM "
            + ledger
            + ".entries e WHERE NOT EXISTS (SELECT 1 FROM "
            + store
            + ".jobs j WHERE j.id = e.job_id)");
  }

  /** Ledger rows. */
  long loads() throws SQLException {
    return db.number("SELECT count(*) FROM " + ledger + ".entries");
  }

  /** Loads by process id. */
  Map<Long, Long> loadsByProcess() throws SQLException {
    Map<Long, Long> byPid = new HashMap<>();
    db.map("SELECT instance_pid, count(*) FROM " + ledger + ".entries GROUP BY instance_pid")
        .forEach((pid, count) -> byPid.put(Long.parseLong(pid), Long.parseLong(count)));
    return byPid;
  }

  /** Loads by process id of rows written after {@code since} (the database's clock). */
  Map<Long, Long> loadsByProcessSince(Instant since) throws SQLException {
    Map<Long, Long> byPid = new HashMap<>();
    db.map(
            "SELECT instance_pid, count(*) FROM "
                + ledger
                + ".entries WHERE loaded_at > ? GROUP BY instance_pid",
            Timestamp.from(since))
        .forEach((pid, count) -> byPid.put(Long.parseLong(pid), Long.parseLong(count)));
    return byPid;
  }

  /** Every load of the jobs loaded more than once, by job. */
  Map<String, List<Entry>> jobsLoadedMoreThanOnce() throws SQLException {
    List<List<String>> rows =
        db.query(
            "SELECT e.job_id, e.action, e.instance_pid FROM "
                + ledger
                + ".entries e WHERE e.job_id IN (SELECT job_id FROM "
                + ledger
                + ".entries GROUP BY job_id HAVING count(*) > 1) ORDER BY e.job_id, e.loaded_at");
    return rows.stream()
        .map(r -> new Entry(r.get(0), r.get(1), Long.parseLong(r.get(2))))
        .collect(Collectors.groupingBy(Entry::jobId));
  }

  /** Every load of the given jobs, by job. */
  Map<String, List<Entry>> loadsOf(Set<String> jobIds) throws SQLException {
    List<List<String>> rows =
        db.query(
            "SELECT job_id, action, instance_pid FROM "
                + ledger
                + ".entries WHERE job_id = ANY(?) ORDER BY job_id, loaded_at",
            jobIds);
    return rows.stream()
        .map(r -> new Entry(r.get(0), r.get(1), Long.parseLong(r.get(2))))
        .collect(Collectors.groupingBy(Entry::jobId));
  }

  /** The transitions that took a job over after its lease expired (error "lease of .. expired"). */
  List<Reclaim> reclaims() throws SQLException {
    List<Reclaim> reclaims = new ArrayList<>();
    for (List<String> r :
        db.query(
            "SELECT job_id, state_before, error->>'message' FROM "
                + store
                + ".transitions WHERE state_after = 'awaiting'"
                + " AND error->>'message' LIKE 'lease of % expired' ORDER BY seq")) {
      reclaims.add(new Reclaim(r.get(0), r.get(1), r.get(2)));
    }
    return reclaims;
  }

  /** Asserts that every job the store holds succeeded exactly once in its history. */
  void assertEveryJobSucceededOnce() throws SQLException {
    assertThat(jobsNotSucceeded()).as("jobs not succeeded; by status: %s", jobsByStatus()).isZero();
    assertThat(jobsSucceededTwice()).as("jobs with two succeeded transitions").isZero();
    assertThat(jobsNeverLoaded()).as("succeeded jobs missing from the ledger").isZero();
    assertThat(loadsOfUnknownJobs()).as("ledger rows of jobs the store does not hold").isZero();
  }
}
