package dev.blacksmith.spi.store;

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
 * Keeps events, jobs and the append-only history of every job's statuses.
 *
 * <p>Model: each job row carries its current status, attempt, the instant from which it may be
 * claimed ({@code nextAt}) and its lease (owner, until). Every status change also appends a {@link
 * Transition} in the same transaction, checked against {@link dev.blacksmith.store.Status}'s table.
 *
 * <p>Contract for every implementation:
 *
 * <ol>
 *   <li>Each write method is one transaction: all of it is durable when it returns, or none of it.
 *   <li>A job is claimable when it is {@code acknowledged} or {@code failed} and its {@code nextAt}
 *       has passed, or when it is {@code awaiting} or {@code executing} and its lease has expired
 *       (its claimer died). Concurrent {@link #claim} calls, from any number of processes, never
 *       return the same job while its lease holds.
 *   <li>Status writes by a previous owner whose lease was taken over are ignored, never applied.
 *   <li>Methods are thread-safe. Times are given by the caller, whose clock is the truth.
 * </ol>
 *
 * Failures are thrown as {@link StoreException}.
 */
public interface Store extends AutoCloseable {

  /** A short name of the backend, such as {@code "sqlite"} or {@code "postgres"}. */
  String name();

  /** Creates or upgrades the schema to this version's; safe to call at every start. */
  void migrate();

  /**
   * Commits events with their jobs and each job's first transition ({@code null -> acknowledged}),
   * in one transaction.
   *
   * @param ingestedAt the ingestion time recorded on every event
   */
  void insert(List<NewEvent> events, Instant ingestedAt);

  /**
   * Claims up to {@code request.limit()} claimable jobs of one action, oldest {@code nextAt} first,
   * moving each to {@code awaiting} under a lease for {@code request.owner()}.
   *
   * @return the claimed jobs grouped by event (each event holds only its claimed jobs), each job
   *     with its new {@code awaiting} transition; empty when nothing is due
   */
  Queue claim(ClaimRequest request);

  /**
   * Moves claimed jobs from {@code awaiting} to {@code executing}, starting their next attempt.
   * Jobs no longer leased by {@code owner} are left alone.
   *
   * @return the jobs moved, with their {@code executing} transitions
   */
  List<Job> start(String owner, Collection<String> jobIds, Instant now, Instant leaseUntil);

  /**
   * Applies the outcomes of a load and creates its follow-up jobs, in one transaction. Outcomes of
   * jobs no longer {@code executing} under {@code owner}'s lease are ignored.
   *
   * @return the ids of the jobs whose outcome was applied
   */
  Set<String> complete(String owner, List<Outcome> outcomes, List<NewJob> followUps, Instant now);

  /**
   * Claims like {@link #claim} and starts the claimed jobs like {@link #start}: each job gets its
   * {@code awaiting} then its {@code executing} transition. The scheduler uses it when it loads a
   * claimed batch at once; implementations should do it in one transaction (this default takes
   * two).
   *
   * @return the started jobs grouped by event, each job with its {@code executing} transition
   */
  default Queue claimAndStart(ClaimRequest request) {
    Queue claimed = claim(request);
    if (claimed.isEmpty()) {
      return claimed;
    }
    List<Job> started =
        start(
            request.owner(),
            claimed.jobs().stream().map(Job::id).toList(),
            request.now(),
            request.leaseUntil());
    java.util.Map<String, Job> byId = new java.util.HashMap<>();
    started.forEach(j -> byId.put(j.id(), j));
    List<Event> events = new java.util.ArrayList<>();
    for (Event e : claimed.events()) {
      List<Job> jobs = e.jobs().stream().map(j -> byId.get(j.id())).filter(j -> j != null).toList();
      if (!jobs.isEmpty()) {
        events.add(e.withJobs(jobs));
      }
    }
    return new Queue(events);
  }

  /** Extends the lease of jobs still held by {@code owner}, for loads that run long. */
  void extendLeases(String owner, Collection<String> jobIds, Instant leaseUntil);

  /**
   * Releases every lease {@code owner} holds on jobs still {@code awaiting}, so another instance
   * can claim them at once (graceful shutdown).
   *
   * @return how many were released
   */
  int release(String owner, Instant now);

  /**
   * Deletes up to {@code purge.limit()} root events matching {@code purge}, each with its
   * sub-events, jobs and transitions, in one transaction; an event qualifies only when every job of
   * it and of its sub-events is in {@code purge.allJobsIn()}. This is the only way history is ever
   * removed: a retention policy, never a rewrite.
   *
   * @return how many events were deleted, sub-events included (so it may exceed the limit)
   */
  int purge(Purge purge);

  /**
   * An operator's retry: moves each job among {@code jobIds} that is {@code failed}, {@code
   * discarded} or {@code unknown} to {@code acknowledged}, claimable from {@code now} with no
   * lease, appending a transition with its attempt unchanged and the error {@code
   * {"message":"retried by an operator"}}, all in one transaction. Jobs in other statuses, and
   * unknown ids, are left alone. Its next claim starts its next attempt.
   *
   * @return the ids of the jobs retried
   * @throws UnsupportedOperationException when the store does not support operator actions (the
   *     default)
   */
  default Set<String> retry(Collection<String> jobIds, Instant now) {
    throw new UnsupportedOperationException(name() + " store does not support operator retries");
  }

  /**
   * An operator's discard: moves each job among {@code jobIds} that is {@code acknowledged}, {@code
   * failed} or {@code unknown} to {@code discarded}, never claimable again unless retried,
   * appending a transition with its attempt unchanged and the error {@code {"message":"discarded by
   * an operator"}}, all in one transaction. Jobs in other statuses, and unknown ids, are left
   * alone.
   *
   * @return the ids of the jobs discarded
   * @throws UnsupportedOperationException when the store does not support operator actions (the
   *     default)
   */
  default Set<String> discard(Collection<String> jobIds, Instant now) {
    throw new UnsupportedOperationException(name() + " store does not support operator discards");
  }

  /**
   * A pub/sub carried by the store itself, such as PostgreSQL's {@code LISTEN/NOTIFY}, that the
   * engine uses for realtime wake-ups between instances when no broker is configured. Empty when
   * the store has none (the embedded store serves one process).
   */
  default java.util.Optional<dev.blacksmith.spi.pubsub.PubSub> notifications() {
    return java.util.Optional.empty();
  }

  /** The event with its jobs. */
  Optional<Event> findEvent(String id);

  /**
   * Events matching {@code query}, newest first, each with its jobs; when the query has job
   * filters, only events having at least one matching job.
   */
  Page<Event> findEvents(Query query);

  /** The job, with its latest transition. */
  Optional<Job> findJob(String id);

  /** Jobs matching {@code query}, newest first. */
  Page<Job> findJobs(Query query);

  /** Every transition of the job, oldest first. */
  List<Transition> findTransitions(String jobId);

  /** Releases connections and files. */
  @Override
  void close();
}
