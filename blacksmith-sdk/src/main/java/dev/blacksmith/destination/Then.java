package dev.blacksmith.destination;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of loading some jobs, reported by {@link Action#load} through a {@link ThenSink}, and
 * the follow-up actions to run because of it.
 *
 * <ul>
 *   <li>No {@code error}: the jobs are {@code succeeded} and {@code onSucceeded} actions become new
 *       jobs.
 *   <li>An {@code error}: the jobs are {@code failed} and retried after the schedule's interval,
 *       and {@code onFailed} runs; once a job has used its retries, or when {@code forceDiscard} is
 *       set, it is {@code discarded} and {@code onDiscarded} runs instead.
 * </ul>
 *
 * Follow-up jobs carry the job they follow as parent and keep their own action's schedule.
 *
 * @param jobs ids of the jobs this outcome is about; empty means every job of the queue, which lets
 *     a destination load entry by entry or in one batch. A job never reported ends {@code unknown}.
 * @param error what went wrong, or {@code null} on success
 * @param forceDiscard discard the jobs now, without further retries, when success is impossible;
 *     requires an {@code error}
 * @param onSucceeded actions of the same destination to run when the jobs succeeded
 * @param onFailed actions to run when the jobs failed and will be retried
 * @param onDiscarded actions to run when the jobs were discarded
 */
public record Then(
    List<String> jobs,
    @Nullable Throwable error,
    boolean forceDiscard,
    List<Action> onSucceeded,
    List<Action> onFailed,
    List<Action> onDiscarded) {

  public Then {
    jobs = List.copyOf(jobs);
    onSucceeded = List.copyOf(onSucceeded);
    onFailed = List.copyOf(onFailed);
    onDiscarded = List.copyOf(onDiscarded);
    if (forceDiscard && error == null) {
      throw new IllegalArgumentException("forceDiscard requires an error saying why");
    }
  }

  /** Every job of the queue succeeded. */
  public static Then succeeded() {
    return new Then(List.of(), null, false, List.of(), List.of(), List.of());
  }

  /** Every job of the queue failed with {@code error}; they are retried on schedule. */
  public static Then failed(Throwable error) {
    return new Then(List.of(), error, false, List.of(), List.of(), List.of());
  }

  /** Every job of the queue is discarded now because of {@code error}, without retries. */
  public static Then discarded(Throwable error) {
    return new Then(List.of(), error, true, List.of(), List.of(), List.of());
  }

  /** This outcome for the given jobs only. */
  public Then forJobs(String... jobIds) {
    return forJobs(List.of(jobIds));
  }

  /** This outcome for the given jobs only. */
  public Then forJobs(List<String> jobIds) {
    return new Then(jobIds, error, forceDiscard, onSucceeded, onFailed, onDiscarded);
  }

  /** This outcome, running {@code actions} when the jobs succeeded. */
  public Then onSucceeded(Action... actions) {
    return new Then(jobs, error, forceDiscard, List.of(actions), onFailed, onDiscarded);
  }

  /** This outcome, running {@code actions} when the jobs failed and will be retried. */
  public Then onFailed(Action... actions) {
    return new Then(jobs, error, forceDiscard, onSucceeded, List.of(actions), onDiscarded);
  }

  /** This outcome, running {@code actions} when the jobs were discarded. */
  public Then onDiscarded(Action... actions) {
    return new Then(jobs, error, forceDiscard, onSucceeded, onFailed, List.of(actions));
  }

  /** Whether this outcome applies to every job of the queue. */
  public boolean isForWholeQueue() {
    return jobs.isEmpty();
  }
}
