package dev.blacksmith.spi.store;

import dev.blacksmith.spi.pubsub.PubSub;
import dev.blacksmith.store.Event;
import dev.blacksmith.store.Job;
import dev.blacksmith.store.Queue;
import dev.blacksmith.store.Transition;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A store that forwards every call, default methods included, to another: extend it to decorate a
 * store (timing, fault injection) by overriding only what changes. Forwarding the default methods
 * matters: a decorator that inherited them would silently swap the delegate's one-transaction
 * versions for the slower defaults.
 */
public abstract class ForwardingStore implements Store {

  private final Store delegate;

  protected ForwardingStore(Store delegate) {
    this.delegate = delegate;
  }

  /** The store calls are forwarded to. */
  protected final Store delegate() {
    return delegate;
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
  public Queue claimAndStart(ClaimRequest request) {
    return delegate.claimAndStart(request);
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
  public int purge(Purge purge) {
    return delegate.purge(purge);
  }

  @Override
  public Optional<PubSub> notifications() {
    return delegate.notifications();
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
