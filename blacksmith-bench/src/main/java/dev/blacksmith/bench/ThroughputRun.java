package dev.blacksmith.bench;

import dev.blacksmith.store.Status;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * End-to-end throughput: a closed-loop client with {@code concurrency} keep-alive connections sends
 * {@code events} events as fast as the gateway answers them; the clock runs from the first send
 * until the store counts every job of those events {@code succeeded} (one {@code COUNT} query every
 * 100 ms). A warm-up batch goes first and is waited for, so the JIT has compiled the hot paths.
 */
final class ThroughputRun {

  /** How long the store may go without one more succeeded job before the run gives up. */
  private static final Duration STALL = Duration.ofSeconds(60);

  private static final long POLL_MILLIS = 100;

  /**
   * What the run measured.
   *
   * @param events events sent in the measured part
   * @param accepted events answered 202
   * @param refused answers other than 202, 503 excluded (they are retried)
   * @param overloaded 503 answers, each retried
   * @param failed requests that got no answer
   * @param expectedJobs jobs the accepted events created and that had to succeed
   * @param succeededJobs jobs of the measured part the store counted succeeded at the end
   * @param acceptSeconds from the first send until the last 202
   * @param wallSeconds from the first send until the store counted every job succeeded
   * @param complete whether every job succeeded before the run gave up
   * @param finalCounts jobs by status in the store at the end, warm-up included
   */
  record Result(
      int events,
      long accepted,
      long refused,
      long overloaded,
      long failed,
      long expectedJobs,
      long succeededJobs,
      double acceptSeconds,
      double wallSeconds,
      boolean complete,
      Map<Status, Long> finalCounts) {

    double eventsPerSecondAccepted() {
      return accepted / acceptSeconds;
    }

    double jobsPerSecond() {
      return succeededJobs / wallSeconds;
    }
  }

  private final BenchConfig config;
  private final PrintStream out;

  ThroughputRun(BenchConfig config, PrintStream out) {
    this.config = config;
    this.out = out;
  }

  Result run() throws InterruptedException {
    int k = config.jobsPerEvent();
    out.printf(
        "%n== Throughput: %,d events x %d realtime jobs, %d connections (%s client), warm-up %,d"
            + " events%n",
        config.events(), k, config.concurrency(), config.client(), config.warmupEvents());
    out.println("   engine: " + config.describeEngine());
    try (BenchNode node = BenchNode.start(config, "throughput", k);
        GatewayClient client = GatewayClient.create(config.client(), node.gatewayPorts())) {
      out.println("   store: " + node.dir().resolve("bench.db"));
      client.prepare(config.concurrency());
      if (config.warmupEvents() > 0) {
        long t0 = System.nanoTime();
        Batch warm = send(client, 0, config.warmupEvents(), node, 0, false);
        double secs = (System.nanoTime() - t0) / 1e9;
        out.printf(
            "   warm-up: %,d events accepted, %,d jobs succeeded in %.1f s%n",
            warm.accepted.sum(), warm.succeeded, secs);
        if (!warm.complete) {
          out.println("   WARNING: warm-up did not complete; measuring anyway");
        }
      }
      long baseline = node.count(Status.SUCCEEDED);
      CpuProfile before = CpuProfile.snapshot();
      TimedStore.Totals storeBefore = node.storeTotals();
      Batch b = send(client, config.warmupEvents(), config.events(), node, baseline, true);
      CpuProfile after = CpuProfile.snapshot();
      List<String> storeLines = node.storeTotals().minus(storeBefore).lines(b.wallNanos / 1e9);
      Map<Status, Long> counts = node.countsByStatus();
      Result r =
          new Result(
              config.events(),
              b.accepted.sum(),
              b.refused.sum(),
              b.overloaded.sum(),
              b.failed.sum(),
              b.accepted.sum() * k,
              b.succeeded,
              b.acceptNanos / 1e9,
              b.wallNanos / 1e9,
              b.complete,
              counts);
      List<String> profile = new java.util.ArrayList<>(after.since(before));
      profile.add(after.perJob(before, b.succeeded));
      print(r, b, profile, storeLines, client);
      return r;
    }
  }

  private void print(
      Result r, Batch b, List<String> profile, List<String> store, GatewayClient client) {
    out.printf(
        "   accepted: %,d events in %.2f s = %,.0f events/s (%,d overloaded 503s retried, %,d"
            + " refused, %,d without answer)%n",
        r.accepted(),
        r.acceptSeconds(),
        r.eventsPerSecondAccepted(),
        r.overloaded(),
        r.refused(),
        r.failed());
    out.printf(
        "   end to end: %,d of %,d jobs succeeded in %.2f s = %,.0f jobs/s%s%n",
        r.succeededJobs(),
        r.expectedJobs(),
        r.wallSeconds(),
        r.jobsPerSecond(),
        r.complete() ? "" : "  INCOMPLETE: gave up waiting");
    if (b.firstError.get() != null) {
      out.println("   first error: " + b.firstError.get());
    }
    out.println("   store at the end (warm-up included): " + r.finalCounts());
    if (client.connectionsOpened() >= 0) {
      out.println("   client connections opened: " + client.connectionsOpened());
    }
    out.printf(
        "   the store was polled %,d times (--poll %s)%n",
        b.storePolls, config.poll().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    out.println(
        "   timeline (second: events accepted, jobs handed to the sink, jobs succeeded in the"
            + " store when polled):");
    for (String line : b.timeline) {
      out.println("     " + line);
    }
    out.println("   CPU (client and server share the machine):");
    for (String line : profile) {
      out.println("     " + line);
    }
    out.printf(
        "     of which the client threads (bench-client-N, ended, so counted above as \"other\"):"
            + " %.2f s%n",
        b.clientCpuNanos.sum() / 1e9);
    out.println(
        "   store calls by the engine and the harness (time includes waiting for the writer):");
    for (String line : store) {
      out.println("     " + line);
    }
  }

  /** One batch of events sent and waited for. */
  private static final class Batch {
    final LongAdder accepted = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder overloaded = new LongAdder();
    final LongAdder failed = new LongAdder();
    final AtomicReference<String> firstError = new AtomicReference<>();
    final AtomicLong lastAcceptedAt = new AtomicLong();
    final LongAdder clientCpuNanos = new LongAdder();
    final List<String> timeline = new ArrayList<>();
    volatile boolean sending = true;
    long succeeded;
    int storePolls;
    long acceptNanos;
    long wallNanos;
    boolean complete;
  }

  /**
   * Sends events {@code first..first+n-1} on {@code concurrency} client threads, then waits until
   * the store counts all their jobs succeeded.
   */
  private Batch send(
      GatewayClient client, int first, int n, BenchNode node, long baseline, boolean timeline)
      throws InterruptedException {
    Batch b = new Batch();
    AtomicInteger next = new AtomicInteger(first);
    int end = first + n;
    List<Thread> workers = new ArrayList<>();
    long loadedBaseline = node.probe().jobsLoaded();
    long start = System.nanoTime();
    // Platform threads, so the CPU profile tells the client's share from the server's (virtual
    // threads of both would run on the same carriers).
    for (int i = 0; i < config.concurrency(); i++) {
      workers.add(
          Thread.ofPlatform()
              .name("bench-client-" + i)
              .daemon()
              .start(() -> {
                work(client, next, end, b);
                // The thread ends before the run's CPU profile is taken: count its CPU now.
                b.clientCpuNanos.add(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
              }));
    }
    Thread joiner =
        Thread.ofVirtual()
            .start(() -> {
              for (Thread w : workers) {
                try {
                  w.join();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
              }
              b.sending = false;
            });
    long lastProgressAt = System.nanoTime();
    long lastProgress = -1;
    long nextTimelineAt = start + 1_000_000_000L;
    int second = 0;
    long succeeded = -1;
    while (true) {
      Thread.sleep(POLL_MILLIS);
      boolean stillSending = b.sending;
      long expected = b.accepted.sum() * config.jobsPerEvent();
      long loaded = node.probe().jobsLoaded() - loadedBaseline;
      boolean pollStore =
          config.poll() == BenchConfig.Poll.ALWAYS || (!stillSending && loaded >= expected);
      if (pollStore) {
        succeeded = node.count(Status.SUCCEEDED) - baseline;
        b.storePolls++;
      }
      long now = System.nanoTime();
      if (timeline && now >= nextTimelineAt) {
        second++;
        nextTimelineAt += 1_000_000_000L;
        b.timeline.add(
            String.format(
                "%3d: %,9d %,10d %10s",
                second,
                b.accepted.sum(),
                loaded,
                pollStore ? String.format("%,d", succeeded) : "-"));
      }
      long progress = loaded + succeeded;
      if (progress != lastProgress) {
        lastProgress = progress;
        lastProgressAt = now;
      }
      if (!stillSending && pollStore && succeeded >= expected) {
        b.succeeded = succeeded;
        b.wallNanos = now - start;
        b.complete = true;
        break;
      }
      if (now - lastProgressAt > STALL.toNanos()) {
        b.succeeded = pollStore ? succeeded : node.count(Status.SUCCEEDED) - baseline;
        b.wallNanos = now - start;
        b.complete = false;
        break;
      }
    }
    joiner.join();
    b.acceptNanos = b.lastAcceptedAt.get() - start;
    return b;
  }

  private static void work(GatewayClient client, AtomicInteger next, int end, Batch b) {
    int seq;
    while ((seq = next.getAndIncrement()) < end) {
      byte[] body = BenchApp.body(seq);
      while (true) {
        try {
          GatewayClient.Answer a = client.post(body);
          if (a.status() == 202) {
            b.accepted.increment();
            b.lastAcceptedAt.accumulateAndGet(System.nanoTime(), Math::max);
          } else if (a.status() == 503) {
            // Overloaded: back off briefly and send the same event again.
            b.overloaded.increment();
            Thread.sleep(20);
            continue;
          } else {
            b.refused.increment();
            b.firstError.compareAndSet(null, a.status() + " " + a.body());
          }
        } catch (IOException e) {
          b.failed.increment();
          b.firstError.compareAndSet(null, e.toString());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        break;
      }
    }
  }
}
