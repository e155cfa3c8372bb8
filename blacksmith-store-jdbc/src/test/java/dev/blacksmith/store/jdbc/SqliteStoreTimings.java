package dev.blacksmith.store.jdbc;

import static dev.blacksmith.testkit.store.StoreFixtures.anEvent;
import static dev.blacksmith.testkit.store.StoreFixtures.claim;
import static dev.blacksmith.testkit.store.StoreFixtures.succeeded;

import dev.blacksmith.spi.store.NewEvent;
import dev.blacksmith.spi.store.Outcome;
import dev.blacksmith.store.Job;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A rough timing of the store's batch operations on a SQLite file: insert 500 events of 2 jobs,
 * then claim, start and complete 500 jobs, repeated. Not a test: run it by hand with the test
 * classpath, {@code java -cp ... dev.blacksmith.store.jdbc.SqliteStoreTimings [rounds]}.
 */
final class SqliteStoreTimings {

  private SqliteStoreTimings() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    Path dir = Files.createTempDirectory("blacksmith-timings");
    try (JdbcStore store = JdbcStore.open("sqlite:" + dir.resolve("timings.db"))) {
      store.migrate();
      Instant now = Instant.parse("2030-01-01T00:00:00Z");
      for (int round = 0; round < rounds; round++) {
        List<NewEvent> events = new ArrayList<>(500);
        for (int i = 0; i < 500; i++) {
          events.add(anEvent().receivedAt(now).withJobs(2).build());
        }
        long t0 = System.nanoTime();
        store.insert(events, now);
        long t1 = System.nanoTime();
        List<Job> claimed =
            store.claim(claim("webhook", "post", "timer", now, Duration.ofMinutes(5), 500)).jobs();
        long t2 = System.nanoTime();
        List<String> ids = claimed.stream().map(Job::id).toList();
        store.start("timer", ids, now, now.plusSeconds(300));
        long t3 = System.nanoTime();
        List<Outcome> outcomes = ids.stream().map(id -> succeeded(id)).toList();
        store.complete("timer", outcomes, List.of(), now);
        long t4 = System.nanoTime();
        System.out.printf(
            Locale.ROOT,
            "round %2d: insert 500x2 %6.1f ms, claim %d %6.1f ms, start %6.1f ms,"
                + " complete %6.1f ms%n",
            round,
            (t1 - t0) / 1e6,
            claimed.size(),
            (t2 - t1) / 1e6,
            (t3 - t2) / 1e6,
            (t4 - t3) / 1e6);
      }
    }
  }
}
