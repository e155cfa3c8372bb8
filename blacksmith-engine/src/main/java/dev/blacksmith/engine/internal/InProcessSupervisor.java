package dev.blacksmith.engine.internal;

import dev.blacksmith.spi.supervisor.Lock;
import dev.blacksmith.spi.supervisor.Supervisor;
import dev.blacksmith.spi.supervisor.SupervisorException;
import dev.blacksmith.supervisor.Service;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The default supervisor, inside one process: locks and the registry live in memory, leases are
 * measured on the injected clock. Every operation takes one short in-memory lock, so the contract
 * of {@link Supervisor} holds across threads.
 *
 * <p>{@link #connect()} opens another supervisor on the same state, as a second process would
 * connect to a shared backend; closing one refuses further calls on it only, and releases nothing:
 * its locks end with their leases, as a stopped process's would.
 */
public final class InProcessSupervisor implements Supervisor {

  private record Registration(Service service, Instant startedAt, long order, Instant expiresAt) {}

  /** What every connected supervisor shares. */
  private static final class State {
    final Clock clock;
    final ReentrantLock mutex = new ReentrantLock();
    final Map<String, Lock> locks = new TreeMap<>();
    final Map<String, Registration> services = new HashMap<>();
    long registrations;

    State(Clock clock) {
      this.clock = clock;
    }
  }

  private final State state;
  private volatile boolean closed;

  /** A supervisor with its own state, measuring leases on {@code clock}. */
  public InProcessSupervisor(Clock clock) {
    this(new State(Objects.requireNonNull(clock, "clock")));
  }

  private InProcessSupervisor(State state) {
    this.state = state;
  }

  /** Another supervisor on the same state. */
  public InProcessSupervisor connect() {
    return new InProcessSupervisor(state);
  }

  @Override
  public String name() {
    return "inprocess";
  }

  @Override
  public void init() {
    checkOpen();
  }

  @Override
  public void heartbeat(Service service, Duration ttl) {
    requirePositive(ttl, "ttl");
    locked(now -> {
      // Lapsed registrations go, so a long-running process does not accumulate them; an
      // instance that comes back after lapsing registers anew.
      state.services.values().removeIf(r -> !r.expiresAt().isAfter(now));
      Registration previous = state.services.get(service.id());
      state.services.put(
          service.id(),
          previous == null
              ? new Registration(service, now, state.registrations++, now.plus(ttl))
              : new Registration(service, previous.startedAt(), previous.order(), now.plus(ttl)));
      return null;
    });
  }

  @Override
  public void deregister(Service service) {
    locked(now -> state.services.remove(service.id()));
  }

  @Override
  public List<Service> services() {
    return locked(now ->
        state.services.values().stream()
            .filter(r -> r.expiresAt().isAfter(now))
            .sorted(
                Comparator.comparing(Registration::startedAt)
                    .thenComparingLong(Registration::order))
            .map(Registration::service)
            .toList());
  }

  @Override
  public Optional<Lock> tryAcquire(String key, Service holder, Duration lease) {
    Objects.requireNonNull(key, "key");
    requirePositive(lease, "lease");
    return locked(now -> {
      Lock current = state.locks.get(key);
      boolean live = current != null && current.expiresAt().isAfter(now);
      if (live && !current.holder().id().equals(holder.id())) {
        return Optional.empty();
      }
      Instant acquiredAt = live ? current.acquiredAt() : now;
      Lock lock = new Lock(key, holder, acquiredAt, now.plus(lease));
      state.locks.put(key, lock);
      return Optional.of(lock);
    });
  }

  @Override
  public boolean renew(Lock lock, Duration lease) {
    requirePositive(lease, "lease");
    return locked(now -> {
      Lock current = state.locks.get(lock.key());
      if (!heldBy(current, lock.holder(), now)) {
        return false;
      }
      state.locks.put(
          lock.key(),
          new Lock(lock.key(), current.holder(), current.acquiredAt(), now.plus(lease)));
      return true;
    });
  }

  @Override
  public void release(Lock lock) {
    locked(now -> {
      Lock current = state.locks.get(lock.key());
      if (current != null && current.holder().id().equals(lock.holder().id())) {
        state.locks.remove(lock.key());
      }
      return null;
    });
  }

  @Override
  public List<Lock> locks() {
    return locked(now -> {
      List<Lock> held = new ArrayList<>();
      for (Lock lock : state.locks.values()) {
        if (lock.expiresAt().isAfter(now)) {
          held.add(lock);
        }
      }
      return held;
    });
  }

  @Override
  public void close() {
    closed = true;
  }

  private static boolean heldBy(Lock current, Service holder, Instant now) {
    return current != null
        && current.holder().id().equals(holder.id())
        && current.expiresAt().isAfter(now);
  }

  private interface Work<T> {
    T run(Instant now);
  }

  private <T> T locked(Work<T> work) {
    checkOpen();
    state.mutex.lock();
    try {
      return work.run(state.clock.instant());
    } finally {
      state.mutex.unlock();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new SupervisorException("the in-process supervisor is closed");
    }
  }

  private static void requirePositive(Duration d, String what) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive: " + d);
    }
  }
}
