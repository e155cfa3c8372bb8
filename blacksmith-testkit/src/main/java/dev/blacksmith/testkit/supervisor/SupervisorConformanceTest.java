package dev.blacksmith.testkit.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blacksmith.spi.supervisor.Lock;
import dev.blacksmith.spi.supervisor.Supervisor;
import dev.blacksmith.supervisor.Service;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every supervisor must have. A subclass supplies {@link #newSupervisor()} and {@link
 * #elapse(Duration)}; each test opens two supervisors on one backend, as two processes sharing it
 * would.
 *
 * <p>The contract: at most one holder has a key at any time, across instances; a holder acquiring
 * its own key renews it; a lease not renewed ends, after which anyone may take the key and the old
 * holder can neither renew nor release it; {@link Supervisor#locks()} lists the live locks with
 * their holders; instances registered by heartbeat are listed until their heartbeat is older than
 * its ttl or they deregister; {@code init()} may be called again.
 */
public abstract class SupervisorConformanceTest {

  /** The lease most tests use; tests let time pass past it with {@link #elapse(Duration)}. */
  protected static final Duration LEASE = Duration.ofSeconds(30);

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  /** How far a backend's real clock may move on its own during one test. */
  private static final Duration CLOCK_SLACK = Duration.ofSeconds(5);

  /**
   * A new supervisor, initialised. The first call in a test gives a fresh, empty backend; later
   * calls in the same test give other instances sharing that backend, like other processes.
   */
  protected abstract Supervisor newSupervisor();

  /** Lets {@code d} pass on the backend's clock, as every instance of the backend sees it. */
  protected abstract void elapse(Duration d);

  private final List<Supervisor> opened = new ArrayList<>();
  private Supervisor first;
  private Supervisor second;

  @BeforeEach
  void open() {
    first = track(newSupervisor());
    second = track(newSupervisor());
  }

  @AfterEach
  void close() {
    opened.forEach(Supervisor::close);
    opened.clear();
  }

  private Supervisor track(Supervisor s) {
    opened.add(s);
    return s;
  }

  private static Service holder(String name) {
    return holder(name, "10.0.0.4:9091");
  }

  private static Service holder(String name, @Nullable String address) {
    return new Service(UUID.randomUUID().toString(), name, "1.2.3", address);
  }

  private static Instant later(Instant t, int seconds) {
    return t.plusSeconds(seconds);
  }

  /**
   * The latest a lease renewed after {@code seconds} of {@link #elapse} may end: a backend whose
   * clock is real keeps moving while the test runs.
   */
  private static Instant latest(Lock lock, int seconds) {
    return lock.expiresAt().plusSeconds(seconds).plus(CLOCK_SLACK);
  }

  @Test
  void a_free_key_is_acquired_with_its_holder_and_lease() {
    Service me = holder("scheduler");

    Lock lock = first.tryAcquire("actions/crm/push", me, LEASE).orElseThrow();

    assertThat(lock.key()).isEqualTo("actions/crm/push");
    assertThat(lock.holder()).isEqualTo(me);
    assertThat(Duration.between(lock.acquiredAt(), lock.expiresAt())).isEqualTo(LEASE);
    assertThat(first.name()).isNotBlank();
  }

  @Test
  void a_held_key_is_refused_to_other_holders_on_every_instance() {
    Service owner = holder("scheduler");
    assertThat(first.tryAcquire("triggers/stripe/poll", owner, LEASE)).isPresent();

    assertThat(second.tryAcquire("triggers/stripe/poll", holder("scheduler"), LEASE)).isEmpty();
    assertThat(first.tryAcquire("triggers/stripe/poll", holder("scheduler"), LEASE)).isEmpty();
    assertThat(second.locks()).extracting(Lock::holder).containsExactly(owner);
  }

  @Test
  void keys_are_locked_independently() {
    Lock a = first.tryAcquire("triggers/stripe/poll", holder("a"), LEASE).orElseThrow();
    Lock b = second.tryAcquire("triggers/stripe/cdc", holder("b"), LEASE).orElseThrow();
    Lock c = second.tryAcquire("migrations/stripe", holder("c"), LEASE).orElseThrow();

    assertThat(first.locks()).containsExactly(c, b, a);
  }

  @Test
  void acquiring_a_key_one_holds_renews_it_and_keeps_when_it_was_acquired() {
    Service me = holder("scheduler");
    Lock acquired = first.tryAcquire("actions/crm/push", me, LEASE).orElseThrow();
    elapse(Duration.ofSeconds(20));

    // The same holder from another instance, as after a reconnect.
    Lock again = second.tryAcquire("actions/crm/push", me, LEASE).orElseThrow();

    assertThat(again.holder()).isEqualTo(me);
    assertThat(again.acquiredAt()).isEqualTo(acquired.acquiredAt());
    assertThat(again.expiresAt()).isBetween(later(acquired.expiresAt(), 20), latest(acquired, 20));
    elapse(Duration.ofSeconds(20));
    assertThat(second.tryAcquire("actions/crm/push", holder("other"), LEASE)).isEmpty();
    assertThat(first.locks()).containsExactly(again);
  }

  @Test
  void renew_extends_the_lease_of_the_holder() {
    Service me = holder("scheduler");
    Lock lock = first.tryAcquire("actions/crm/push", me, LEASE).orElseThrow();
    elapse(Duration.ofSeconds(20));

    assertThat(first.renew(lock, LEASE)).isTrue();

    elapse(Duration.ofSeconds(20));
    assertThat(second.tryAcquire("actions/crm/push", holder("other"), LEASE)).isEmpty();
    assertThat(second.locks())
        .singleElement()
        .satisfies(held -> {
          assertThat(held.holder()).isEqualTo(me);
          assertThat(held.acquiredAt()).isEqualTo(lock.acquiredAt());
          assertThat(held.expiresAt()).isBetween(later(lock.expiresAt(), 20), latest(lock, 20));
        });
    assertThat(second.renew(lock, LEASE)).as("renewed from another instance").isTrue();
  }

  @Test
  void release_lets_another_holder_acquire_at_once() {
    Lock lock = first.tryAcquire("migrations/crm", holder("scheduler"), LEASE).orElseThrow();

    first.release(lock);

    assertThat(second.locks()).isEmpty();
    Service next = holder("scheduler");
    assertThat(second.tryAcquire("migrations/crm", next, LEASE))
        .hasValueSatisfying(l -> assertThat(l.holder()).isEqualTo(next));
  }

  @Test
  void another_holder_can_neither_renew_nor_release_a_lock() {
    Lock lock = first.tryAcquire("migrations/crm", holder("owner"), LEASE).orElseThrow();
    Lock forged = new Lock(lock.key(), holder("intruder"), lock.acquiredAt(), lock.expiresAt());

    assertThat(second.renew(forged, LEASE)).isFalse();
    second.release(forged);

    assertThat(first.locks()).containsExactly(lock);
  }

  @Test
  void an_expired_lease_lets_another_holder_acquire_and_the_old_holder_loses_the_lock() {
    Service old = holder("old");
    Lock stale = first.tryAcquire("triggers/stripe/poll", old, LEASE).orElseThrow();
    elapse(LEASE.minusSeconds(1));
    assertThat(second.tryAcquire("triggers/stripe/poll", holder("early"), LEASE))
        .as("one second before the lease ends")
        .isEmpty();

    elapse(Duration.ofSeconds(2));
    assertThat(first.locks()).as("an expired lock is not listed").isEmpty();
    Service next = holder("next");
    Lock taken = second.tryAcquire("triggers/stripe/poll", next, LEASE).orElseThrow();

    assertThat(taken.holder()).isEqualTo(next);
    assertThat(first.renew(stale, LEASE)).isFalse();
    first.release(stale);
    assertThat(first.tryAcquire("triggers/stripe/poll", old, LEASE)).isEmpty();
    assertThat(second.locks()).containsExactly(taken);
  }

  @Test
  void renew_after_the_lease_ended_fails_even_when_nobody_took_the_key() {
    Service me = holder("scheduler");
    Lock lock = first.tryAcquire("actions/crm/push", me, LEASE).orElseThrow();
    elapse(LEASE.plusSeconds(1));

    assertThat(first.renew(lock, LEASE)).isFalse();

    Lock again = first.tryAcquire("actions/crm/push", me, LEASE).orElseThrow();
    assertThat(again.acquiredAt()).as("a new acquisition").isAfter(lock.acquiredAt());
  }

  @Test
  void locks_lists_the_held_locks_by_key_with_their_holders() {
    Service gateway = holder("gateway", null);
    Service scheduler = holder("scheduler", "10.0.0.7:9091");
    Lock trigger = first.tryAcquire("triggers/stripe/poll", gateway, LEASE).orElseThrow();
    Lock action = second.tryAcquire("actions/crm/push", scheduler, LEASE).orElseThrow();
    Lock released = second.tryAcquire("actions/crm/pull", scheduler, LEASE).orElseThrow();
    second.release(released);
    assertThat(first.tryAcquire("migrations/crm", gateway, Duration.ofSeconds(5))).isPresent();
    elapse(Duration.ofSeconds(6));

    List<Lock> locks = first.locks();

    assertThat(locks).containsExactly(action, trigger);
    assertThat(locks.get(0).holder().id()).isEqualTo(scheduler.id());
    assertThat(locks.get(0).holder().name()).isEqualTo("scheduler");
    assertThat(locks.get(0).holder().version()).isEqualTo("1.2.3");
    assertThat(locks.get(0).holder().address()).isEqualTo("10.0.0.7:9091");
    assertThat(locks.get(1).holder().address()).isNull();
    assertThat(second.locks()).isEqualTo(locks);
  }

  @Test
  void holders_racing_for_one_key_from_two_instances_never_hold_it_at_the_same_time()
      throws Exception {
    int racers = 8;
    int winsEach = 5;
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    AtomicInteger refusals = new AtomicInteger();
    Set<String> winnersOnSecond = ConcurrentHashMap.newKeySet();
    CountDownLatch start = new CountDownLatch(1);
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < racers; i++) {
        Supervisor on = i % 2 == 0 ? first : second;
        Service me = holder("racer-" + i);
        results.add(
            pool.submit(() -> {
              start.await();
              int wins = 0;
              while (wins < winsEach && System.nanoTime() < deadline) {
                Optional<Lock> got = on.tryAcquire("actions/race/load", me, LEASE);
                if (got.isEmpty()) {
                  refusals.incrementAndGet();
                  LockSupport.parkNanos(200_000);
                  continue;
                }
                if (inside.incrementAndGet() != 1) {
                  overlaps.incrementAndGet();
                }
                // Hold it a moment, so that others try while it is held.
                Thread.sleep(1);
                inside.decrementAndGet();
                on.release(got.get());
                wins++;
                if (on == second) {
                  winnersOnSecond.add(me.id());
                }
              }
              return wins;
            }));
      }
      start.countDown();
      for (Future<Integer> result : results) {
        assertThat(result.get(PATIENCE.toSeconds() + 10, TimeUnit.SECONDS))
            .as("every racer gets the key in turn")
            .isEqualTo(winsEach);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(overlaps.get()).as("times two holders had the key at once").isZero();
    assertThat(refusals.get()).as("racers were refused while another held it").isPositive();
    assertThat(winnersOnSecond).hasSize(racers / 2);
    assertThat(first.locks()).isEmpty();
  }

  @Test
  void exactly_one_of_many_contenders_takes_over_an_expired_lock() throws Exception {
    int contenders = 8;
    assertThat(first.tryAcquire("triggers/cron/tick", holder("dead"), LEASE)).isPresent();
    ExecutorService pool = Executors.newFixedThreadPool(contenders);
    try {
      for (int round = 0; round < 10; round++) {
        elapse(LEASE.plusSeconds(1));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Optional<Lock>>> attempts = new ArrayList<>();
        for (int i = 0; i < contenders; i++) {
          Supervisor on = i % 2 == 0 ? first : second;
          Service me = holder("contender-" + round + "-" + i);
          attempts.add(
              pool.submit(() -> {
                start.await();
                return on.tryAcquire("triggers/cron/tick", me, LEASE);
              }));
        }
        start.countDown();
        List<Lock> winners = new ArrayList<>();
        for (Future<Optional<Lock>> attempt : attempts) {
          attempt.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).ifPresent(winners::add);
        }

        assertThat(winners).as("winners of round %d", round).hasSize(1);
        assertThat(second.locks()).containsExactly(winners.get(0));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void heartbeat_registers_instances_listed_oldest_registration_first() {
    Service gateway = holder("gateway", "10.0.0.4:9090");
    Service scheduler = holder("scheduler", null);

    first.heartbeat(gateway, LEASE);
    elapse(Duration.ofSeconds(1));
    second.heartbeat(scheduler, LEASE);
    elapse(Duration.ofSeconds(1));
    first.heartbeat(gateway, LEASE);

    assertThat(first.services()).containsExactly(gateway, scheduler);
    assertThat(second.services()).containsExactly(gateway, scheduler);
  }

  @Test
  void an_instance_whose_heartbeat_is_older_than_its_ttl_is_no_longer_listed() {
    Service shortLived = holder("gateway");
    Service longLived = holder("scheduler");
    first.heartbeat(shortLived, Duration.ofSeconds(10));
    second.heartbeat(longLived, Duration.ofSeconds(60));
    elapse(Duration.ofSeconds(8));
    first.heartbeat(shortLived, Duration.ofSeconds(10));
    elapse(Duration.ofSeconds(8));
    assertThat(second.services()).as("heartbeat 8 s ago").containsExactly(shortLived, longLived);

    elapse(Duration.ofSeconds(3));
    assertThat(second.services()).as("heartbeat 11 s ago").containsExactly(longLived);

    first.heartbeat(shortLived, Duration.ofSeconds(10));
    assertThat(second.services()).as("back after a late heartbeat").contains(shortLived);
  }

  @Test
  void deregister_removes_an_instance_at_once() {
    Service gateway = holder("gateway");
    Service scheduler = holder("scheduler");
    first.heartbeat(gateway, LEASE);
    second.heartbeat(scheduler, LEASE);

    first.deregister(gateway);
    second.deregister(holder("never-registered"));

    assertThat(first.services()).containsExactly(scheduler);
    assertThat(second.services()).containsExactly(scheduler);
  }

  @Test
  void init_is_safe_to_call_again_and_keeps_what_is_there() {
    Service me = holder("scheduler");
    Lock lock = first.tryAcquire("actions/crm/push", me, LEASE).orElseThrow();
    first.heartbeat(me, LEASE);

    first.init();
    second.init();
    first.init();

    assertThat(second.locks()).containsExactly(lock);
    assertThat(second.services()).containsExactly(me);
    assertThat(second.tryAcquire("actions/crm/push", holder("other"), LEASE)).isEmpty();
  }
}
