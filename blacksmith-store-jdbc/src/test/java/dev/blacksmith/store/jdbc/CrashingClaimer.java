package dev.blacksmith.store.jdbc;

import static dev.blacksmith.testkit.store.StoreFixtures.anEvent;
import static dev.blacksmith.testkit.store.StoreFixtures.claim;

import dev.blacksmith.spi.store.NewEvent;
import dev.blacksmith.store.Job;
import dev.blacksmith.store.Queue;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The process {@link SqliteCrashTest} kills: inserts events, claims and starts jobs in a loop on
 * the store given as argument, until killed. After each write returns it prints what was committed,
 * one line ending with {@code ;}, so a line cut by the kill is recognised.
 */
final class CrashingClaimer {

  static final String OWNER = "crashing-claimer";
  static final Duration LEASE = Duration.ofMinutes(10);

  private CrashingClaimer() {}

  public static void main(String[] args) {
    Clock clock = Clock.systemUTC();
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    JdbcStore store = JdbcStore.open("sqlite:" + args[0]);
    store.migrate();
    out.println("ready;");
    for (long round = 0; ; round++) {
      Instant now = clock.instant();
      List<NewEvent> events = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        events.add(anEvent().receivedAt(now).withJobs(2).build());
      }
      store.insert(events, now);
      out.println("acked " + String.join(",", events.stream().map(NewEvent::id).toList()) + ";");
      Queue claimed = store.claim(claim("webhook", "post", OWNER, now, LEASE, 3));
      List<String> ids = claimed.jobs().stream().map(Job::id).toList();
      out.println("claimed " + String.join(",", ids) + ";");
      if (round % 2 == 0 && !ids.isEmpty()) {
        store.start(OWNER, ids.subList(0, 1), now, now.plus(LEASE));
        out.println("started " + ids.getFirst() + ";");
      }
    }
  }
}
