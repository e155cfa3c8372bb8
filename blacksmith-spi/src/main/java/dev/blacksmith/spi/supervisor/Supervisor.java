package dev.blacksmith.spi.supervisor;

import dev.blacksmith.supervisor.Service;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Distributed locks with leases, and the registry of running instances.
 *
 * <p>Contract for every implementation:
 *
 * <ol>
 *   <li>At most one holder has a given key at any time, across every process sharing the backend.
 *   <li>A lock lasts until released or until its lease expires without renewal; an expired lock
 *       (its holder died or lost its connection) can be acquired by anyone.
 *   <li>Acquiring a key one already holds renews it (re-entrant per holder id).
 *   <li>Leases are measured on the backend's clock (PostgreSQL's {@code now()}, or the injected
 *       clock in-process), so instances' clock skew does not break exclusivity.
 *   <li>Methods are thread-safe; failures are thrown as {@link SupervisorException}.
 * </ol>
 */
public interface Supervisor extends AutoCloseable {

  /** A short name of the backend, such as {@code "inprocess"} or {@code "postgres"}. */
  String name();

  /** Creates what the backend needs (tables); safe to call at every start. */
  void init();

  /**
   * Registers a running instance, or refreshes its heartbeat; instances whose heartbeat is older
   * than {@code ttl} are no longer listed by {@link #services()}.
   */
  void heartbeat(Service service, Duration ttl);

  /** Removes an instance from the registry (graceful shutdown). */
  void deregister(Service service);

  /** The live instances, oldest registration first. */
  List<Service> services();

  /**
   * Acquires {@code key} for {@code holder} for {@code lease}, or renews it if {@code holder}
   * already has it.
   *
   * @return the lock when {@code holder} has it now; empty when another live holder has it
   */
  Optional<Lock> tryAcquire(String key, Service holder, Duration lease);

  /**
   * Extends a held lock.
   *
   * @return whether the holder still had it (false: it expired and may belong to another)
   */
  boolean renew(Lock lock, Duration lease);

  /** Releases a held lock; does nothing when the holder no longer has it. */
  void release(Lock lock);

  /** Every lock currently held (not expired), by key. */
  List<Lock> locks();

  @Override
  void close();
}
