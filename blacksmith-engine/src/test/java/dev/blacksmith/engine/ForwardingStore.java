package dev.blacksmith.engine;

import dev.blacksmith.spi.store.ClaimRequest;
import dev.blacksmith.spi.store.NewEvent;
import dev.blacksmith.spi.store.NewJob;
import dev.blacksmith.spi.store.Outcome;
import dev.blacksmith.spi.store.Page;
import dev.blacksmith.spi.store.Query;
import dev.blacksmith.spi.store.Store;
import dev.blacksmith.store.Event;
import dev.blacksmith.store.Job;
import dev.blacksmith.store.Queue;
import dev.blacksmith.store.Transition;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A store that forwards every call, for tests to override one. */
class ForwardingStore implements Store {
  private final Store delegate;

  ForwardingStore(Store delegate) {
    this.delegate = delegate;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public void migrate() {
    delegate.migrate();
  }

  @Override
  public void insert(List<NewEvent> events, Instant ingestedAt) {
    delegate.insert(events, ingestedAt);
  }

  @Override
  public Queue claim(ClaimRequest request) {
    return delegate.claim(request);
  }

  @Override
  public List<Job> start(String owner, Collection<String> jobIds, Instant now, Instant leaseUntil) {
    return delegate.start(owner, jobIds, now, leaseUntil);
  }

  @Override
  public Set<String> complete(
      String owner, List<Outcome> outcomes, List<NewJob> followUps, Instant now) {
    return delegate.complete(owner, outcomes, followUps, now);
  }

  @Override
  public void extendLeases(String owner, Collection<String> jobIds, Instant leaseUntil) {
    delegate.extendLeases(owner, jobIds, leaseUntil);
  }

  @Override
  public int release(String owner, Instant now) {
    return delegate.release(owner, now);
  }

  @Override
  public Set<String> retry(Collection<String> jobIds, Instant now) {
    return delegate.retry(jobIds, now);
  }

  @Override
  public Set<String> discard(Collection<String> jobIds, Instant now) {
    return delegate.discard(jobIds, now);
  }

  @Override
  public int purge(dev.blacksmith.spi.store.Purge purge) {
    return delegate.purge(purge);
  }

  @Override
  public Optional<Event> findEvent(String id) {
    return delegate.findEvent(id);
  }

  @Override
  public Page<Event> findEvents(Query query) {
    return delegate.findEvents(query);
  }

  @Override
  public Optional<Job> findJob(String id) {
    return delegate.findJob(id);
  }

  @Override
  public Page<Job> findJobs(Query query) {
    return delegate.findJobs(query);
  }

  @Override
  public List<Transition> findTransitions(String jobId) {
    return delegate.findTransitions(jobId);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
