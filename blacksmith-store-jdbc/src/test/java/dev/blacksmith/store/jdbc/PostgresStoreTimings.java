package dev.blacksmith.store.jdbc;

import static dev.blacksmith.testkit.store.StoreFixtures.anEvent;
import static dev.blacksmith.testkit.store.StoreFixtures.claim;
import static dev.blacksmith.testkit.store.StoreFixtures.succeeded;

import dev.blacksmith.spi.store.NewEvent;
import dev.blacksmith.spi.store.Outcome;
import dev.blacksmith.store.Job;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A rough timing of the store's batch operations on PostgreSQL: insert 500 events of 2 jobs, then
 * claim-and-start 500 jobs and complete them, repeated, reporting the fastest and the median wall
 * time and the CPU time each call costs the client thread and the server process (on a shared
 * machine the wall time mostly measures the neighbours); then the same work over several threads,
 * for jobs per second through all three. Not a test: run it by hand with the test classpath, {@code
 * java -cp ... dev.blacksmith.store.jdbc.PostgresStoreTimings [rounds]}, on the machine of the test
 * database ({@link PostgresTestDatabase}), whose server process's CPU time it reads from {@code
 * /proc}; it works in the schema {@code blacksmith_timings}, dropped before and after.
 */
final class PostgresStoreTimings {

  private static final String SCHEMA = "blacksmith_timings";

  private PostgresStoreTimings() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    PostgresTestDatabase.dropSchema(SCHEMA);
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    // One connection, so that one server process does all the work and its CPU can be read.
    try (JdbcStore store = JdbcStore.open(PostgresTestDatabase.url(SCHEMA, "poolSize=1"));
        JdbcStore pooled = JdbcStore.open(PostgresTestDatabase.url(SCHEMA))) {
      store.migrate();
      Path backend = Path.of("/proc", backendPid(store), "stat");
      Instant now = Instant.parse("2030-01-01T00:00:00Z");
      long[][] wall = new long[3][rounds];
      long[][] client = new long[3][rounds];
      long[] server = new long[3];
      for (int round = 0; round < rounds; round++) {
        List<NewEvent> events = events(now, 500);
        long s0 = ticks(backend);
        long w0 = System.nanoTime();
        long c0 = cpu.getCurrentThreadCpuTime();
        store.insert(events, now);
        long w1 = System.nanoTime();
        long c1 = cpu.getCurrentThreadCpuTime();
        long s1 = ticks(backend);
        List<Job> claimed =
            store
                .claimAndStart(claim("webhook", "post", "timer", now, Duration.ofMinutes(5), 500))
                .jobs();
        long w2 = System.nanoTime();
        long c2 = cpu.getCurrentThreadCpuTime();
        long s2 = ticks(backend);
        List<Outcome> outcomes = claimed.stream().map(job -> succeeded(job.id())).toList();
        store.complete("timer", outcomes, List.of(), now);
        long w3 = System.nanoTime();
        long c3 = cpu.getCurrentThreadCpuTime();
        long s3 = ticks(backend);
        server[0] += s1 - s0;
        server[1] += s2 - s1;
        server[2] += s3 - s2;
        if (claimed.size() != 500) {
          throw new IllegalStateException("claimed " + claimed.size());
        }
        wall[0][round] = w1 - w0;
        wall[1][round] = w2 - w1;
        wall[2][round] = w3 - w2;
        client[0][round] = c1 - c0;
        client[1][round] = c2 - c1;
        client[2][round] = c3 - c2;
      }
      String[] names = {"insert 500 events x 2 jobs", "claimAndStart 500", "complete 500"};
      for (int op = 0; op < 3; op++) {
        System.out.printf(
            Locale.ROOT,
            "%-27s wall min %6.1f ms, median %6.1f ms; CPU per call: client %4.1f ms (median),"
                + " PostgreSQL %4.1f ms (mean)%n",
            names[op],
            min(wall[op]) / 1e6,
            median(wall[op]) / 1e6,
            median(client[op]) / 1e6,
            server[op] * 1000.0 / TICKS_PER_SECOND / rounds);
      }
      throughput(pooled, now, 4, 20);
    } finally {
      PostgresTestDatabase.dropSchema(SCHEMA);
    }
  }

  // USER_HZ: the unit of the CPU times in /proc/<pid>/stat on Linux.
  private static final int TICKS_PER_SECOND = 100;

  private static String backendPid(JdbcStore store) throws Exception {
    return store
        .database()
        .read(c -> {
          try (var statement = c.createStatement();
              var rs = statement.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getString(1);
          }
        });
  }

  /** User plus system CPU time of a process so far, in ticks. */
  private static long ticks(Path stat) throws Exception {
    String line = Files.readString(stat);
    // Fields after the command name, which is in parentheses and may hold spaces.
    String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  private static long min(long[] values) {
    return Arrays.stream(values).min().orElseThrow();
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /**
   * {@code threads} threads each insert batches of 100 events of one job, claim-and-start batches
   * of up to 100 and complete them, until every job inserted is done; prints jobs per second.
   */
  private static void throughput(JdbcStore store, Instant now, int threads, int batches)
      throws Exception {
    int perBatch = 100;
    int total = threads * batches * perBatch;
    java.util.concurrent.atomic.AtomicInteger done =
        new java.util.concurrent.atomic.AtomicInteger();
    // Leftovers of the rounds above would count; finish them first.
    drain(store, now, "leftovers", done);
    done.set(0);
    List<Thread> workers = new ArrayList<>();
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      String owner = "worker-" + t;
      workers.add(
          Thread.ofPlatform()
              .start(() -> {
                for (int b = 0; b < batches; b++) {
                  List<NewEvent> events = new ArrayList<>(perBatch);
                  for (int i = 0; i < perBatch; i++) {
                    events.add(anEvent().receivedAt(now).withJobs(1).build());
                  }
                  store.insert(events, now);
                  drainOnce(store, now, owner, done, perBatch);
                }
                while (done.get() < total) {
                  if (drainOnce(store, now, owner, done, perBatch) == 0) {
                    Thread.onSpinWait();
                  }
                }
              }));
    }
    for (Thread worker : workers) {
      worker.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "%d threads: %d jobs inserted, claimed, started and completed in %.2f s: %.0f jobs/s%n",
        threads,
        done.get(),
        seconds,
        done.get() / seconds);
  }

  private static void drain(
      JdbcStore store, Instant now, String owner, java.util.concurrent.atomic.AtomicInteger done) {
    while (drainOnce(store, now, owner, done, 500) > 0) {
      // Until nothing is due.
    }
  }

  private static int drainOnce(
      JdbcStore store,
      Instant now,
      String owner,
      java.util.concurrent.atomic.AtomicInteger done,
      int limit) {
    List<Job> claimed =
        store
            .claimAndStart(claim("webhook", "post", owner, now, Duration.ofMinutes(5), limit))
            .jobs();
    if (claimed.isEmpty()) {
      return 0;
    }
    store.complete(
        owner, claimed.stream().map(job -> succeeded(job.id())).toList(), List.of(), now);
    done.addAndGet(claimed.size());
    return claimed.size();
  }

  private static List<NewEvent> events(Instant now, int count) {
    List<NewEvent> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      events.add(anEvent().receivedAt(now).withJobs(2).build());
    }
    return events;
  }
}
