package dev.blacksmith.engine.internal;

import dev.blacksmith.engine.ScheduledAction;
import dev.blacksmith.engine.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Drives the action runners: a loop per action on a virtual thread. Realtime loops wake on each
 * announcement of new jobs, and at least every sweep interval to pick up retries and missed
 * announcements; interval loops wake at their next run time.
 */
public final class DefaultScheduler implements Scheduler {

  private static final Duration ERROR_BACKOFF = Duration.ofSeconds(1);
  private static final int BUSY = 32;

  private final Map<String, ActionRunner> runners = new LinkedHashMap<>();
  private final Clock clock;
  private final Logger logger;
  private final Duration sweep;
  private final Duration linger;
  private final List<Thread> loops = new ArrayList<>();
  private volatile boolean running;

  DefaultScheduler(
      List<ActionRunner> runnerList, Clock clock, Logger logger, Duration sweep, Duration linger) {
    for (ActionRunner r : runnerList) {
      runners.put(key(r.registered().destinationName(), r.registered().actionName()), r);
    }
    this.clock = clock;
    this.logger = logger;
    this.sweep = sweep.isZero() ? Duration.ofMillis(100) : sweep;
    this.linger = linger;
  }

  private static String key(String destination, String action) {
    return destination + "/" + action;
  }

  @Override
  public int runDue() {
    int total = 0;
    for (ActionRunner r : runners.values()) {
      total += r.runIfDue();
    }
    return total;
  }

  @Override
  public List<ScheduledAction> actions() {
    return runners.values().stream()
        .map(r ->
            new ScheduledAction(
                r.registered().destinationName(),
                r.registered().actionName(),
                r.registered().schedule()))
        .toList();
  }

  /** Wakes the realtime runner of an action, if this scheduler runs it. */
  public void wake(String destination, String action) {
    ActionRunner r = runners.get(key(destination, action));
    if (r != null && r.realtime()) {
      r.wake();
    }
  }

  /** Whether this scheduler runs {@code destination/action} in realtime. */
  public boolean isRealtime(String destination, String action) {
    ActionRunner r = runners.get(key(destination, action));
    return r != null && r.realtime();
  }

  /** Starts one loop per action. */
  public void start() {
    running = true;
    for (ActionRunner r : runners.values()) {
      Thread t =
          Thread.ofVirtual()
              .name(
                  "blacksmith-"
                      + r.registered().destinationName()
                      + "-"
                      + r.registered().actionName())
              .unstarted(() -> loop(r));
      loops.add(t);
      t.start();
    }
  }

  private void loop(ActionRunner r) {
    while (running) {
      try {
        if (r.realtime()) {
          int loaded = r.drain();
          if (loaded >= BUSY && !linger.isZero()) {
            // Busy: let jobs gather for a moment so the next claim is a bigger batch. Under a
            // light load queues are small and each wake-up is served at once.
            Thread.sleep(linger);
          }
          if (r.wakeups.tryAcquire(sweep.toNanos(), TimeUnit.NANOSECONDS)) {
            r.wakeups.drainPermits();
          }
        } else {
          r.runIfDue();
          Duration wait = Duration.between(clock.instant(), r.nextRunAt());
          if (wait.compareTo(sweep) > 0) {
            wait = sweep;
          }
          if (!wait.isNegative() && !wait.isZero()) {
            // A semaphore rather than sleep, so stop() wakes the loop at once.
            if (r.wakeups.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) {
              r.wakeups.drainPermits();
            }
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        logger.error(
            "scheduler loop of {}/{} failed, retrying in {}: {}",
            r.registered().destinationName(),
            r.registered().actionName(),
            ERROR_BACKOFF,
            e.getMessage(),
            e);
        try {
          Thread.sleep(ERROR_BACKOFF);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /**
   * Stops the loops: waits up to {@code timeout} for running loads to finish, then interrupts what
   * is left.
   */
  public void stop(Duration timeout) {
    running = false;
    runners.values().forEach(ActionRunner::wake);
    long deadlineNanos = System.nanoTime() + timeout.toNanos();
    for (Thread t : loops) {
      try {
        long left = deadlineNanos - System.nanoTime();
        if (left > 0 && !t.join(Duration.ofNanos(left))) {
          logger.warn("{} did not finish within {}; interrupting it", t.getName(), timeout);
          t.interrupt();
        } else if (left <= 0) {
          t.interrupt();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    loops.clear();
  }
}
