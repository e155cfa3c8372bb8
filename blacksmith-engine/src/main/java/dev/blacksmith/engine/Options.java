package dev.blacksmith.engine;

import dev.blacksmith.destination.Destination;
import dev.blacksmith.source.Source;
import dev.blacksmith.spi.pubsub.PubSub;
import dev.blacksmith.spi.store.Store;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a Blacksmith process needs: the application's sources and destinations, its adapters
 * and its tuning. Build with {@link #builder()}; {@link Builder#environment(Map)} applies {@code
 * BLACKSMITH_*} variables over what the code set.
 */
public final class Options {

  /** The embedded store used when none is configured: one SQLite file in the working directory. */
  public static final String DEFAULT_STORE_URL = "sqlite:blacksmith.db";

  /** The in-process pub/sub used when none is configured. */
  public static final String DEFAULT_PUBSUB_URL = "inprocess:";

  /** The topic and subscription carrying realtime wake-ups. */
  public static final String DEFAULT_TOPIC = "blacksmith";

  private final List<Source> sources;
  private final List<Destination> destinations;
  private final String storeUrl;
  private final @Nullable Store store;
  private final String pubsubUrl;
  private final @Nullable PubSub pubsub;
  private final Clock clock;
  private final Logger logger;
  private final Set<ServiceKind> services;
  private final String host;
  private final int gatewayPort;
  private final int schedulerPort;
  private final long maxBodyBytes;
  private final int writerMaxEvents;
  private final Duration writerMaxDelay;
  private final int writerQueueCapacity;
  private final int claimBatchSize;
  private final Duration leaseDuration;
  private final Duration sweepInterval;
  private final Duration realtimeLinger;
  private final @Nullable Duration loadTimeout;
  private final Duration shutdownTimeout;
  private final String topic;
  private final boolean backgroundLoops;
  private final List<PurgePolicy> purgePolicies;
  private final @Nullable String supervisorUrl;
  private final dev.blacksmith.spi.supervisor.@Nullable Supervisor supervisor;
  private final Duration lockLease;
  private final @Nullable String adminToken;
  private final boolean metricsPublic;
  private final Map<String, List<String>> sourceKeys;
  private final List<String> adminCorsOrigins;
  private final List<String> gatewayCorsOrigins;
  private final @Nullable MeterRegistry meterRegistry;
  private final Duration queueMetricsInterval;

  private Options(Builder b) {
    this.sources = List.copyOf(b.sources);
    this.destinations = List.copyOf(b.destinations);
    this.storeUrl = b.storeUrl;
    this.store = b.store;
    this.pubsubUrl = b.pubsubUrl;
    this.pubsub = b.pubsub;
    this.clock = b.clock;
    this.logger = b.logger;
    this.services = Set.copyOf(b.services);
    this.host = b.host;
    this.gatewayPort = b.gatewayPort;
    this.schedulerPort = b.schedulerPort;
    this.maxBodyBytes = b.maxBodyBytes;
    this.writerMaxEvents = b.writerMaxEvents;
    this.writerMaxDelay = b.writerMaxDelay;
    this.writerQueueCapacity = b.writerQueueCapacity;
    this.claimBatchSize = b.claimBatchSize;
    this.leaseDuration = b.leaseDuration;
    this.sweepInterval = b.sweepInterval;
    this.realtimeLinger = b.realtimeLinger;
    this.loadTimeout = b.loadTimeout;
    if (loadTimeout != null && loadTimeout.compareTo(leaseDuration) >= 0) {
      throw new IllegalArgumentException(
          "loadTimeout ("
              + loadTimeout
              + ") must be shorter than leaseDuration ("
              + leaseDuration
              + "): a load's outcomes must be written while its jobs are still leased");
    }
    this.shutdownTimeout = b.shutdownTimeout;
    this.topic = b.topic;
    this.backgroundLoops = b.backgroundLoops;
    this.purgePolicies = List.copyOf(b.purgePolicies);
    this.supervisorUrl = b.supervisorUrl;
    this.supervisor = b.supervisor;
    this.lockLease = b.lockLease;
    this.adminToken = b.adminToken;
    this.metricsPublic = b.metricsPublic;
    Map<String, List<String>> keys = new LinkedHashMap<>();
    b.sourceKeys.forEach((k, v) -> keys.put(k, List.copyOf(v)));
    this.sourceKeys = Collections.unmodifiableMap(keys);
    this.adminCorsOrigins = List.copyOf(b.adminCorsOrigins);
    this.gatewayCorsOrigins = List.copyOf(b.gatewayCorsOrigins);
    this.meterRegistry = b.meterRegistry;
    this.queueMetricsInterval = b.queueMetricsInterval;
  }

  /**
   * The token the admin API and {@code /metrics} require as {@code Authorization: Bearer}; {@code
   * null} lets the server generate a random one at start and log it.
   */
  public @Nullable String adminToken() {
    return adminToken;
  }

  /** Whether {@code /metrics} answers without the admin token. */
  public boolean metricsPublic() {
    return metricsPublic;
  }

  /**
   * The keys each source's HTTP triggers require, by source name; a source not listed takes
   * requests without a key.
   */
  public Map<String, List<String>> sourceKeys() {
    return sourceKeys;
  }

  /**
   * Origins allowed to call the admin API from a browser; {@code *} allows any. None by default.
   */
  public List<String> adminCorsOrigins() {
    return adminCorsOrigins;
  }

  /** Origins allowed to call the gateway's triggers from a browser; none by default. */
  public List<String> gatewayCorsOrigins() {
    return gatewayCorsOrigins;
  }

  /**
   * The registry the engine's metrics go to; {@code null} makes the engine create a Prometheus
   * registry of its own.
   */
  public @Nullable MeterRegistry meterRegistry() {
    return meterRegistry;
  }

  /** How long queue depth and oldest-due-job gauges keep a store reading before asking again. */
  public Duration queueMetricsInterval() {
    return queueMetricsInterval;
  }

  /**
   * How long a supervisor lock (CRON and CDC triggers, interval actions, purges) survives its
   * holder: the longest an instance that died keeps that work from the others.
   */
  public Duration lockLease() {
    return lockLease;
  }

  /** The retention policies the scheduler runs; by default, succeeded events after 7 days. */
  public List<PurgePolicy> purgePolicies() {
    return purgePolicies;
  }

  /**
   * The supervisor URL ({@code BLACKSMITH_SUPERVISOR_URL}); {@code null} picks one: PostgreSQL when
   * the store is PostgreSQL, in-process otherwise.
   */
  public @Nullable String supervisorUrl() {
    return supervisorUrl;
  }

  /** A supervisor instance given directly, which then wins over {@link #supervisorUrl()}. */
  public dev.blacksmith.spi.supervisor.@Nullable Supervisor supervisor() {
    return supervisor;
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<Source> sources() {
    return sources;
  }

  public List<Destination> destinations() {
    return destinations;
  }

  /** The store URL, such as {@code sqlite:blacksmith.db}; ignored when {@link #store()} is set. */
  public String storeUrl() {
    return storeUrl;
  }

  /** A store instance given directly, which then wins over {@link #storeUrl()}. */
  public @Nullable Store store() {
    return store;
  }

  public String pubsubUrl() {
    return pubsubUrl;
  }

  public @Nullable PubSub pubsub() {
    return pubsub;
  }

  /** The clock every timestamp and schedule comes from. */
  public Clock clock() {
    return clock;
  }

  public Logger logger() {
    return logger;
  }

  /** The services this process runs. */
  public Set<ServiceKind> services() {
    return services;
  }

  public boolean runs(ServiceKind service) {
    return services.contains(service);
  }

  /** The interface the HTTP services bind to. */
  public String host() {
    return host;
  }

  /** The gateway's HTTP port; 0 picks a free one. */
  public int gatewayPort() {
    return gatewayPort;
  }

  /** The scheduler's HTTP port; 0 picks a free one. */
  public int schedulerPort() {
    return schedulerPort;
  }

  /** The largest request body the gateway accepts; larger ones get 413. */
  public long maxBodyBytes() {
    return maxBodyBytes;
  }

  /** The most events the gateway commits in one transaction (group commit). */
  public int writerMaxEvents() {
    return writerMaxEvents;
  }

  /** How long the gateway's writer waits for more events before committing a group. */
  public Duration writerMaxDelay() {
    return writerMaxDelay;
  }

  /** Events waiting for the writer before the gateway answers 503. */
  public int writerQueueCapacity() {
    return writerQueueCapacity;
  }

  /** The most jobs claimed, and so loaded, in one queue. */
  public int claimBatchSize() {
    return claimBatchSize;
  }

  /** How long a claim holds a job before another instance may take it over. */
  public Duration leaseDuration() {
    return leaseDuration;
  }

  /** How often realtime actions look for due jobs whose wake-up was missed, and retries. */
  public Duration sweepInterval() {
    return sweepInterval;
  }

  /**
   * How long a busy realtime action waits after a load before claiming again, so that jobs gather
   * into bigger batches; an action loading few jobs per claim never waits.
   */
  public Duration realtimeLinger() {
    return realtimeLinger;
  }

  /**
   * How long a load may run before the scheduler stops waiting for it: the jobs it has not reported
   * then fail (and are retried on their schedule). Four fifths of the lease unless set: past the
   * lease another instance may load the jobs again, and the outcomes still need writing.
   */
  public Duration loadTimeout() {
    return loadTimeout != null ? loadTimeout : leaseDuration.multipliedBy(4).dividedBy(5);
  }

  /** How long a graceful shutdown waits for running loads. */
  public Duration shutdownTimeout() {
    return shutdownTimeout;
  }

  /** The pub/sub topic (and subscription) for realtime wake-ups. */
  public String topic() {
    return topic;
  }

  /**
   * Whether the scheduler and the CRON triggers run on their own threads (the default). Tests turn
   * this off and drive them with {@link Scheduler#runDue()} and a settable clock.
   */
  public boolean backgroundLoops() {
    return backgroundLoops;
  }

  /** A builder holding these options, to change some. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.sources.addAll(sources);
    b.destinations.addAll(destinations);
    b.storeUrl = storeUrl;
    b.store = store;
    b.pubsubUrl = pubsubUrl;
    b.pubsub = pubsub;
    b.clock = clock;
    b.logger = logger;
    b.services = EnumSet.copyOf(services);
    b.host = host;
    b.gatewayPort = gatewayPort;
    b.schedulerPort = schedulerPort;
    b.maxBodyBytes = maxBodyBytes;
    b.writerMaxEvents = writerMaxEvents;
    b.writerMaxDelay = writerMaxDelay;
    b.writerQueueCapacity = writerQueueCapacity;
    b.claimBatchSize = claimBatchSize;
    b.leaseDuration = leaseDuration;
    b.sweepInterval = sweepInterval;
    b.realtimeLinger = realtimeLinger;
    b.loadTimeout = loadTimeout;
    b.shutdownTimeout = shutdownTimeout;
    b.topic = topic;
    b.backgroundLoops = backgroundLoops;
    b.purgePolicies = new ArrayList<>(purgePolicies);
    b.supervisorUrl = supervisorUrl;
    b.supervisor = supervisor;
    b.lockLease = lockLease;
    b.adminToken = adminToken;
    b.metricsPublic = metricsPublic;
    sourceKeys.forEach((k, v) -> b.sourceKeys.put(k, new ArrayList<>(v)));
    b.adminCorsOrigins = new ArrayList<>(adminCorsOrigins);
    b.gatewayCorsOrigins = new ArrayList<>(gatewayCorsOrigins);
    b.meterRegistry = meterRegistry;
    b.queueMetricsInterval = queueMetricsInterval;
    return b;
  }

  /** Builds {@link Options}; every setting has a default fit for a single machine. */
  public static final class Builder {
    private final List<Source> sources = new ArrayList<>();
    private final List<Destination> destinations = new ArrayList<>();
    private String storeUrl = DEFAULT_STORE_URL;
    private @Nullable Store store;
    private String pubsubUrl = DEFAULT_PUBSUB_URL;
    private @Nullable PubSub pubsub;
    private Clock clock = Clock.systemUTC();
    private Logger logger = LoggerFactory.getLogger("blacksmith");
    private EnumSet<ServiceKind> services = EnumSet.allOf(ServiceKind.class);
    private String host = "0.0.0.0";
    private int gatewayPort = 9090;
    private int schedulerPort = 9091;
    private long maxBodyBytes = 1024 * 1024;
    private int writerMaxEvents = 512;
    private Duration writerMaxDelay = Duration.ofMillis(2);
    private int writerQueueCapacity = 20_000;
    private int claimBatchSize = 500;
    private Duration leaseDuration = Duration.ofMinutes(5);
    private Duration sweepInterval = Duration.ofSeconds(1);
    private Duration realtimeLinger = Duration.ofMillis(10);
    private @Nullable Duration loadTimeout;
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    private String topic = DEFAULT_TOPIC;
    private boolean backgroundLoops = true;
    private List<PurgePolicy> purgePolicies =
        new ArrayList<>(List.of(PurgePolicy.succeededOlderThan(Duration.ofDays(7))));
    private @Nullable String supervisorUrl;
    private dev.blacksmith.spi.supervisor.@Nullable Supervisor supervisor;
    private Duration lockLease = Duration.ofSeconds(30);
    private @Nullable String adminToken;
    private boolean metricsPublic;
    private final Map<String, List<String>> sourceKeys = new LinkedHashMap<>();
    private List<String> adminCorsOrigins = new ArrayList<>();
    private List<String> gatewayCorsOrigins = new ArrayList<>();
    private @Nullable MeterRegistry meterRegistry;
    private Duration queueMetricsInterval = Duration.ofSeconds(15);

    private Builder() {}

    /** The admin token; see {@link Options#adminToken()}. */
    public Builder adminToken(String value) {
      if (value.isBlank()) {
        throw new IllegalArgumentException("adminToken must not be blank");
      }
      this.adminToken = value;
      return this;
    }

    /** Serves {@code /metrics} without the admin token when {@code true}. */
    public Builder metricsPublic(boolean value) {
      this.metricsPublic = value;
      return this;
    }

    /**
     * Requires one of {@code keys} on every request to an HTTP trigger of {@code source}, as {@code
     * Authorization: Bearer <key>} or as the user name of HTTP basic authentication. Adds to the
     * keys already set for that source.
     */
    public Builder sourceKeys(String source, String... keys) {
      if (keys.length == 0) {
        throw new IllegalArgumentException("sourceKeys of " + source + " needs at least one key");
      }
      for (String key : keys) {
        if (key.isBlank()) {
          throw new IllegalArgumentException("a key of source " + source + " is blank");
        }
      }
      sourceKeys.computeIfAbsent(source, s -> new ArrayList<>()).addAll(List.of(keys));
      return this;
    }

    /** Replaces the origins allowed to call the admin API from a browser ({@code *}: any). */
    public Builder adminCorsOrigins(String... origins) {
      this.adminCorsOrigins = new ArrayList<>(List.of(origins));
      return this;
    }

    /** Replaces the origins allowed to call the gateway from a browser ({@code *}: any). */
    public Builder gatewayCorsOrigins(String... origins) {
      this.gatewayCorsOrigins = new ArrayList<>(List.of(origins));
      return this;
    }

    /** The registry metrics go to; see {@link Options#meterRegistry()}. */
    public Builder meterRegistry(MeterRegistry value) {
      this.meterRegistry = value;
      return this;
    }

    /** See {@link Options#queueMetricsInterval()}; 15 s by default. */
    public Builder queueMetricsInterval(Duration value) {
      this.queueMetricsInterval = nonNegative(value, "queueMetricsInterval");
      return this;
    }

    public Builder source(Source... values) {
      sources.addAll(List.of(values));
      return this;
    }

    public Builder destination(Destination... values) {
      destinations.addAll(List.of(values));
      return this;
    }

    /**
     * The store: {@code sqlite:<file>} (embedded, the default {@value #DEFAULT_STORE_URL}), or
     * another URL a store adapter supports.
     */
    public Builder storeUrl(String value) {
      this.storeUrl = value;
      return this;
    }

    /**
     * A store instance, used instead of {@link #storeUrl(String)}; it is closed with the engine.
     */
    public Builder store(Store value) {
      this.store = value;
      return this;
    }

    /** The pub/sub adapter: {@code inprocess:} (the default) or a broker URL. */
    public Builder pubsubUrl(String value) {
      this.pubsubUrl = value;
      return this;
    }

    public Builder pubsub(PubSub value) {
      this.pubsub = value;
      return this;
    }

    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    public Builder logger(Logger value) {
      this.logger = value;
      return this;
    }

    /** Runs only these services in this process. */
    public Builder services(ServiceKind first, ServiceKind... rest) {
      this.services = EnumSet.of(first, rest);
      return this;
    }

    public Builder host(String value) {
      this.host = value;
      return this;
    }

    public Builder gatewayPort(int value) {
      this.gatewayPort = checkPort(value);
      return this;
    }

    public Builder schedulerPort(int value) {
      this.schedulerPort = checkPort(value);
      return this;
    }

    public Builder maxBodyBytes(long value) {
      this.maxBodyBytes = positive(value, "maxBodyBytes");
      return this;
    }

    /**
     * Group commit: at most {@code maxEvents} per transaction, waiting at most {@code maxDelay}.
     */
    public Builder groupCommit(int maxEvents, Duration maxDelay) {
      this.writerMaxEvents = (int) positive(maxEvents, "maxEvents");
      this.writerMaxDelay = nonNegative(maxDelay, "maxDelay");
      return this;
    }

    public Builder writerQueueCapacity(int value) {
      this.writerQueueCapacity = (int) positive(value, "writerQueueCapacity");
      return this;
    }

    public Builder claimBatchSize(int value) {
      this.claimBatchSize = (int) positive(value, "claimBatchSize");
      return this;
    }

    public Builder leaseDuration(Duration value) {
      this.leaseDuration = nonNegative(value, "leaseDuration");
      return this;
    }

    public Builder sweepInterval(Duration value) {
      this.sweepInterval = nonNegative(value, "sweepInterval");
      return this;
    }

    public Builder realtimeLinger(Duration value) {
      this.realtimeLinger = nonNegative(value, "realtimeLinger");
      return this;
    }

    /** See {@link Options#loadTimeout()}; must be positive and shorter than the lease. */
    public Builder loadTimeout(Duration value) {
      if (value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException("loadTimeout must be positive, was " + value);
      }
      this.loadTimeout = value;
      return this;
    }

    public Builder shutdownTimeout(Duration value) {
      this.shutdownTimeout = nonNegative(value, "shutdownTimeout");
      return this;
    }

    public Builder topic(String value) {
      this.topic = value;
      return this;
    }

    /** Replaces the retention policies; none keeps every event forever. */
    public Builder purgePolicies(PurgePolicy... policies) {
      this.purgePolicies = new ArrayList<>(List.of(policies));
      return this;
    }

    /** The supervisor: {@code inprocess:} or a PostgreSQL URL. */
    public Builder supervisorUrl(String value) {
      this.supervisorUrl = value;
      return this;
    }

    public Builder supervisor(dev.blacksmith.spi.supervisor.Supervisor value) {
      this.supervisor = value;
      return this;
    }

    public Builder lockLease(Duration value) {
      if (value.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("lockLease must be at least 1s, was " + value);
      }
      this.lockLease = value;
      return this;
    }

    /** Turns the scheduler's and CRON triggers' own threads on (default) or off, for tests. */
    public Builder backgroundLoops(boolean value) {
      this.backgroundLoops = value;
      return this;
    }

    /**
     * Applies the {@code BLACKSMITH_*} variables found in {@code env} over the current settings:
     * {@code BLACKSMITH_STORE_URL}, {@code BLACKSMITH_PUBSUB_URL}, {@code BLACKSMITH_SERVICE}
     * ({@code gateway} or {@code scheduler}), {@code BLACKSMITH_HOST}, {@code
     * BLACKSMITH_GATEWAY_PORT}, {@code BLACKSMITH_SCHEDULER_PORT}, {@code
     * BLACKSMITH_MAX_BODY_BYTES}, {@code BLACKSMITH_CLAIM_BATCH_SIZE}, {@code
     * BLACKSMITH_LEASE_DURATION}, {@code BLACKSMITH_SWEEP_INTERVAL} and {@code
     * BLACKSMITH_REALTIME_LINGER}, {@code BLACKSMITH_LOAD_TIMEOUT} (ISO-8601 or {@code 30s}, {@code
     * 5m}), {@code BLACKSMITH_SUPERVISOR_URL}, and {@code BLACKSMITH_PURGE_AGE} (the age of
     * succeeded events the default retention policy deletes, such as {@code 7d} or {@code 36h};
     * {@code off} keeps everything), {@code BLACKSMITH_ADMIN_TOKEN}, {@code
     * BLACKSMITH_METRICS_PUBLIC} ({@code true} or {@code false}), {@code BLACKSMITH_SOURCE_KEYS}
     * ({@code source1:key1,key2;source2:key3}), {@code BLACKSMITH_ADMIN_CORS_ORIGINS} and {@code
     * BLACKSMITH_GATEWAY_CORS_ORIGINS} (comma-separated origins, or {@code *}).
     *
     * @throws IllegalArgumentException naming the variable when a value is malformed
     */
    public Builder environment(Map<String, String> env) {
      apply(env, "BLACKSMITH_STORE_URL", v -> storeUrl(v));
      apply(env, "BLACKSMITH_PUBSUB_URL", v -> pubsubUrl(v));
      apply(env, "BLACKSMITH_SERVICE", v -> services(ServiceKind.of(v)));
      apply(env, "BLACKSMITH_HOST", v -> host(v));
      apply(env, "BLACKSMITH_GATEWAY_PORT", v -> gatewayPort(Integer.parseInt(v)));
      apply(env, "BLACKSMITH_SCHEDULER_PORT", v -> schedulerPort(Integer.parseInt(v)));
      apply(env, "BLACKSMITH_MAX_BODY_BYTES", v -> maxBodyBytes(Long.parseLong(v)));
      apply(env, "BLACKSMITH_CLAIM_BATCH_SIZE", v -> claimBatchSize(Integer.parseInt(v)));
      apply(env, "BLACKSMITH_LEASE_DURATION", v -> leaseDuration(parseDuration(v)));
      apply(env, "BLACKSMITH_SWEEP_INTERVAL", v -> sweepInterval(parseDuration(v)));
      apply(env, "BLACKSMITH_REALTIME_LINGER", v -> realtimeLinger(parseDuration(v)));
      apply(env, "BLACKSMITH_LOAD_TIMEOUT", v -> loadTimeout(parseDuration(v)));
      apply(env, "BLACKSMITH_SUPERVISOR_URL", v -> supervisorUrl(v));
      apply(env, "BLACKSMITH_LOCK_LEASE", v -> lockLease(parseDuration(v)));
      apply(
          env,
          "BLACKSMITH_PURGE_AGE",
          v ->
              purgePolicies(
                  v.equalsIgnoreCase("off")
                      ? new PurgePolicy[0]
                      : new PurgePolicy[] {PurgePolicy.succeededOlderThan(parseDuration(v))}));
      apply(env, "BLACKSMITH_ADMIN_TOKEN", v -> adminToken(v));
      apply(env, "BLACKSMITH_METRICS_PUBLIC", v -> metricsPublic(parseBoolean(v)));
      apply(env, "BLACKSMITH_SOURCE_KEYS", v -> parseSourceKeys(v));
      apply(env, "BLACKSMITH_ADMIN_CORS_ORIGINS", v -> adminCorsOrigins(splitCommas(v)));
      apply(env, "BLACKSMITH_GATEWAY_CORS_ORIGINS", v -> gatewayCorsOrigins(splitCommas(v)));
      return this;
    }

    private void parseSourceKeys(String value) {
      for (String part : value.split(";")) {
        if (part.isBlank()) {
          continue;
        }
        int colon = part.indexOf(':');
        if (colon <= 0) {
          throw new IllegalArgumentException("expected source:key1,key2, got '" + part + "'");
        }
        String[] keys = splitCommas(part.substring(colon + 1));
        sourceKeys(part.substring(0, colon).trim(), keys);
      }
    }

    private static String[] splitCommas(String value) {
      return java.util.Arrays.stream(value.split(","))
          .map(String::trim)
          .filter(s -> !s.isEmpty())
          .toArray(String[]::new);
    }

    private static boolean parseBoolean(String value) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "true", "1", "yes" -> true;
        case "false", "0", "no" -> false;
        default -> throw new IllegalArgumentException("expected true or false");
      };
    }

    public Options build() {
      return new Options(this);
    }

    private static void apply(Map<String, String> env, String name, Consumer<String> setter) {
      String value = env.get(name);
      if (value == null || value.isBlank()) {
        return;
      }
      try {
        setter.accept(value.trim());
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            name + "='" + value + "' is invalid: " + e.getMessage(), e);
      }
    }

    private static int checkPort(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
      }
      return port;
    }

    private static long positive(long value, String name) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be positive, was " + value);
      }
      return value;
    }

    private static Duration nonNegative(Duration value, String name) {
      if (value.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative, was " + value);
      }
      return value;
    }
  }

  /** Parses {@code 30s}, {@code 5m}, {@code 1h}, {@code 250ms} or ISO-8601 {@code PT30S}. */
  static Duration parseDuration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.startsWith("p")) {
      return Duration.parse(t.toUpperCase(Locale.ROOT));
    }
    return dev.blacksmith.engine.internal.Intervals.parseDuration(t);
  }
}
