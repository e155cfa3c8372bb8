package dev.blacksmith.engine.internal;

import dev.blacksmith.spi.supervisor.Lock;
import dev.blacksmith.spi.supervisor.Supervisor;
import dev.blacksmith.supervisor.Service;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * The supervisor locks one service of this process holds: acquired when work needs exclusivity,
 * renewed while it goes on, released when it ends. A supervisor failure counts as "not held", so
 * exclusive work pauses rather than risking running twice.
 */
final class Locks {

  private final Supervisor supervisor;
  private final Service holder;
  private final Duration lease;
  private final Logger logger;
  private final Map<String, Lock> held = new ConcurrentHashMap<>();

  Locks(Supervisor supervisor, Service holder, Duration lease, Logger logger) {
    this.supervisor = supervisor;
    this.holder = holder;
    this.lease = lease;
    this.logger = logger;
  }

  Duration lease() {
    return lease;
  }

  /** Acquires {@code key}, or renews it if held; returns whether this process holds it now. */
  boolean hold(String key) {
    try {
      var lock = supervisor.tryAcquire(key, holder, lease);
      if (lock.isPresent()) {
        if (held.put(key, lock.get()) == null) {
          logger.debug("acquired lock {}", key);
        }
        return true;
      }
      if (held.remove(key) != null) {
        logger.warn("lost lock {} to another instance", key);
      }
      return false;
    } catch (RuntimeException e) {
      held.remove(key);
      logger.warn("cannot reach the supervisor for lock {}: {}", key, e.getMessage());
      return false;
    }
  }

  /** Releases {@code key} if held. */
  void release(String key) {
    Lock lock = held.remove(key);
    if (lock != null) {
      try {
        supervisor.release(lock);
      } catch (RuntimeException e) {
        logger.warn("cannot release lock {}; it expires with its lease: {}", key, e.getMessage());
      }
    }
  }

  /** Releases every lock held (graceful shutdown). */
  void releaseAll() {
    held.keySet().forEach(this::release);
  }
}
