package dev.blacksmith.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where the process spent its CPU during a run: CPU time per group of platform threads (a group is
 * a thread name without its number), the rest of the process (GC and JIT threads, which Java does
 * not list), and GC pauses. Virtual threads show up as the CPU of their carriers ({@code
 * ForkJoinPool-N-worker}), since the JDK does not time them one by one.
 */
final class CpuProfile {

  private static final Pattern NUMBERS = Pattern.compile("\\d+");

  private final long wallNanos;
  private final long processNanos;
  private final Map<Long, Long> threadNanos;
  private final Map<Long, String> threadNames;
  private final long gcCount;
  private final long gcMillis;
  private final long writeBytes;
  private final long postgresTicks;
  private final long[] machineTicks;

  private CpuProfile(
      long wallNanos,
      long processNanos,
      Map<Long, Long> threadNanos,
      Map<Long, String> threadNames,
      long gcCount,
      long gcMillis,
      long writeBytes) {
    this.postgresTicks = postgresTicks();
    this.machineTicks = machineTicks();
    this.wallNanos = wallNanos;
    this.processNanos = processNanos;
    this.threadNanos = threadNanos;
    this.threadNames = threadNames;
    this.gcCount = gcCount;
    this.gcMillis = gcMillis;
    this.writeBytes = writeBytes;
  }

  static CpuProfile snapshot() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<Long, Long> cpu = new HashMap<>();
    Map<Long, String> names = new HashMap<>();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long t = threads.getThreadCpuTime(info.getThreadId());
      if (t >= 0) {
        cpu.put(info.getThreadId(), t);
        names.put(info.getThreadId(), info.getThreadName());
      }
    }
    long count = 0;
    long millis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, gc.getCollectionCount());
      millis += Math.max(0, gc.getCollectionTime());
    }
    return new CpuProfile(
        System.nanoTime(), processCpuNanos(), cpu, names, count, millis, writeBytes());
  }

  /** Bytes this process caused to be written to storage (Linux {@code /proc/self/io}), or -1. */
  private static long writeBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
        if (line.startsWith("write_bytes:")) {
          return Long.parseLong(line.substring("write_bytes:".length()).trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux, or not allowed: the figure is left out.
    }
    return -1;
  }

  /** Clock ticks per second of {@code /proc} CPU times (USER_HZ), 100 on Linux. */
  private static final double TICKS_PER_SECOND = 100.0;

  /**
   * CPU used so far by the processes named {@code postgres} (a PostgreSQL server on this machine),
   * in clock ticks, or -1 when {@code /proc} cannot be read. Backends that exit during a run take
   * their time with them, so this is a lower bound.
   */
  private static long postgresTicks() {
    long ticks = 0;
    boolean any = false;
    try (java.util.stream.Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path proc : procs.toList()) {
        String name = String.valueOf(proc.getFileName());
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          String stat = Files.readString(proc.resolve("stat"));
          int open = stat.indexOf('(');
          int close = stat.lastIndexOf(')');
          if (open < 0 || close < 0 || !stat.substring(open + 1, close).equals("postgres")) {
            continue;
          }
          String[] fields = stat.substring(close + 2).split(" ");
          // After the name: state(0) ... utime(11) stime(12).
          ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
          any = true;
        } catch (IOException | RuntimeException e) {
          // The process ended while being read.
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return any ? ticks : -1;
  }

  /** {busy, total} clock ticks of every core since boot ({@code /proc/stat}), or {-1, -1}. */
  private static long[] machineTicks() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length; i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      return new long[] {total - idle, total};
    } catch (IOException | RuntimeException e) {
      return new long[] {-1, -1};
    }
  }

  /**
   * CPU per job: this JVM's, and the PostgreSQL server's when one runs on this machine, since
   * {@code before}.
   */
  String perJob(CpuProfile before, long jobs) {
    if (jobs <= 0) {
      return "CPU per job: no jobs";
    }
    double jvmMicros = (processNanos - before.processNanos) / 1e3 / jobs;
    String line = String.format("CPU per job: JVM %.0f us", jvmMicros);
    if (postgresTicks >= 0 && before.postgresTicks >= 0) {
      double pgMicros = (postgresTicks - before.postgresTicks) / TICKS_PER_SECOND * 1e6 / jobs;
      line += String.format(", PostgreSQL server %.0f us", pgMicros);
    }
    return line;
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /**
   * The system's load average over the last minute, and a warning when other processes compete for
   * the cores (our own process counts for at most {@code ownCores}).
   */
  static String machineLoad() {
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    int cores = Runtime.getRuntime().availableProcessors();
    String line = String.format("load average (1 min) %.2f on %d cores", load, cores);
    return load > cores + 0.5
        ? line + "  WARNING: other processes compete for the CPU; figures are not representative"
        : line;
  }

  /** What happened between {@code before} and this snapshot, as report lines. */
  List<String> since(CpuProfile before) {
    double wall = (wallNanos - before.wallNanos) / 1e9;
    double process = (processNanos - before.processNanos) / 1e9;
    int cores = Runtime.getRuntime().availableProcessors();
    Map<String, Long> groups = new HashMap<>();
    long listed = 0;
    for (Map.Entry<Long, Long> e : threadNanos.entrySet()) {
      long delta = e.getValue() - before.threadNanos.getOrDefault(e.getKey(), 0L);
      if (delta <= 0) {
        continue;
      }
      listed += delta;
      String group = NUMBERS.matcher(threadNames.get(e.getKey())).replaceAll("N");
      groups.merge(group, delta, Long::sum);
    }
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            "process CPU %.1f s over %.1f s wall = %.2f of %d cores (%.0f%%)",
            process, wall, process / wall, cores, 100 * process / wall / cores));
    groups.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(8)
        .forEach(e ->
            lines.add(
                String.format(
                    "  %5.1f%%  %6.2f s  %s",
                    100 * e.getValue() / 1e9 / process, e.getValue() / 1e9, e.getKey())));
    double unlisted = process - listed / 1e9;
    lines.add(
        String.format(
            "  %5.1f%%  %6.2f s  GC, JIT and other JVM threads",
            100 * unlisted / process, unlisted));
    lines.add(
        String.format(
            "  GC: %d collections, %d ms in total",
            gcCount - before.gcCount, gcMillis - before.gcMillis));
    if (writeBytes >= 0 && before.writeBytes >= 0) {
      double mb = (writeBytes - before.writeBytes) / 1e6;
      lines.add(String.format("written to storage: %,.1f MB = %,.1f MB/s", mb, mb / wall));
    }
    if (postgresTicks >= 0 && before.postgresTicks >= 0) {
      double pg = (postgresTicks - before.postgresTicks) / TICKS_PER_SECOND;
      lines.add(
          String.format(
              "PostgreSQL server processes: CPU %.1f s = %.2f of %d cores", pg, pg / wall, cores));
    }
    if (machineTicks[0] >= 0 && before.machineTicks[0] >= 0) {
      double busy = machineTicks[0] - before.machineTicks[0];
      double total = machineTicks[1] - before.machineTicks[1];
      lines.add(String.format("machine: %.0f%% of its cores busy", 100 * busy / total));
    }
    lines.add(machineLoad() + " at the end");
    return lines;
  }
}
