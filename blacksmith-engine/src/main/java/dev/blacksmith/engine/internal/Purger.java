package dev.blacksmith.engine.internal;

import dev.blacksmith.engine.PurgePolicy;
import dev.blacksmith.spi.store.Purge;
import dev.blacksmith.spi.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;

/**
 * Runs the purge policies on their intervals, and purges on request. A purge deletes in bounded
 * batches so it never holds the store for long.
 */
public final class Purger {

  private static final int BATCH = 1000;

  private final Store store;
  private final Clock clock;
  private final Logger logger;
  private final List<PurgePolicy> policies;
  private final List<Intervals.Interval> intervals = new ArrayList<>();
  private final List<Instant> nextRuns = new ArrayList<>();
  private final Semaphore stop = new Semaphore(0);
  private volatile boolean running;
  private Thread loop;

  Purger(Store store, Clock clock, Logger logger, List<PurgePolicy> policies) {
    this.store = store;
    this.clock = clock;
    this.logger = logger;
    this.policies = List.copyOf(policies);
    for (PurgePolicy p : policies) {
      Intervals.Interval interval = Intervals.parse(p.interval());
      intervals.add(interval);
      nextRuns.add(interval.next(clock.instant()));
    }
  }

  /** Purges everything {@code purge} matches, batch after batch; returns how many events went. */
  public int purgeAll(Purge purge) {
    int total = 0;
    while (true) {
      int deleted = store.purge(purge);
      total += deleted;
      if (deleted < purge.limit()) {
        return total;
      }
    }
  }

  /** Starts {@link #purgeAll} in the background. */
  public CompletableFuture<Integer> purgeAsync(Purge purge) {
    CompletableFuture<Integer> done = new CompletableFuture<>();
    Thread.ofVirtual()
        .name("blacksmith-purge-request")
        .start(() -> {
          try {
            int n = purgeAll(purge);
            logger.info("purge on request deleted {} events", n);
            done.complete(n);
          } catch (RuntimeException e) {
            logger.error("purge on request failed: {}", e.getMessage(), e);
            done.completeExceptionally(e);
          }
        });
    return done;
  }

  /**
   * Runs the policies whose time has come; {@code mayRun} says whether this instance may run a
   * policy now (it holds its lock). Returns how many events were deleted.
   */
  public int runDue(Predicate<PurgePolicy> mayRun) {
    int total = 0;
    Instant now = clock.instant();
    for (int i = 0; i < policies.size(); i++) {
      if (now.isBefore(nextRuns.get(i))) {
        continue;
      }
      nextRuns.set(i, intervals.get(i).next(now));
      PurgePolicy p = policies.get(i);
      if (!mayRun.test(p)) {
        continue;
      }
      int n = purgeAll(new Purge(p.events(), p.allJobsIn(), now.minus(p.olderThan()), BATCH));
      if (n > 0) {
        logger.info("purge policy {} deleted {} events", p.name(), n);
      }
      total += n;
    }
    return total;
  }

  void start(Predicate<PurgePolicy> mayRun) {
    if (policies.isEmpty()) {
      return;
    }
    running = true;
    loop =
        Thread.ofVirtual()
            .name("blacksmith-purge")
            .start(() -> {
              while (running) {
                try {
                  runDue(mayRun);
                } catch (RuntimeException e) {
                  logger.warn("purge failed, retried at the next run: {}", e.getMessage());
                }
                try {
                  if (stop.tryAcquire(1, TimeUnit.SECONDS)) {
                    return;
                  }
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
  }

  void stop() {
    running = false;
    stop.release();
    if (loop != null) {
      try {
        loop.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
