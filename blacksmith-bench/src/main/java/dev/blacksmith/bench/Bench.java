package dev.blacksmith.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The load harness: starts Blacksmith with a bench application on an embedded SQLite store in a
 * temporary directory, drives its gateway over HTTP from the same JVM, and prints end-to-end
 * throughput and realtime latency. Run with {@code --help} for the options.
 */
public final class Bench {

  /**
   * What the runs measured; a run not made is {@code null}.
   *
   * @param throughput the throughput run
   * @param latency the latency run
   */
  record Report(ThroughputRun.@Nullable Result throughput, LatencyRun.@Nullable Result latency) {}

  private Bench() {}

  /** Runs the harness; exits with 2 on bad options. */
  public static void main(String[] args) throws InterruptedException {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    for (String a : args) {
      if (a.equals("--help") || a.equals("-h")) {
        out.println(BenchConfig.USAGE);
        return;
      }
    }
    BenchConfig config;
    try {
      config = BenchConfig.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(BenchConfig.USAGE);
      System.exit(2);
      return;
    }
    run(config, out);
  }

  /** Makes the runs {@code config} asks for and prints their figures on {@code out}. */
  static Report run(BenchConfig config, PrintStream out) throws InterruptedException {
    printMachine(out);
    ThroughputRun.Result throughput = null;
    LatencyRun.Result latency = null;
    if (config.mode().throughput()) {
      throughput = new ThroughputRun(config, out).run();
    }
    if (config.mode().latency()) {
      latency = new LatencyRun(config, out).run();
    }
    out.println();
    out.println("== Summary");
    if (throughput != null) {
      out.printf(
          "   throughput: %,.0f events/s accepted, %,.0f jobs/s end to end (%,d jobs, %d per event)"
              + "%s%n",
          throughput.eventsPerSecondAccepted(),
          throughput.jobsPerSecond(),
          throughput.succeededJobs(),
          config.jobsPerEvent(),
          throughput.complete() ? "" : " INCOMPLETE");
    }
    if (latency != null) {
      LatencyRun.Stats s = latency.acceptedToLoad();
      out.printf(
          "   latency at %,d events/s, 202 answer -> load: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f"
              + " ms (%,d jobs measured, %,d missing)%n",
          config.rate(), s.p50(), s.p90(), s.p99(), s.max(), latency.measured(), latency.missing());
    }
    out.println(
        "   NOTE: client and server run in one JVM and share the machine's "
            + Runtime.getRuntime().availableProcessors()
            + " cores.");
    return new Report(throughput, latency);
  }

  private static void printMachine(PrintStream out) {
    Runtime rt = Runtime.getRuntime();
    out.printf(
        "Blacksmith bench, %s%n  JVM %s %s (%s), %d cores available, max heap %,d MB%n  args %s%n",
        Instant.now(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.runtime.version"),
        System.getProperty("java.vm.vendor"),
        rt.availableProcessors(),
        rt.maxMemory() / (1024 * 1024),
        ManagementFactory.getRuntimeMXBean().getInputArguments());
    out.println("  " + CpuProfile.machineLoad() + " at the start");
  }
}
