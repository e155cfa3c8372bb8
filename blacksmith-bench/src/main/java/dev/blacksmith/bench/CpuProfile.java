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

  private CpuProfile(
      long wallNanos,
      long processNanos,
      Map<Long, Long> threadNanos,
      Map<Long, String> threadNames,
      long gcCount,
      long gcMillis,
      long writeBytes) {
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
    lines.add(machineLoad() + " at the end");
    return lines;
  }
}
