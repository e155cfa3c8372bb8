package dev.blacksmith.engine.internal;

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Then;
import dev.blacksmith.destination.Toolkit;
import dev.blacksmith.spi.Ids;
import dev.blacksmith.spi.LoadOutcomes;
import dev.blacksmith.spi.store.ClaimRequest;
import dev.blacksmith.spi.store.NewJob;
import dev.blacksmith.spi.store.Outcome;
import dev.blacksmith.spi.store.Store;
import dev.blacksmith.store.Event;
import dev.blacksmith.store.Job;
import dev.blacksmith.store.Queue;
import dev.blacksmith.store.Status;
import dev.blacksmith.supervisor.Service;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * Runs one action: claims a batch of its due jobs, starts them, calls {@link Action#load} with them
 * as one queue, and applies the outcomes and follow-ups in one store transaction. One load at a
 * time per action, so a slow destination only holds its own worker.
 */
final class ActionRunner {

  private final Registry.RegisteredAction registered;
  private final Store store;
  private final Clock clock;
  private final Logger logger;
  private final String owner;
  private final @Nullable Service service;
  private final int batchSize;
  private final Duration lease;
  private final Duration loadTimeout;
  private final JobMarshaller marshaller;
  private final EngineCounters counters;
  private final Metrics metrics;
  private final Consumer<List<NewJob>> onNewJobs;
  private final Locks locks;
  private final ReentrantLock lock = new ReentrantLock();
  final Semaphore wakeups = new Semaphore(0);
  private volatile Instant nextRunAt;

  ActionRunner(
      Registry.RegisteredAction registered,
      Store store,
      Clock clock,
      Logger logger,
      String owner,
      @Nullable Service service,
      int batchSize,
      Duration lease,
      Duration loadTimeout,
      JobMarshaller marshaller,
      EngineCounters counters,
      Metrics metrics,
      Consumer<List<NewJob>> onNewJobs,
      Locks locks) {
    this.registered = registered;
    this.store = store;
    this.clock = clock;
    this.logger = logger;
    this.owner = owner;
    this.service = service;
    this.batchSize = batchSize;
    this.lease = lease;
    this.loadTimeout = loadTimeout;
    this.marshaller = marshaller;
    this.counters = counters;
    this.metrics = metrics;
    this.onNewJobs = onNewJobs;
    this.locks = locks;
    this.nextRunAt = registered.interval().next(clock.instant());
  }

  Registry.RegisteredAction registered() {
    return registered;
  }

  boolean realtime() {
    return registered.realtime();
  }

  Instant nextRunAt() {
    return nextRunAt;
  }

  /** Asks a realtime runner's loop to look for due jobs now. */
  void wake() {
    if (wakeups.availablePermits() == 0) {
      wakeups.release();
    }
  }

  /**
   * Runs this action if it has work due now: realtime actions whenever jobs are due, interval
   * actions when their next run time has come (then the next one is planned).
   *
   * @return the number of jobs loaded
   */
  int runIfDue() {
    if (realtime()) {
      return drain();
    }
    Instant now = clock.instant();
    if (now.isBefore(nextRunAt)) {
      return 0;
    }
    nextRunAt = registered.interval().next(now);
    // One loader at a time for interval actions, across instances; realtime ones rely on claims.
    String key = "actions/" + registered.destinationName() + "/" + registered.actionName();
    if (!locks.hold(key)) {
      return 0;
    }
    try {
      return drain();
    } finally {
      locks.release(key);
    }
  }

  /** Loads due jobs batch after batch until none is left. */
  int drain() {
    lock.lock();
    try {
      int total = 0;
      while (true) {
        int claimed = runOnce();
        total += claimed;
        if (claimed < batchSize) {
          return total;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private int runOnce() {
    String destination = registered.destinationName();
    String actionName = registered.actionName();
    try (MDC.MDCCloseable d = MDC.putCloseable(LogFields.DESTINATION, destination);
        MDC.MDCCloseable a = MDC.putCloseable(LogFields.ACTION, actionName)) {
      return runOnce(destination, actionName);
    }
  }

  private int runOnce(String destination, String actionName) {
    Instant now = clock.instant();
    // Claim and start in one transaction: the whole batch is loaded right away.
    Queue queue;
    try {
      queue =
          store.claimAndStart(
              new ClaimRequest(destination, actionName, owner, now, now.plus(lease), batchSize));
    } catch (RuntimeException e) {
      counters.storeErrors.increment();
      throw e;
    }
    int claimedCount = queue.size();
    if (claimedCount == 0) {
      return 0;
    }
    List<Job> started = queue.jobs();
    // A load has many jobs: logs carry their count and ids (the first ones when many).
    try (MDC.MDCCloseable n =
            MDC.putCloseable(LogFields.JOB_COUNT, Integer.toString(started.size()));
        MDC.MDCCloseable ids = MDC.putCloseable(LogFields.JOB_IDS, LogFields.ids(started))) {
      return load(destination, actionName, queue, started, now, claimedCount);
    }
  }

  /**
   * Runs the action's {@code load} on a virtual thread of its own and waits at most the load
   * timeout, so a hung third-party call cannot hold the jobs until their lease runs out (and
   * another instance loads them again). Past the timeout the load is interrupted and stops being
   * heard: the jobs it did not report fail.
   *
   * @return what the load threw, or the timeout; {@code null} when it returned
   */
  private @Nullable Throwable runLoad(
      String destination, String actionName, Queue queue, List<Then> thens, AtomicBoolean open) {
    AtomicReference<@Nullable Throwable> thrown = new AtomicReference<>();
    Map<String, String> mdc = MDC.getCopyOfContextMap();
    Thread loader =
        Thread.ofVirtual()
            .name("blacksmith-load-" + destination + "-" + actionName)
            .start(() -> {
              if (mdc != null) {
                MDC.setContextMap(mdc);
              }
              try {
                registered
                    .action()
                    .load(
                        new Toolkit(logger, service, null, null),
                        queue,
                        then -> {
                          if (!open.get()) {
                            throw new IllegalStateException(
                                "load of "
                                    + destination
                                    + "/"
                                    + actionName
                                    + " already returned or timed out");
                          }
                          thens.add(then);
                        });
              } catch (Exception | LinkageError e) {
                thrown.set(e);
              }
            });
    boolean finished;
    try {
      finished = loader.join(loadTimeout);
    } catch (InterruptedException e) {
      // Shutting down: stop waiting, let the load know, keep what it reported.
      loader.interrupt();
      open.set(false);
      Thread.currentThread().interrupt();
      return new InterruptedException("load of " + destination + "/" + actionName + " interrupted");
    }
    open.set(false);
    if (!finished) {
      loader.interrupt();
      TimeoutException timeout =
          new TimeoutException(
              "load of "
                  + destination
                  + "/"
                  + actionName
                  + " did not return within "
                  + loadTimeout
                  + "; the jobs it did not report failed");
      logger.warn("{}", timeout.getMessage());
      counters.loadTimeouts.increment();
      return timeout;
    }
    Throwable e = thrown.get();
    if (e != null) {
      logger.warn("load of {}/{} threw: {}", destination, actionName, JobMarshaller.describe(e), e);
    }
    return e;
  }

  private int load(
      String destination,
      String actionName,
      Queue queue,
      List<Job> started,
      Instant now,
      int claimedCount) {
    Duration claimTook = Duration.between(now, clock.instant());
    if (claimTook.compareTo(lease.dividedBy(2)) > 0) {
      // The claim waited (a database outage, a full pool) until its lease is nearly or already
      // gone: another instance may be taking these jobs over, so loading them here would likely
      // load them twice. Leave them; they are claimable again when the lease ends.
      logger.warn(
          "claim of {} jobs of {}/{} took {}, over half their lease; not loading them now",
          claimedCount,
          destination,
          actionName,
          claimTook);
      return claimedCount;
    }
    List<Then> thens = new CopyOnWriteArrayList<>();
    AtomicBoolean open = new AtomicBoolean(true);
    long loadStart = System.nanoTime();
    Throwable thrown = runLoad(destination, actionName, queue, thens, open);
    metrics.loadTook(destination, actionName, Duration.ofNanos(System.nanoTime() - loadStart));
    warnAboutStrangers(thens, started);
    List<LoadOutcomes.Decision> decisions =
        LoadOutcomes.decide(started, thens, thrown, registered.maxRetries());
    Instant done = clock.instant();
    Map<String, String> contexts = new HashMap<>();
    for (Event e : queue.events()) {
      contexts.put(e.id(), e.context());
    }
    List<Outcome> outcomes = new ArrayList<>(decisions.size());
    List<NewJob> followUps = new ArrayList<>();
    for (LoadOutcomes.Decision d : decisions) {
      outcomes.add(
          new Outcome(
              d.job().id(),
              d.status(),
              d.error() == null ? null : Errors.toJson(d.error()),
              d.status() == Status.FAILED ? registered.interval().next(done) : null,
              Ids.next()));
      count(d.status());
      for (Action next : d.followUps()) {
        switch (marshaller.marshal(
            destination,
            next,
            d.job().eventId(),
            contexts.getOrDefault(d.job().eventId(), d.job().context()),
            d.job().id(),
            done)) {
          case JobMarshaller.Marshalled m -> followUps.add(m.job());
          case JobMarshaller.Rejected r ->
              logger.warn(
                  "follow-up {} of job {} not created: {}",
                  r.rejection().action(),
                  d.job().id(),
                  r.rejection().message());
        }
      }
    }
    Set<String> applied;
    try {
      applied = store.complete(owner, outcomes, followUps, done);
    } catch (RuntimeException e) {
      counters.storeErrors.increment();
      throw e;
    }
    if (applied.size() < outcomes.size()) {
      logger.warn(
          "{} of {} outcomes of {}/{} were not applied: their lease was taken over",
          outcomes.size() - applied.size(),
          outcomes.size(),
          destination,
          actionName);
    }
    counters.jobsLoaded.add(started.size());
    // Only outcomes the store applied: a job whose lease was taken over is counted by its new
    // owner.
    Map<Status, Integer> byStatus = new EnumMap<>(Status.class);
    for (LoadOutcomes.Decision d : decisions) {
      if (applied.contains(d.job().id())) {
        byStatus.merge(d.status(), 1, Integer::sum);
      }
    }
    byStatus.forEach((status, n) -> metrics.jobOutcomes(destination, actionName, status, n));
    logger.debug(
        "load of {}/{}: {} jobs, {} outcomes applied, {} follow-ups",
        destination,
        actionName,
        started.size(),
        applied.size(),
        followUps.size());
    if (!followUps.isEmpty()) {
      onNewJobs.accept(followUps);
    }
    return claimedCount;
  }

  private void count(Status status) {
    switch (status) {
      case SUCCEEDED -> counters.jobsSucceeded.increment();
      case FAILED -> counters.jobsFailed.increment();
      case DISCARDED -> counters.jobsDiscarded.increment();
      case UNKNOWN -> counters.jobsUnknown.increment();
      default -> {}
    }
  }

  private void warnAboutStrangers(List<Then> thens, List<Job> started) {
    Set<String> known = new java.util.HashSet<>();
    started.forEach(j -> known.add(j.id()));
    for (Then then : thens) {
      for (String id : then.jobs()) {
        if (!known.contains(id)) {
          logger.warn(
              "load of {}/{} reported job {} which is not in its queue; ignored",
              registered.destinationName(),
              registered.actionName(),
              id);
        }
      }
    }
  }
}
