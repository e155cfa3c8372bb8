package dev.blacksmith.bench;

import dev.blacksmith.spi.store.ClaimRequest;
import dev.blacksmith.spi.store.ForwardingStore;
import dev.blacksmith.spi.store.NewEvent;
import dev.blacksmith.spi.store.NewJob;
import dev.blacksmith.spi.store.Outcome;
import dev.blacksmith.spi.store.Page;
import dev.blacksmith.spi.store.Query;
import dev.blacksmith.spi.store.Store;
import dev.blacksmith.spi.store.StoreProvider;
import dev.blacksmith.store.Job;
import dev.blacksmith.store.Queue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * A store that times what the engine asks of the real one: how many calls of each kind, how long
 * they took (waiting for the single SQLite writer included) and how many rows each carried. It
 * shows where a run's time goes without touching the store's code.
 */
final class TimedStore extends ForwardingStore {

  /** Calls of one method. */
  static final class Calls {
    private final LongAdder calls = new LongAdder();
    private final LongAdder nanos = new LongAdder();
    private final LongAdder items = new LongAdder();

    <T> T time(Supplier<T> call, java.util.function.ToIntFunction<T> itemsOf) {
      long t0 = System.nanoTime();
      T result = call.get();
      nanos.add(System.nanoTime() - t0);
      calls.increment();
      items.add(itemsOf.applyAsInt(result));
      return result;
    }

    Snapshot snapshot() {
      return new Snapshot(calls.sum(), nanos.sum(), items.sum());
    }
  }

  /** Totals of one method at one moment. */
  record Snapshot(long calls, long nanos, long items) {
    Snapshot minus(Snapshot other) {
      return new Snapshot(calls - other.calls, nanos - other.nanos, items - other.items);
    }
  }

  /** Totals of every timed method at one moment. */
  record Totals(
      Snapshot insert, Snapshot claim, Snapshot start, Snapshot complete, Snapshot findJobs) {

    Totals minus(Totals o) {
      return new Totals(
          insert.minus(o.insert),
          claim.minus(o.claim),
          start.minus(o.start),
          complete.minus(o.complete),
          findJobs.minus(o.findJobs));
    }

    /** Report lines for a period of {@code wallSeconds}. */
    List<String> lines(double wallSeconds) {
      List<String> lines = new ArrayList<>();
      lines.add(line("insert (gateway group commits)", insert, "events", wallSeconds));
      lines.add(line("claim (and start)", claim, "jobs", wallSeconds));
      lines.add(line("start", start, "jobs", wallSeconds));
      lines.add(line("complete", complete, "outcomes", wallSeconds));
      lines.add(line("findJobs (the harness's COUNT polls)", findJobs, "pages", wallSeconds));
      long writes = insert.calls + claim.calls + start.calls + complete.calls;
      long writeNanos = insert.nanos + claim.nanos + start.nanos + complete.nanos;
      lines.add(
          String.format(
              "write transactions: %,d = %,.0f/s; time inside write calls %.1f s = %.0f%% of the"
                  + " wall time (the writer is one connection: this is how busy it is, queueing"
                  + " included)",
              writes,
              writes / wallSeconds,
              writeNanos / 1e9,
              100 * writeNanos / 1e9 / wallSeconds));
      return lines;
    }

    private static String line(String name, Snapshot s, String unit, double wallSeconds) {
      if (s.calls() == 0) {
        return String.format("%-38s none", name);
      }
      return String.format(
          "%-38s %,8d calls (%,6.0f/s), %6.2f ms each, %7.1f %s each",
          name,
          s.calls(),
          s.calls() / wallSeconds,
          s.nanos() / 1e6 / s.calls(),
          (double) s.items() / s.calls(),
          unit);
    }
  }

  private final Calls insert = new Calls();
  private final Calls claim = new Calls();
  private final Calls start = new Calls();
  private final Calls complete = new Calls();
  private final Calls findJobs = new Calls();

  TimedStore(Store delegate) {
    super(delegate);
  }

  /** Opens {@code url} with the first store adapter on the class path supporting it. */
  static TimedStore open(String url) {
    for (StoreProvider p : ServiceLoader.load(StoreProvider.class)) {
      if (p.supports(url)) {
        return new TimedStore(p.open(url));
      }
    }
    throw new IllegalStateException("no store adapter supports " + url);
  }

  Totals totals() {
    return new Totals(
        insert.snapshot(),
        claim.snapshot(),
        start.snapshot(),
        complete.snapshot(),
        findJobs.snapshot());
  }

  @Override
  public void insert(List<NewEvent> events, Instant ingestedAt) {
    insert.time(
        () -> {
          delegate().insert(events, ingestedAt);
          return events.size();
        },
        n -> n);
  }

  @Override
  public Queue claimAndStart(ClaimRequest request) {
    return claim.time(() -> delegate().claimAndStart(request), Queue::size);
  }

  @Override
  public Queue claim(ClaimRequest request) {
    return claim.time(() -> delegate().claim(request), Queue::size);
  }

  @Override
  public List<Job> start(String owner, Collection<String> jobIds, Instant now, Instant leaseUntil) {
    return start.time(() -> delegate().start(owner, jobIds, now, leaseUntil), List::size);
  }

  @Override
  public Set<String> complete(
      String owner, List<Outcome> outcomes, List<NewJob> followUps, Instant now) {
    return complete.time(() -> delegate().complete(owner, outcomes, followUps, now), Set::size);
  }

  @Override
  public Page<Job> findJobs(Query query) {
    return findJobs.time(() -> delegate().findJobs(query), p -> p.items().size());
  }
}
