package dev.blacksmith.bench;

import dev.blacksmith.engine.Blacksmith;
import dev.blacksmith.engine.Options;
import dev.blacksmith.engine.ServiceKind;
import dev.blacksmith.server.BlacksmithServer;
import dev.blacksmith.spi.store.Query;
import dev.blacksmith.store.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * One Blacksmith process under test: the bench application on a SQLite store in its own directory,
 * with the gateway and the scheduler on free local ports.
 */
final class BenchNode implements AutoCloseable {

  private final Path dir;
  private final boolean deleteDir;
  private final BenchApp.Probe probe = new BenchApp.Probe();
  private final TimedStore store;
  private final Blacksmith blacksmith;
  private final BlacksmithServer server;

  private final @Nullable Blacksmith schedulerOnly;
  private final List<BlacksmithServer> others = new ArrayList<>();

  private final String storeUrl;

  private BenchNode(Path dir, boolean deleteDir, int jobsPerEvent, BenchConfig config) {
    this.dir = dir;
    this.deleteDir = deleteDir;
    this.storeUrl = storeUrl(dir);
    this.store = TimedStore.open(storeUrl);
    String pubsubUrl = System.getenv("BENCH_PUBSUB_URL");
    boolean split = pubsubUrl != null && !pubsubUrl.isBlank();
    Options.Builder options = instanceOptions(jobsPerEvent, config).store(store);
    if (split) {
      // The gateway and the scheduler as two instances, so realtime wake-ups cross the broker;
      // the scheduler's sweep is slow, so loads come from the wake-ups.
      String topic = "bench-" + Long.toHexString(System.nanoTime());
      options.pubsubUrl(pubsubUrl).topic(topic).services(ServiceKind.GATEWAY);
      Options scheduler =
          Options.builder()
              .source(BenchApp.source(jobsPerEvent))
              .destination(BenchApp.sink(jobsPerEvent, probe))
              .storeUrl(storeUrl)
              .pubsubUrl(pubsubUrl)
              .topic(topic)
              .services(ServiceKind.SCHEDULER)
              .sweepInterval(Duration.ofSeconds(5))
              .claimBatchSize(config.claimBatchSize())
              .realtimeLinger(config.realtimeLinger())
              .shutdownTimeout(Duration.ofSeconds(30))
              .build();
      this.schedulerOnly = Blacksmith.create(scheduler);
      schedulerOnly.start();
    } else {
      this.schedulerOnly = null;
    }
    try {
      this.blacksmith = Blacksmith.create(options.build());
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    try {
      blacksmith.start();
      this.server = BlacksmithServer.start(blacksmith);
    } catch (RuntimeException e) {
      blacksmith.close();
      throw e;
    }
    int instances = instances();
    if (instances > 1 && split) {
      close();
      throw new IllegalArgumentException("BENCH_INSTANCES and BENCH_PUBSUB_URL cannot be combined");
    }
    if (instances > 1 && !storeUrl.startsWith("postgres")) {
      close();
      throw new IllegalArgumentException("BENCH_INSTANCES > 1 needs a PostgreSQL BENCH_STORE_URL");
    }
    // Further instances, each a gateway and a scheduler with its own pool, on the same schema:
    // they claim with SKIP LOCKED and learn of each other's realtime jobs by LISTEN/NOTIFY.
    try {
      for (int i = 1; i < instances; i++) {
        Blacksmith other =
            Blacksmith.create(instanceOptions(jobsPerEvent, config).storeUrl(storeUrl).build());
        other.start();
        others.add(BlacksmithServer.start(other));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** One full instance of the bench application with the run's engine settings; no store yet. */
  private Options.Builder instanceOptions(int jobsPerEvent, BenchConfig config) {
    return Options.builder()
        .source(BenchApp.source(jobsPerEvent))
        .destination(BenchApp.sink(jobsPerEvent, probe))
        .host("127.0.0.1")
        .gatewayPort(0)
        .schedulerPort(0)
        .groupCommit(config.groupCommitSize(), config.groupCommitDelay())
        .claimBatchSize(config.claimBatchSize())
        .writerQueueCapacity(config.writerQueueCapacity())
        .realtimeLinger(config.realtimeLinger())
        .shutdownTimeout(Duration.ofSeconds(30));
  }

  /** How many instances share the store: {@code BENCH_INSTANCES}, default 1. */
  static int instances() {
    String value = System.getenv("BENCH_INSTANCES");
    if (value == null || value.isBlank()) {
      return 1;
    }
    int n = Integer.parseInt(value.trim());
    if (n < 1 || n > 16) {
      throw new IllegalArgumentException("BENCH_INSTANCES must be 1 to 16, was " + n);
    }
    return n;
  }

  /**
   * The store under test: SQLite in {@code dir}, or the URL in {@code BENCH_STORE_URL} (a
   * PostgreSQL URL gets a fresh schema per node unless it names one).
   */
  static String storeUrl(Path dir) {
    String url = System.getenv("BENCH_STORE_URL");
    if (url == null || url.isBlank()) {
      return "sqlite:" + dir.resolve("bench.db");
    }
    if (url.startsWith("postgres") && !url.contains("schema=")) {
      String schema = "bench_" + Long.toHexString(System.nanoTime());
      return url + (url.contains("?") ? "&" : "?") + "schema=" + schema;
    }
    return url;
  }

  /**
   * Starts a node in {@code config.dir()}, or in a fresh temporary directory deleted on close.
   *
   * @param jobsPerEvent the jobs each event creates: one per action {@code a1..aK}
   */
  static BenchNode start(BenchConfig config, String name, int jobsPerEvent) {
    try {
      Path dir;
      boolean delete;
      if (config.dir() != null) {
        dir = Files.createDirectories(config.dir().resolve(name));
        delete = false;
      } else {
        dir = Files.createTempDirectory("blacksmith-bench-" + name + "-");
        delete = true;
      }
      try {
        return new BenchNode(dir, delete, jobsPerEvent, config);
      } catch (RuntimeException e) {
        // The node did not start: its temporary directory would otherwise stay behind.
        if (delete) {
          deleteTree(dir);
        }
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the store's directory", e);
    }
  }

  int gatewayPort() {
    return server.gatewayPort();
  }

  /** The gateway of every instance, the first one's first. */
  List<Integer> gatewayPorts() {
    List<Integer> ports = new ArrayList<>();
    ports.add(server.gatewayPort());
    others.forEach(o -> ports.add(o.gatewayPort()));
    return ports;
  }

  Path dir() {
    return dir;
  }

  BenchApp.Probe probe() {
    return probe;
  }

  Blacksmith blacksmith() {
    return blacksmith;
  }

  /** What the engine asked of the store so far. */
  TimedStore.Totals storeTotals() {
    return store.totals();
  }

  /** How many jobs the store holds with {@code status}: one {@code COUNT} query. */
  long count(Status status) {
    Query query =
        Query.all()
            .withJobs(
                new Query.JobFilter(
                    Set.of(),
                    Set.of(),
                    Set.of(),
                    Set.of(),
                    Set.of(status),
                    Set.of(),
                    null,
                    null,
                    null))
            .withPage(0, 1);
    return blacksmith.store().findJobs(query).count();
  }

  /** Jobs by status, every status, from the store. */
  Map<Status, Long> countsByStatus() {
    Map<Status, Long> counts = new EnumMap<>(Status.class);
    for (Status s : Status.values()) {
      counts.put(s, count(s));
    }
    return counts;
  }

  @Override
  public void close() {
    for (BlacksmithServer other : others) {
      other.close();
    }
    server.close();
    if (schedulerOnly != null) {
      schedulerOnly.close();
    }
    if (deleteDir) {
      deleteTree(dir);
    }
    dropBenchSchema(storeUrl);
  }

  /** Drops the fresh schema {@link #storeUrl} made for this run, so runs leave nothing behind. */
  private static void dropBenchSchema(String storeUrl) {
    Matcher m =
        Pattern.compile(
                "^postgres(?:ql)?://(?:([^@/:]+)(?::([^@/]*))?@)?([^/?]+)/([^?]+)\\?.*schema=(bench_[0-9a-f]+)$")
            .matcher(storeUrl);
    if (!m.matches()) {
      return;
    }
    Properties props = new Properties();
    if (m.group(1) != null) {
      props.setProperty("user", m.group(1));
    }
    if (m.group(2) != null) {
      props.setProperty("password", m.group(2));
    }
    String jdbc = "jdbc:postgresql://" + m.group(3) + "/" + m.group(4);
    try (Connection c = DriverManager.getConnection(jdbc, props);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + m.group(5) + " CASCADE");
    } catch (SQLException e) {
      System.err.println("could not drop bench schema " + m.group(5) + ": " + e.getMessage());
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      // A leftover temporary directory is harmless.
    }
  }
}
