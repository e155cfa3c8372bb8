package dev.blacksmith.server;

import dev.blacksmith.engine.internal.EngineCounters;
import dev.blacksmith.spi.store.Query;
import dev.blacksmith.spi.store.Query.EventFilter;
import dev.blacksmith.spi.store.Query.JobFilter;
import dev.blacksmith.spi.store.Store;
import dev.blacksmith.store.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The history behind the dashboard's overview: samples taken every {@link #RESOLUTION} and kept for
 * {@link #WINDOW} in a bounded ring, in memory, so nothing is added to the store. A sample holds
 * this process's engine counters (events received, jobs created, load outcomes; cumulative, so the
 * series are their differences) and the store's count of jobs in each status (all instances).
 *
 * <p>Counting jobs by status scans the jobs table, so these counts are read at most {@link
 * #STORE_BUDGET} of the time: a store that takes 1 s to count is counted every 20 s, not every 10
 * s; samples in between carry no counts. Each answer of {@code GET /admin/api/stats} counts afresh
 * and is recorded as a sample too.
 *
 * <p>Times come from the injected clock: two samples in the same {@link #RESOLUTION} slot of it
 * keep the later one, and a clock that goes back starts the history again.
 */
final class Stats implements AutoCloseable {

  static final Duration RESOLUTION = Duration.ofSeconds(10);
  static final Duration WINDOW = Duration.ofHours(1);

  /** The share of one thread's time the periodic sampling may spend counting in the store. */
  static final double STORE_BUDGET = 0.05;

  private static final Logger LOG = LoggerFactory.getLogger(Stats.class);

  /** This process's cumulative engine counters at one instant. */
  record Totals(
      long eventsReceived,
      long eventsRefused,
      long jobsCreated,
      long jobsSucceeded,
      long jobsFailed,
      long jobsDiscarded,
      long jobsUnknown) {

    static Totals of(EngineCounters c) {
      return new Totals(
          c.eventsReceived.sum(),
          c.eventsRefused.sum(),
          c.jobsCreated.sum(),
          c.jobsSucceeded.sum(),
          c.jobsFailed.sum(),
          c.jobsDiscarded.sum(),
          c.jobsUnknown.sum());
    }

    Map<String, Long> view() {
      Map<String, Long> view = new LinkedHashMap<>();
      view.put("events_received", eventsReceived);
      view.put("events_refused", eventsRefused);
      view.put("jobs_created", jobsCreated);
      view.put("jobs_succeeded", jobsSucceeded);
      view.put("jobs_failed", jobsFailed);
      view.put("jobs_discarded", jobsDiscarded);
      view.put("jobs_unknown", jobsUnknown);
      return view;
    }

    Totals minus(Totals o) {
      // Counters only grow within a process; max() keeps a reset from showing as negative.
      return new Totals(
          Math.max(0, eventsReceived - o.eventsReceived),
          Math.max(0, eventsRefused - o.eventsRefused),
          Math.max(0, jobsCreated - o.jobsCreated),
          Math.max(0, jobsSucceeded - o.jobsSucceeded),
          Math.max(0, jobsFailed - o.jobsFailed),
          Math.max(0, jobsDiscarded - o.jobsDiscarded),
          Math.max(0, jobsUnknown - o.jobsUnknown));
    }
  }

  /** One sample; {@code counts} is null when the store was not counted (budget, or an error). */
  record Sample(Instant at, Totals totals, @Nullable Map<Status, Long> counts) {}

  private final Clock clock;
  private final Supplier<Store> store;
  private final EngineCounters counters;
  private final Duration resolution;
  private final Duration window;
  private final double storeBudget;
  private final LongSupplier nanoTime;
  private final int capacity;
  private final ArrayDeque<Sample> samples = new ArrayDeque<>();
  private final Object lock = new Object();
  private long nextCountAtNanos;
  private boolean countedOnce;
  private @Nullable ScheduledExecutorService sampler;

  /**
   * @param storeBudget the share of time periodic samples may spend counting, in (0, 1]
   * @param nanoTime measures how long counting took (cost, not event time, so not the clock)
   */
  Stats(
      Clock clock,
      Supplier<Store> store,
      EngineCounters counters,
      Duration resolution,
      Duration window,
      double storeBudget,
      LongSupplier nanoTime) {
    if (resolution.isNegative() || resolution.isZero() || window.compareTo(resolution) < 0) {
      throw new IllegalArgumentException(
          "need 0 < resolution <= window, was " + resolution + " and " + window);
    }
    if (!(storeBudget > 0 && storeBudget <= 1)) {
      throw new IllegalArgumentException("storeBudget must be in (0, 1], was " + storeBudget);
    }
    this.clock = clock;
    this.store = store;
    this.counters = counters;
    this.resolution = resolution;
    this.window = window;
    this.storeBudget = storeBudget;
    this.nanoTime = nanoTime;
    this.capacity = (int) (window.toMillis() / resolution.toMillis()) + 1;
  }

  /** With the default resolution, window and budget. */
  static Stats of(Clock clock, Supplier<Store> store, EngineCounters counters) {
    return new Stats(clock, store, counters, RESOLUTION, WINDOW, STORE_BUDGET, System::nanoTime);
  }

  /** Starts sampling every resolution on a daemon thread of its own, until {@link #close()}. */
  void start() {
    synchronized (lock) {
      if (sampler != null) {
        return;
      }
      sampler =
          Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "blacksmith-stats");
            t.setDaemon(true);
            return t;
          });
      long period = resolution.toMillis();
      // Ended by close(); sampleQuietly() never throws, so the future holds nothing to look at.
      ScheduledFuture<?> unused =
          sampler.scheduleWithFixedDelay(this::sampleQuietly, 0, period, TimeUnit.MILLISECONDS);
    }
  }

  private void sampleQuietly() {
    try {
      sample();
    } catch (RuntimeException e) {
      // A failed sample must not end the schedule.
      LOG.warn("cannot sample the dashboard's statistics: {}", e.toString());
    }
  }

  /** Takes one periodic sample: the counters always, the store's counts when the budget allows. */
  Sample sample() {
    boolean count;
    synchronized (lock) {
      count = !countedOnce || nanoTime.getAsLong() - nextCountAtNanos >= 0;
    }
    Map<Status, Long> counts = null;
    if (count) {
      long started = nanoTime.getAsLong();
      counts = countQuietly();
      long took = nanoTime.getAsLong() - started;
      synchronized (lock) {
        countedOnce = true;
        nextCountAtNanos = started + (long) (took / storeBudget);
      }
    }
    return record(Totals.of(counters), counts);
  }

  /** Counts jobs by status now and records the sample. */
  Sample sampleWithCounts() {
    return record(Totals.of(counters), counts());
  }

  private @Nullable Map<Status, Long> countQuietly() {
    try {
      return counts();
    } catch (RuntimeException e) {
      LOG.warn("cannot count jobs by status for the dashboard: {}", e.toString());
      return null;
    }
  }

  /** The store's count of jobs in each status, every status present. */
  Map<Status, Long> counts() {
    Store s = store.get();
    Map<Status, Long> counts = new EnumMap<>(Status.class);
    for (Status status : Status.values()) {
      JobFilter filter =
          new JobFilter(
              Set.of(), Set.of(), Set.of(), Set.of(), Set.of(status), Set.of(), null, null, null);
      counts.put(status, s.findJobs(new Query(EventFilter.NONE, filter, 0, 1)).count());
    }
    return counts;
  }

  /** How many events the store holds. */
  long events() {
    return store.get().findEvents(Query.all().withPage(0, 1)).count();
  }

  private Sample record(Totals totals, @Nullable Map<Status, Long> counts) {
    Sample sample = new Sample(clock.instant(), totals, counts == null ? null : Map.copyOf(counts));
    long slot = slot(sample.at());
    synchronized (lock) {
      Sample last = samples.peekLast();
      if (last != null && sample.at().isBefore(last.at())) {
        samples.clear();
      } else if (last != null && slot(last.at()) == slot) {
        samples.pollLast();
        if (sample.counts() == null && last.counts() != null) {
          // Keep the slot's counts: they are at most one resolution old.
          sample = new Sample(sample.at(), sample.totals(), last.counts());
        }
      }
      samples.addLast(sample);
      while (samples.size() > capacity) {
        samples.pollFirst();
      }
    }
    return sample;
  }

  private long slot(Instant at) {
    return Math.floorDiv(at.toEpochMilli(), resolution.toMillis());
  }

  /** The samples within the window before now, oldest first. */
  List<Sample> history() {
    Instant from = clock.instant().minus(window);
    synchronized (lock) {
      return samples.stream().filter(s -> !s.at().isBefore(from)).toList();
    }
  }

  /**
   * What {@code GET /admin/api/stats} answers: counts now (recorded as a sample), this process's
   * totals, and one point per sample after the first of the window with what happened since the
   * previous one.
   */
  Map<String, Object> view() {
    Sample now = sampleWithCounts();
    long events = events();
    List<Sample> history = history();
    List<Object> series = new ArrayList<>();
    for (int i = 1; i < history.size(); i++) {
      Sample previous = history.get(i - 1);
      Sample sample = history.get(i);
      Map<String, Object> point = new LinkedHashMap<>();
      point.put("at", sample.at().toString());
      point.put("seconds", Duration.between(previous.at(), sample.at()).toMillis() / 1000.0);
      point.putAll(sample.totals().minus(previous.totals()).view());
      point.put("counts", sample.counts() == null ? null : countsView(sample.counts()));
      series.add(point);
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("at", now.at().toString());
    data.put("events", events);
    data.put("counts", countsView(now.counts()));
    data.put("totals", now.totals().view());
    data.put("series", series);
    return data;
  }

  /** The {@code meta} of the answer: the resolution and window, in seconds. */
  Map<String, Object> meta() {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("resolution_seconds", resolution.toSeconds());
    meta.put("window_seconds", window.toSeconds());
    return meta;
  }

  private static Map<String, Long> countsView(@Nullable Map<Status, Long> counts) {
    Map<String, Long> view = new LinkedHashMap<>();
    for (Status status : Status.values()) {
      view.put(status.value(), counts == null ? 0L : counts.getOrDefault(status, 0L));
    }
    return view;
  }

  /** Stops the periodic sampling; the history stays readable. */
  @Override
  public void close() {
    ScheduledExecutorService s;
    synchronized (lock) {
      s = sampler;
      sampler = null;
    }
    if (s != null) {
      // Not shutdownNow: interrupting a count could break the store's connection.
      s.shutdown();
      try {
        if (!s.awaitTermination(5, TimeUnit.SECONDS)) {
          LOG.warn("the dashboard's sampler did not stop within 5 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
