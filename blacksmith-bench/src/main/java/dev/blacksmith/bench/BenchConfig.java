package dev.blacksmith.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What to measure and how hard, parsed from the command line.
 *
 * @param mode which runs to make
 * @param events events the throughput run sends after its warm-up
 * @param warmupEvents events sent, and waited for, before the throughput run is measured
 * @param jobsPerEvent realtime jobs each event of the throughput run creates
 * @param concurrency connections of the throughput run's closed-loop client
 * @param rate events per second of the latency run's open-loop client
 * @param duration how long the latency run sends
 * @param warmup the first part of the latency run, sent but not measured
 * @param client which HTTP client drives the gateway
 * @param poll when the throughput run counts succeeded jobs in the store
 * @param groupCommitSize the most events the gateway commits in one transaction
 * @param groupCommitDelay how long the gateway's writer waits to fill a group
 * @param claimBatchSize the most jobs one claim (and so one load) takes
 * @param writerQueueCapacity requests waiting for the writer before the gateway answers 503
 * @param realtimeLinger how long a busy realtime action waits between claims
 * @param dir where the SQLite files go; {@code null} for a fresh temporary directory, deleted after
 */
record BenchConfig(
    Mode mode,
    int events,
    int warmupEvents,
    int jobsPerEvent,
    int concurrency,
    int rate,
    Duration duration,
    Duration warmup,
    ClientKind client,
    Poll poll,
    int groupCommitSize,
    Duration groupCommitDelay,
    int claimBatchSize,
    int writerQueueCapacity,
    Duration realtimeLinger,
    @Nullable Path dir) {

  /** Which runs to make. */
  enum Mode {
    THROUGHPUT,
    LATENCY,
    ALL;

    boolean throughput() {
      return this != LATENCY;
    }

    boolean latency() {
      return this != THROUGHPUT;
    }
  }

  /** When the throughput run asks the store how many jobs succeeded. */
  enum Poll {
    /** Every 100 ms from the first send. */
    ALWAYS,
    /**
     * Every 100 ms once the sink has been handed every job; before, the harness watches the sink's
     * own counter. Counting by status scans the jobs table, which would take CPU from the run.
     */
    AT_END
  }

  /** The HTTP client driving the gateway. */
  enum ClientKind {
    /** {@code java.net.http.HttpClient}, HTTP/1.1 with keep-alive. */
    JDK,
    /** Plain keep-alive sockets writing HTTP/1.1 by hand: the cheapest client possible. */
    RAW
  }

  static final String USAGE =
      """
      Usage: blacksmith-bench [options]
        --mode throughput|latency|all   runs to make (default all)
        --events N                      events of the throughput run (default 50000)
        --warmup-events N               unmeasured events before it (default 5000)
        --jobs-per-event K              jobs per event in the throughput run (default 4)
        --concurrency C                 connections of the throughput client (default 64)
        --rate R                        events/s of the latency run (default 1000)
        --duration D                    how long the latency run sends (default 20s)
        --warmup D                      unmeasured start of the latency run (default 2s)
        --client raw|jdk                HTTP client (default raw: keep-alive sockets)
        --poll at-end|always            when the throughput run counts succeeded jobs in the
                                        store every 100 ms: once the sink has seen every job
                                        (default), or from the first send
        --group-commit-size N           events per gateway transaction (default 512)
        --group-commit-delay D          writer wait to fill a group (default 2ms)
        --claim-batch-size N            jobs per claim and load (default 500)
        --writer-queue-capacity N       queued requests before 503 (default 20000)
        --realtime-linger D             wait of a busy realtime action between claims (default 10ms)
        --dir PATH                      where the SQLite files go (default: a temp directory)
      Durations: 20, 20s, 500ms, 2m.\
      """;

  static BenchConfig defaults() {
    return new BenchConfig(
        Mode.ALL,
        50_000,
        5_000,
        4,
        64,
        1_000,
        Duration.ofSeconds(20),
        Duration.ofSeconds(2),
        ClientKind.RAW,
        Poll.AT_END,
        512,
        Duration.ofMillis(2),
        500,
        20_000,
        Duration.ofMillis(10),
        null);
  }

  /**
   * Parses {@code --name value} and {@code --name=value} options over the defaults.
   *
   * @throws IllegalArgumentException naming the option when one is unknown or malformed
   */
  static BenchConfig parse(String... args) {
    Builder b = new Builder(defaults());
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + arg + "'");
      }
      String name = arg.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException("option --" + name + " needs a value");
      }
      try {
        b.set(name, value);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "--" + name + " " + value + " is invalid: " + e.getMessage(), e);
      }
    }
    return b.build();
  }

  /** The settings as one line, for the report. */
  String describeEngine() {
    return "groupCommit(maxEvents="
        + groupCommitSize
        + ", maxDelay="
        + groupCommitDelay.toMillis()
        + "ms), claimBatchSize="
        + claimBatchSize
        + ", writerQueueCapacity="
        + writerQueueCapacity
        + ", realtimeLinger="
        + realtimeLinger.toMillis()
        + "ms";
  }

  /** Parses {@code 20}, {@code 20s}, {@code 500ms}, {@code 2m} or ISO-8601 {@code PT20S}. */
  static Duration duration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.startsWith("p")) {
      return Duration.parse(t.toUpperCase(Locale.ROOT));
    }
    if (t.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
    }
    if (t.endsWith("s")) {
      return Duration.ofMillis(
          Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1e3));
    }
    if (t.endsWith("m")) {
      return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60);
    }
    return Duration.ofMillis(Math.round(Double.parseDouble(t) * 1e3));
  }

  private static int positive(String text) {
    int v = Integer.parseInt(text.trim().replace("_", ""));
    if (v < 1) {
      throw new IllegalArgumentException("must be at least 1");
    }
    return v;
  }

  private static int nonNegative(String text) {
    int v = Integer.parseInt(text.trim().replace("_", ""));
    if (v < 0) {
      throw new IllegalArgumentException("must not be negative");
    }
    return v;
  }

  /** Mutable form used while parsing. */
  private static final class Builder {
    private Mode mode;
    private int events;
    private int warmupEvents;
    private int jobsPerEvent;
    private int concurrency;
    private int rate;
    private Duration duration;
    private Duration warmup;
    private ClientKind client;
    private Poll poll;
    private int groupCommitSize;
    private Duration groupCommitDelay;
    private int claimBatchSize;
    private int writerQueueCapacity;
    private Duration realtimeLinger;
    private @Nullable Path dir;

    Builder(BenchConfig c) {
      mode = c.mode();
      events = c.events();
      warmupEvents = c.warmupEvents();
      jobsPerEvent = c.jobsPerEvent();
      concurrency = c.concurrency();
      rate = c.rate();
      duration = c.duration();
      warmup = c.warmup();
      client = c.client();
      poll = c.poll();
      groupCommitSize = c.groupCommitSize();
      groupCommitDelay = c.groupCommitDelay();
      claimBatchSize = c.claimBatchSize();
      writerQueueCapacity = c.writerQueueCapacity();
      realtimeLinger = c.realtimeLinger();
      dir = c.dir();
    }

    void set(String name, String value) {
      switch (name) {
        case "mode" -> mode = Mode.valueOf(value.trim().toUpperCase(Locale.ROOT));
        case "events" -> events = positive(value);
        case "warmup-events" -> warmupEvents = nonNegative(value);
        case "jobs-per-event" -> jobsPerEvent = positive(value);
        case "concurrency" -> concurrency = positive(value);
        case "rate" -> rate = positive(value);
        case "duration" -> duration = duration(value);
        case "warmup" -> warmup = duration(value);
        case "client" -> client = ClientKind.valueOf(value.trim().toUpperCase(Locale.ROOT));
        case "poll" -> poll = Poll.valueOf(value.trim().replace('-', '_').toUpperCase(Locale.ROOT));
        case "group-commit-size" -> groupCommitSize = positive(value);
        case "group-commit-delay" -> groupCommitDelay = duration(value);
        case "claim-batch-size" -> claimBatchSize = positive(value);
        case "writer-queue-capacity" -> writerQueueCapacity = positive(value);
        case "realtime-linger" -> realtimeLinger = duration(value);
        case "dir" -> dir = Path.of(value);
        default -> throw new IllegalArgumentException("unknown option");
      }
    }

    BenchConfig build() {
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException("--duration must be positive");
      }
      if (warmup.isNegative() || warmup.compareTo(duration) >= 0) {
        throw new IllegalArgumentException("--warmup must be shorter than --duration");
      }
      return new BenchConfig(
          mode,
          events,
          warmupEvents,
          jobsPerEvent,
          concurrency,
          rate,
          duration,
          warmup,
          client,
          poll,
          groupCommitSize,
          groupCommitDelay,
          claimBatchSize,
          writerQueueCapacity,
          realtimeLinger,
          dir);
    }
  }
}
