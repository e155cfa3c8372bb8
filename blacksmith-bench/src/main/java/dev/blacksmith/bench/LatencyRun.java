package dev.blacksmith.bench;

import dev.blacksmith.store.Status;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Realtime latency: an open-loop client sends events at a fixed rate, each from its own virtual
 * thread on schedule whether or not earlier requests were answered; each event creates one realtime
 * job. The sink records {@link System#nanoTime()} when {@code load} is called with a job, the
 * client when the gateway answered 202, and the job's latency is the difference (matched by the
 * event's sequence number, carried in the job's data). Events sent during the warm-up are not
 * measured.
 */
final class LatencyRun {

  /** How long to wait, after the last answer, for the jobs still to be loaded. */
  private static final Duration DRAIN = Duration.ofSeconds(30);

  private static final int PREPARED_CONNECTIONS = 256;

  /**
   * Percentiles of one latency, in milliseconds.
   *
   * @param count how many values they summarise
   */
  record Stats(int count, double min, double p50, double p90, double p99, double p999, double max) {

    static Stats of(long[] nanos, int n) {
      if (n == 0) {
        return new Stats(0, 0, 0, 0, 0, 0, 0);
      }
      long[] v = Arrays.copyOf(nanos, n);
      Arrays.sort(v);
      return new Stats(
          n, v[0] / 1e6, at(v, 0.50), at(v, 0.90), at(v, 0.99), at(v, 0.999), v[n - 1] / 1e6);
    }

    /**
     * The nearest-rank percentile: the smallest value with at least {@code q} of them at or below.
     */
    private static double at(long[] sorted, double q) {
      int rank = (int) Math.ceil(q * sorted.length);
      return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }

    String line() {
      return String.format(
          "p50 %7.2f  p90 %7.2f  p99 %7.2f  p99.9 %7.2f  max %7.2f  min %7.2f ms",
          p50, p90, p99, p999, max, min);
    }
  }

  /**
   * What the run measured.
   *
   * @param sent events sent, warm-up included
   * @param accepted events answered 202, warm-up included
   * @param notAccepted events answered otherwise or not at all
   * @param measured accepted events after the warm-up
   * @param missing measured events whose job was never loaded
   * @param acceptedToLoad from the 202 answer to the call of {@code load} (the target figure)
   * @param sentToLoad from the send to the call of {@code load}
   * @param sentToAccepted the gateway's response time, from the send to the 202 answer
   * @param maxScheduleLagMillis the most the client's sends fell behind their schedule
   * @param maxInFlight the most requests waiting for an answer at once
   * @param finalCounts jobs by status in the store at the end, warm-up included
   */
  record Result(
      int sent,
      long accepted,
      long notAccepted,
      int measured,
      int missing,
      Stats acceptedToLoad,
      Stats sentToLoad,
      Stats sentToAccepted,
      double maxScheduleLagMillis,
      int maxInFlight,
      Map<Status, Long> finalCounts) {}

  private final BenchConfig config;
  private final PrintStream out;

  LatencyRun(BenchConfig config, PrintStream out) {
    this.config = config;
    this.out = out;
  }

  Result run() throws InterruptedException {
    int rate = config.rate();
    int total = (int) Math.max(1, Math.round(rate * config.duration().toNanos() / 1e9));
    out.printf(
        "%n== Latency: %,d events/s for %.1f s (open loop, virtual thread per request, %s"
            + " client), 1 realtime job per event, first %.1f s not measured%n",
        rate, config.duration().toNanos() / 1e9, config.client(), config.warmup().toNanos() / 1e9);
    out.println("   engine: " + config.describeEngine());
    try (BenchNode node = BenchNode.start(config, "latency", 1);
        GatewayClient client = GatewayClient.create(config.client(), node.gatewayPorts())) {
      // Enough for the requests in flight when the machine hiccups; opened one by one up front.
      client.prepare(PREPARED_CONNECTIONS);
      node.probe().recordLoadTimes(total);
      AtomicLongArray loadedAt = Objects.requireNonNull(node.probe().loadTimes());
      long[] sentAt = new long[total];
      AtomicLongArray acceptedAt = new AtomicLongArray(total);
      AtomicInteger accepted = new AtomicInteger();
      AtomicInteger notAccepted = new AtomicInteger();
      AtomicInteger inFlight = new AtomicInteger();
      AtomicInteger maxInFlight = new AtomicInteger();
      AtomicReference<String> firstError = new AtomicReference<>();
      long period = Math.round(1e9 / rate);
      long maxLag = 0;
      CpuProfile before = CpuProfile.snapshot();
      TimedStore.Totals storeBefore = node.storeTotals();
      long start = System.nanoTime() + 10_000_000L;
      try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < total; i++) {
          long due = start + i * period;
          long now;
          while ((now = System.nanoTime()) < due) {
            LockSupport.parkNanos(due - now);
          }
          maxLag = Math.max(maxLag, now - due);
          int seq = i;
          sentAt[seq] = now;
          requests.execute(() -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
              GatewayClient.Answer a = client.post(BenchApp.body(seq));
              long at = System.nanoTime();
              if (a.status() == 202) {
                acceptedAt.set(seq, at);
                accepted.incrementAndGet();
              } else {
                notAccepted.incrementAndGet();
                firstError.compareAndSet(null, a.status() + " " + a.body());
              }
            } catch (IOException e) {
              notAccepted.incrementAndGet();
              firstError.compareAndSet(null, e.toString());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } finally {
              inFlight.decrementAndGet();
            }
          });
        }
      }
      long sendEnd = System.nanoTime();
      long warmupEnd = start + config.warmup().toNanos();
      // Wait for the jobs of every accepted event to be loaded.
      long deadline = System.nanoTime() + DRAIN.toNanos();
      while (unloaded(acceptedAt, loadedAt, total) > 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      CpuProfile after = CpuProfile.snapshot();
      List<String> storeLines =
          node.storeTotals().minus(storeBefore).lines((System.nanoTime() - start) / 1e9);
      long[] a2l = new long[total];
      long[] s2l = new long[total];
      long[] s2a = new long[total];
      int measured = 0;
      int missing = 0;
      for (int i = 0; i < total; i++) {
        long acc = acceptedAt.get(i);
        if (sentAt[i] < warmupEnd || acc == 0) {
          continue;
        }
        long loaded = loadedAt.get(i);
        if (loaded == 0) {
          missing++;
          continue;
        }
        a2l[measured] = loaded - acc;
        s2l[measured] = loaded - sentAt[i];
        s2a[measured] = acc - sentAt[i];
        measured++;
      }
      Result r =
          new Result(
              total,
              accepted.get(),
              notAccepted.get(),
              measured,
              missing,
              Stats.of(a2l, measured),
              Stats.of(s2l, measured),
              Stats.of(s2a, measured),
              maxLag / 1e6,
              maxInFlight.get(),
              settledCounts(node, deadline));
      out.printf(
          "   sent %,d events in %.2f s (schedule held within %.2f ms; at most %d requests in"
              + " flight); %,d accepted, %,d not%n",
          total,
          (sendEnd - start) / 1e9,
          r.maxScheduleLagMillis(),
          r.maxInFlight(),
          r.accepted(),
          r.notAccepted());
      if (firstError.get() != null) {
        out.println("   first error: " + firstError.get());
      }
      if (client.connectionsOpened() >= 0) {
        out.printf(
            "   client connections opened: %d (%d before the first send)%n",
            client.connectionsOpened(), PREPARED_CONNECTIONS);
      }
      out.printf("   measured %,d jobs (after the warm-up), %,d never loaded%n", measured, missing);
      out.println("   202 answer -> load called: " + r.acceptedToLoad().line());
      out.println("   send       -> load called: " + r.sentToLoad().line());
      out.println("   send       -> 202 answer:  " + r.sentToAccepted().line());
      out.println("   store at the end: " + r.finalCounts());
      out.println("   CPU (client and server share the machine):");
      List<String> profile = after.since(before);
      for (String line : profile) {
        out.println("     " + line);
      }
      out.println("   store calls by the engine (time includes waiting for the writer):");
      for (String line : storeLines) {
        out.println("     " + line);
      }
      return r;
    }
  }

  private static int unloaded(AtomicLongArray acceptedAt, AtomicLongArray loadedAt, int total) {
    int n = 0;
    for (int i = 0; i < total; i++) {
      if (acceptedAt.get(i) != 0 && loadedAt.get(i) == 0) {
        n++;
      }
    }
    return n;
  }

  /**
   * Jobs by status once none is in flight any more: the sink sees a job before its outcome is
   * committed, so the last completion may still be on its way when every load was called.
   */
  private static Map<Status, Long> settledCounts(BenchNode node, long deadlineNanos)
      throws InterruptedException {
    Map<Status, Long> counts = node.countsByStatus();
    while (inFlight(counts) > 0 && System.nanoTime() < deadlineNanos) {
      Thread.sleep(10);
      counts = node.countsByStatus();
    }
    return counts;
  }

  private static long inFlight(Map<Status, Long> counts) {
    return counts.getOrDefault(Status.ACKNOWLEDGED, 0L)
        + counts.getOrDefault(Status.AWAITING, 0L)
        + counts.getOrDefault(Status.EXECUTING, 0L);
  }
}
