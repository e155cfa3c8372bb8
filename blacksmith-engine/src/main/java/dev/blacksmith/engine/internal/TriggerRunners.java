package dev.blacksmith.engine.internal;

import dev.blacksmith.engine.Gateway;
import dev.blacksmith.source.CdcTrigger;
import dev.blacksmith.source.CronTrigger;
import dev.blacksmith.source.Event;
import dev.blacksmith.source.Notifier;
import dev.blacksmith.source.Source;
import dev.blacksmith.source.SubscriptionTrigger;
import dev.blacksmith.source.Toolkit;
import dev.blacksmith.source.Trigger;
import dev.blacksmith.spi.pubsub.PubSub;
import dev.blacksmith.spi.pubsub.Subscriber;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Runs the triggers that are not HTTP routes: CRON triggers on their schedule, CDC triggers as
 * long-running loops restarted after a failure, subscription triggers fed by the pub/sub adapter.
 */
public final class TriggerRunners {

  private static final Duration CDC_RESTART_PAUSE = Duration.ofSeconds(5);

  private final class CronRunner {
    final Source source;
    final CronTrigger trigger;
    final Intervals.Interval interval;
    volatile Instant nextRunAt;

    CronRunner(Source source, CronTrigger trigger) {
      this.source = source;
      this.trigger = trigger;
      this.interval = Registry.cronInterval(source, trigger);
      this.nextRunAt = interval.next(clock.instant());
    }

    String lockKey() {
      return "triggers/" + source.name() + "/" + trigger.name();
    }

    /**
     * Runs the trigger if its time has come and this instance holds its lock (the holder keeps it
     * by renewing it at every tick); returns whether it ran.
     */
    boolean runIfDue() {
      boolean holder = locks.hold(lockKey());
      Instant now = clock.instant();
      if (now.isBefore(nextRunAt)) {
        return false;
      }
      nextRunAt = interval.next(now);
      if (!holder) {
        return false;
      }
      try {
        Event event = trigger.extract(toolkit);
        if (event != null) {
          gateway.ingest(source.name(), trigger.name(), event).get();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception | LinkageError e) {
        counters.triggerErrors.increment();
        logger.error(
            "CRON trigger {}/{} failed: {}", source.name(), trigger.name(), e.getMessage(), e);
      }
      return true;
    }
  }

  private final Gateway gateway;
  private final Locks locks;
  private final Clock clock;
  private final Logger logger;
  private final Toolkit toolkit;
  private final EngineCounters counters;
  private final Duration tick;
  private final List<CronRunner> crons = new ArrayList<>();
  private final List<Source> cdcSources = new ArrayList<>();
  private final List<CdcTrigger> cdcs = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final List<Subscriber> subscribers = new ArrayList<>();
  private final Semaphore stopSignal = new Semaphore(0);
  private volatile boolean running;

  TriggerRunners(
      List<Source> sources,
      Gateway gateway,
      Locks locks,
      Clock clock,
      Logger logger,
      Toolkit toolkit,
      EngineCounters counters,
      Duration tick) {
    this.gateway = gateway;
    this.locks = locks;
    this.clock = clock;
    this.logger = logger;
    this.toolkit = toolkit;
    this.counters = counters;
    this.tick = tick.isZero() ? Duration.ofMillis(100) : tick;
    for (Source s : sources) {
      for (Trigger t : s.triggers().values()) {
        if (t instanceof CronTrigger cron) {
          crons.add(new CronRunner(s, cron));
        } else if (t instanceof CdcTrigger cdc) {
          cdcSources.add(s);
          cdcs.add(cdc);
        }
      }
    }
  }

  /** Runs every CRON trigger whose time has come, in this thread; returns how many ran. */
  public int runDueCronTriggers() {
    int ran = 0;
    for (CronRunner r : crons) {
      if (r.runIfDue()) {
        ran++;
      }
    }
    return ran;
  }

  /** Starts the CRON loop, the CDC loops and the subscriptions. */
  void start(List<Source> sources, PubSub pubsub, boolean loops) {
    running = true;
    if (loops && !crons.isEmpty()) {
      threads.add(Thread.ofVirtual().name("blacksmith-cron").start(this::cronLoop));
    }
    for (int i = 0; i < cdcs.size(); i++) {
      Source s = cdcSources.get(i);
      CdcTrigger t = cdcs.get(i);
      threads.add(
          Thread.ofVirtual()
              .name("blacksmith-cdc-" + s.name() + "-" + t.name())
              .start(() -> cdcLoop(s, t)));
    }
    for (Source s : sources) {
      for (Trigger t : s.triggers().values()) {
        if (t instanceof SubscriptionTrigger sub) {
          subscribeOrRetry(pubsub, s, sub);
        }
      }
    }
  }

  private void cronLoop() {
    while (running) {
      runDueCronTriggers();
      Instant next = crons.stream().map(r -> r.nextRunAt).min(Instant::compareTo).orElseThrow();
      Duration wait = Duration.between(clock.instant(), next);
      if (wait.compareTo(tick) > 0) {
        wait = tick;
      }
      try {
        if (!wait.isNegative()
            && stopSignal.tryAcquire(Math.max(1, wait.toNanos()), TimeUnit.NANOSECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * Runs a CDC trigger while this instance holds its lock: waits for the lock, runs extract with a
   * renewer keeping the lock, and asks extract to stop when the lock is lost or on shutdown.
   */
  private void cdcLoop(Source source, CdcTrigger trigger) {
    String key = "triggers/" + source.name() + "/" + trigger.name();
    java.util.concurrent.atomic.AtomicBoolean holding =
        new java.util.concurrent.atomic.AtomicBoolean();
    Notifier notifier =
        new Notifier() {
          @Override
          public void emit(Event event) throws Exception {
            try {
              gateway.ingest(source.name(), trigger.name(), event).get();
            } catch (ExecutionException e) {
              throw e.getCause() instanceof Exception cause ? cause : e;
            }
          }

          @Override
          public void error(Throwable error) {
            counters.triggerErrors.increment();
            logger.warn(
                "CDC trigger {}/{} reported: {}",
                source.name(),
                trigger.name(),
                error.getMessage(),
                error);
          }

          @Override
          public boolean isShuttingDown() {
            return !running || !holding.get();
          }
        };
    Duration renewEvery = locks.lease().dividedBy(3);
    while (running) {
      try {
        if (!locks.hold(key)) {
          // Another instance runs it; take over if its lease runs out.
          if (stopSignal.tryAcquire(renewEvery.toMillis(), TimeUnit.MILLISECONDS)) {
            return;
          }
          continue;
        }
        holding.set(true);
        Thread renewer =
            Thread.ofVirtual()
                .name("blacksmith-cdc-lock-" + source.name() + "-" + trigger.name())
                .start(() -> {
                  while (running && holding.get()) {
                    try {
                      Thread.sleep(renewEvery);
                    } catch (InterruptedException e) {
                      return;
                    }
                    if (!locks.hold(key)) {
                      holding.set(false);
                    }
                  }
                });
        try {
          trigger.extract(toolkit, notifier);
          if (running && holding.get()) {
            logger.warn(
                "CDC trigger {}/{} returned before shutdown; restarting it in {}",
                source.name(),
                trigger.name(),
                CDC_RESTART_PAUSE);
          }
        } finally {
          holding.set(false);
          renewer.interrupt();
          locks.release(key);
        }
      } catch (InterruptedException e) {
        return;
      } catch (Exception | LinkageError e) {
        counters.triggerErrors.increment();
        logger.error(
            "CDC trigger {}/{} failed, restarting it in {}: {}",
            source.name(),
            trigger.name(),
            CDC_RESTART_PAUSE,
            e.getMessage(),
            e);
      }
      try {
        if (running && stopSignal.tryAcquire(CDC_RESTART_PAUSE.toMillis(), TimeUnit.MILLISECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * Subscribes now, or keeps trying in the background while the broker is down: messages wait in
   * the broker meanwhile, so nothing is lost.
   */
  private void subscribeOrRetry(PubSub pubsub, Source source, SubscriptionTrigger trigger) {
    try {
      subscribe(pubsub, source, trigger);
    } catch (RuntimeException e) {
      logger.warn(
          "subscription trigger {}/{} cannot reach {} yet ({}); retrying in the background",
          source.name(),
          trigger.name(),
          pubsub.name(),
          e.getMessage());
      threads.add(
          Thread.ofVirtual()
              .name("blacksmith-subscribe-" + source.name() + "-" + trigger.name())
              .start(() -> {
                long pauseMillis = 1000;
                while (running) {
                  try {
                    if (stopSignal.tryAcquire(pauseMillis, TimeUnit.MILLISECONDS)) {
                      return;
                    }
                    subscribe(pubsub, source, trigger);
                    logger.info(
                        "subscription trigger {}/{} subscribed", source.name(), trigger.name());
                    return;
                  } catch (InterruptedException ie) {
                    return;
                  } catch (RuntimeException again) {
                    pauseMillis = Math.min(30_000, pauseMillis * 2);
                  }
                }
              }));
    }
  }

  private void subscribe(PubSub pubsub, Source source, SubscriptionTrigger trigger) {
    SubscriptionTrigger.Subscription sub = trigger.subscription();
    Subscriber subscriber = pubsub.subscriber(sub.topic(), sub.subscription());
    subscriber.init();
    subscriber.receive(message -> {
      Event event = trigger.extract(toolkit, message);
      if (event != null) {
        try {
          gateway.ingest(source.name(), trigger.name(), event).get();
        } catch (ExecutionException e) {
          throw e.getCause() instanceof Exception cause ? cause : e;
        }
      }
    });
    subscribers.add(subscriber);
  }

  /** Stops every loop and subscription; CDC triggers see {@link Notifier#isShuttingDown()}. */
  void stop(Duration timeout) {
    running = false;
    stopSignal.release(threads.size() + 1);
    subscribers.forEach(Subscriber::shutdown);
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread t : threads) {
      try {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !t.join(Duration.ofNanos(left))) {
          t.interrupt();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    locks.releaseAll();
  }
}
