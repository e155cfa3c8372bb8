package dev.blacksmith.engine.internal;

import dev.blacksmith.engine.OverloadedException;
import dev.blacksmith.spi.store.NewEvent;
import dev.blacksmith.spi.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * Group commit: one writer thread coalesces the events of concurrent requests into one store
 * transaction (up to a number of events or a short delay), then completes each request's future
 * once its events are durable. A full queue refuses new work with {@link OverloadedException}
 * instead of growing memory.
 */
public final class GroupCommitWriter implements AutoCloseable {

  private record Pending(List<NewEvent> events, CompletableFuture<Void> done, boolean stop) {
    Pending(List<NewEvent> events, CompletableFuture<Void> done) {
      this(events, done, false);
    }
  }

  private static final Pending STOP = new Pending(List.of(), new CompletableFuture<>(), true);

  private final Store store;
  private final Clock clock;
  private final Logger logger;
  private final int maxEvents;
  private final long maxDelayNanos;
  private final BlockingQueue<Pending> queue;
  private final Consumer<List<NewEvent>> afterCommit;
  private final EngineCounters counters;
  private final Thread thread;
  private volatile boolean accepting = true;

  /**
   * @param afterCommit called on the writer thread with every committed group (realtime wake-ups);
   *     must be quick and must not throw
   */
  public GroupCommitWriter(
      Store store,
      Clock clock,
      Logger logger,
      int maxEvents,
      Duration maxDelay,
      int capacity,
      EngineCounters counters,
      Consumer<List<NewEvent>> afterCommit) {
    this.store = store;
    this.clock = clock;
    this.logger = logger;
    this.maxEvents = maxEvents;
    this.maxDelayNanos = maxDelay.toNanos();
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.counters = counters;
    this.afterCommit = afterCommit;
    this.thread = Thread.ofPlatform().name("blacksmith-writer").daemon().unstarted(this::run);
  }

  public void start() {
    thread.start();
  }

  /**
   * Queues events for the next group; the future completes when they are committed.
   *
   * @throws OverloadedException when the queue is full or the writer is stopping
   */
  public CompletableFuture<Void> submit(List<NewEvent> events) {
    if (!accepting) {
      throw new OverloadedException("the gateway is shutting down", Duration.ofSeconds(5));
    }
    Pending p = new Pending(events, new CompletableFuture<>());
    if (!queue.offer(p)) {
      throw new OverloadedException(
          "the gateway's writer is saturated (" + queue.size() + " requests waiting)",
          Duration.ofSeconds(1));
    }
    return p.done();
  }

  private void run() {
    List<Pending> group = new ArrayList<>();
    boolean stopping = false;
    while (!stopping) {
      group.clear();
      try {
        Pending first = queue.take();
        if (first.stop()) {
          break;
        }
        group.add(first);
        int events = first.events().size();
        long deadline = System.nanoTime() + maxDelayNanos;
        while (events < maxEvents) {
          Pending next = queue.poll();
          if (next == null && maxDelayNanos > 0) {
            long wait = deadline - System.nanoTime();
            if (wait > 0) {
              next = queue.poll(wait, TimeUnit.NANOSECONDS);
            }
          }
          if (next == null) {
            break;
          }
          if (next.stop()) {
            stopping = true;
            break;
          }
          group.add(next);
          events += next.events().size();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopping = true;
      }
      commit(group);
    }
    // Whatever is still queued was accepted by a request waiting for an answer: commit it too.
    List<Pending> rest = new ArrayList<>();
    queue.drainTo(rest);
    rest.removeIf(Pending::stop);
    commit(rest);
  }

  private void commit(List<Pending> group) {
    if (group.isEmpty()) {
      return;
    }
    List<NewEvent> all = new ArrayList<>();
    for (Pending p : group) {
      all.addAll(p.events());
    }
    try {
      store.insert(all, clock.instant());
    } catch (RuntimeException e) {
      if (group.size() == 1) {
        counters.storeErrors.increment();
        group.get(0).done().completeExceptionally(e);
        return;
      }
      // Isolate the request at fault: commit the others one by one.
      logger.warn(
          "group commit of {} requests failed, retrying one by one: {}",
          group.size(),
          e.getMessage());
      for (Pending p : group) {
        commit(List.of(p));
      }
      return;
    }
    try {
      afterCommit.accept(all);
    } catch (RuntimeException e) {
      logger.warn("after-commit hook failed: {}", e.getMessage(), e);
    }
    for (Pending p : group) {
      p.done().complete(null);
    }
  }

  /** Stops taking events, commits everything already queued, and stops the thread. */
  @Override
  public void close() {
    accepting = false;
    try {
      queue.put(STOP);
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
