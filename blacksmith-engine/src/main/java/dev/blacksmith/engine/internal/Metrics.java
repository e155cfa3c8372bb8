package dev.blacksmith.engine.internal;

import dev.blacksmith.spi.store.Page;
import dev.blacksmith.spi.store.Query;
import dev.blacksmith.spi.store.Store;
import dev.blacksmith.store.Job;
import dev.blacksmith.store.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * The engine's Micrometer meters: events received, jobs by destination/action/status, load
 * duration, retries, discards, store and broker errors, queue depth and the age of the oldest due
 * job per action (read from the store, cached for {@code queueInterval}), and the JVM's own meters.
 */
public final class Metrics implements AutoCloseable {

  /** Statuses a job can be claimed in: new jobs, and failed ones waiting for their retry. */
  private static final Set<Status> CLAIMABLE = EnumSet.of(Status.ACKNOWLEDGED, Status.FAILED);

  private final MeterRegistry registry;
  private final Store store;
  private final Clock clock;
  private final Logger logger;
  private final EngineCounters counters;
  private final long queueIntervalNanos;
  private final Map<String, Counter> jobCounters = new ConcurrentHashMap<>();
  private final Map<String, Timer> loadTimers = new ConcurrentHashMap<>();
  private final Map<String, QueueReading> readings = new ConcurrentHashMap<>();
  private final @Nullable JvmGcMetrics gc;

  /** What the store said about one action's queue, and when (nanoTime). */
  private record QueueReading(long depth, double oldestDueAgeSeconds, long readAtNanos) {}

  public Metrics(
      @Nullable MeterRegistry given,
      Store store,
      Registry application,
      Clock clock,
      Logger logger,
      EngineCounters counters,
      Duration queueInterval) {
    this.registry = given != null ? given : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.store = store;
    this.clock = clock;
    this.logger = logger;
    this.counters = counters;
    this.queueIntervalNanos = queueInterval.toNanos();
    counter("blacksmith.events.received", "Events committed by the gateway", c -> c.eventsReceived);
    counter(
        "blacksmith.events.refused", "Requests or events refused at extract", c -> c.eventsRefused);
    // Not "jobs.created": Prometheus reserves the _created suffix for counters' start times.
    counter("blacksmith.jobs.marshalled", "Jobs created by marshalling events", c -> c.jobsCreated);
    counter("blacksmith.marshal.errors", "Jobs an action refused to marshal", c -> c.marshalErrors);
    counter("blacksmith.store.errors", "Store operations that failed", c -> c.storeErrors);
    counter("blacksmith.broker.errors", "Pub/sub operations that failed", c -> c.brokerErrors);
    counter(
        "blacksmith.load.timeouts",
        "Loads the scheduler stopped waiting for after the load timeout",
        c -> c.loadTimeouts);
    counter("blacksmith.trigger.errors", "Triggers that threw", c -> c.triggerErrors);
    for (Registry.RegisteredAction ra : application.actions()) {
      String key = key(ra.destinationName(), ra.actionName());
      Tags tags = Tags.of("destination", ra.destinationName(), "action", ra.actionName());
      Gauge.builder("blacksmith.queue.depth", this, m -> m.reading(key).depth())
          .description("Jobs waiting to be loaded: new, or failed and waiting for a retry")
          .tags(tags)
          .register(registry);
      Gauge.builder(
              "blacksmith.queue.oldest.due.age", this, m -> m.reading(key).oldestDueAgeSeconds())
          .description("Seconds since the oldest job not yet loaded was created (0 when none)")
          .baseUnit("seconds")
          .tags(tags)
          .register(registry);
      Gauge.builder("blacksmith.action.schedule", ra, Metrics::scheduleSeconds)
          .description("The action's interval in seconds; 0 for realtime actions")
          .baseUnit("seconds")
          .tags(tags)
          .register(registry);
    }
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    JvmGcMetrics g = new JvmGcMetrics();
    g.bindTo(registry);
    this.gc = g;
  }

  /** The registry, a {@link PrometheusMeterRegistry} unless the options gave another. */
  public MeterRegistry registry() {
    return registry;
  }

  /** Counts {@code n} jobs a load left in {@code status}; a failed job is a retry to come. */
  void jobOutcomes(String destination, String action, Status status, int n) {
    jobCounters
        .computeIfAbsent(
            destination + "/" + action + "/" + status.value(),
            k ->
                Counter.builder("blacksmith.jobs")
                    .description("Jobs by the status a load left them in")
                    .tags("destination", destination, "action", action, "status", status.value())
                    .register(registry))
        .increment(n);
    if (status == Status.FAILED) {
      Counter.builder("blacksmith.retries")
          .description("Failed jobs scheduled for another attempt")
          .tags("destination", destination, "action", action)
          .register(registry)
          .increment(n);
    } else if (status == Status.DISCARDED) {
      Counter.builder("blacksmith.discards")
          .description("Jobs discarded after their last failed attempt")
          .tags("destination", destination, "action", action)
          .register(registry)
          .increment(n);
    }
  }

  /** Records how long one load (the destination's call, not the store's work) took. */
  void loadTook(String destination, String action, Duration took) {
    loadTimers
        .computeIfAbsent(
            key(destination, action),
            k ->
                Timer.builder("blacksmith.load.duration")
                    .description("Duration of an action's load of one batch")
                    .tags("destination", destination, "action", action)
                    .register(registry))
        .record(took.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void counter(
      String name, String description, java.util.function.Function<EngineCounters, LongAdder> f) {
    LongAdder adder = f.apply(counters);
    FunctionCounter.builder(name, adder, LongAdder::doubleValue)
        .description(description)
        .register(registry);
  }

  private static double scheduleSeconds(Registry.RegisteredAction ra) {
    if (ra.realtime()) {
      return 0;
    }
    // The gap between two runs; for CRON schedules, the first gap after the epoch.
    Instant first = ra.interval().next(Instant.EPOCH);
    return Duration.between(first, ra.interval().next(first)).toMillis() / 1000.0;
  }

  private QueueReading reading(String key) {
    long now = System.nanoTime();
    QueueReading r = readings.get(key);
    if (r != null && now - r.readAtNanos() < queueIntervalNanos) {
      return r;
    }
    int slash = key.indexOf('/');
    QueueReading fresh;
    try {
      fresh = read(key.substring(0, slash), key.substring(slash + 1), now);
    } catch (RuntimeException e) {
      counters.storeErrors.increment();
      logger.warn("cannot read the queue of {} for metrics: {}", key, e.getMessage());
      // Keep the last reading rather than report an empty queue while the store is down.
      fresh = r != null ? r : new QueueReading(0, 0, now);
    }
    readings.put(key, fresh);
    return fresh;
  }

  /**
   * Two cheap queries per action: the count of claimable jobs, and the oldest new one (jobs are
   * listed newest first, by time-ordered id, so it is the last of the page).
   */
  private QueueReading read(String destination, String action, long nanos) {
    Page<Job> claimable = store.findJobs(jobs(destination, action, CLAIMABLE, 0));
    Page<Job> fresh = store.findJobs(jobs(destination, action, EnumSet.of(Status.ACKNOWLEDGED), 0));
    double age = 0;
    if (fresh.count() > 0) {
      long last = Math.min(fresh.count() - 1, Integer.MAX_VALUE);
      Page<Job> oldest =
          store.findJobs(jobs(destination, action, EnumSet.of(Status.ACKNOWLEDGED), (int) last));
      if (!oldest.items().isEmpty()) {
        Instant dueSince = oldest.items().getFirst().createdAt();
        age = Math.max(0, Duration.between(dueSince, clock.instant()).toMillis() / 1000.0);
      }
    }
    return new QueueReading(claimable.count(), age, nanos);
  }

  private static Query jobs(String destination, String action, Set<Status> statuses, int offset) {
    return Query.all()
        .withJobs(
            new Query.JobFilter(
                Set.of(destination),
                Set.of(),
                Set.of(action),
                Set.of(),
                statuses,
                Set.of(),
                null,
                null,
                null))
        .withPage(offset, 1);
  }

  private static String key(String destination, String action) {
    return destination + "/" + action;
  }

  @Override
  public void close() {
    if (gc != null) {
      gc.close();
    }
  }
}
