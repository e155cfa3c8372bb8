package dev.blacksmith.testkit.authoring;

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Then;
import dev.blacksmith.store.Job;
import dev.blacksmith.store.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The rules by which the scheduler turns what a load reported into each job's outcome, as the SDK
 * documents them on {@link Then} and {@link Action#load}:
 *
 * <ol>
 *   <li>A {@code Then} naming jobs applies to those jobs; when several name the same job, the first
 *       one reported wins.
 *   <li>The first {@code Then} naming no job applies to every job no other {@code Then} named.
 *   <li>A job nothing applies to is {@code unknown}, or {@code failed} with the exception when the
 *       load threw.
 *   <li>No error: {@code succeeded}, and the {@code onSucceeded} actions follow.
 *   <li>An error: {@code discarded} with {@code onDiscarded} when {@code forceDiscard} is set or
 *       the job's attempt exceeds {@code maxRetries} (0 retries means one attempt); otherwise
 *       {@code failed} with {@code onFailed}.
 * </ol>
 */
final class OutcomeRules {

  private OutcomeRules() {}

  /** One job's outcome and the actions to follow it with. */
  record Decision(Job job, Status status, @Nullable Throwable error, List<Action> followUps) {}

  /** The outcome of each of {@code jobs}, in their order. */
  static List<Decision> decide(
      List<Job> jobs, List<Then> thens, @Nullable Throwable thrown, int maxRetries) {
    Map<String, Then> byJob = new HashMap<>();
    Then wholeQueue = null;
    for (Then then : thens) {
      if (then.isForWholeQueue()) {
        if (wholeQueue == null) {
          wholeQueue = then;
        }
      } else {
        for (String id : then.jobs()) {
          byJob.putIfAbsent(id, then);
        }
      }
    }
    List<Decision> decisions = new ArrayList<>(jobs.size());
    for (Job job : jobs) {
      Then then = byJob.getOrDefault(job.id(), wholeQueue);
      if (then == null) {
        decisions.add(
            thrown == null
                ? new Decision(job, Status.UNKNOWN, null, List.of())
                : failure(job, thrown, false, List.of(), List.of(), maxRetries));
      } else if (then.error() == null) {
        decisions.add(new Decision(job, Status.SUCCEEDED, null, then.onSucceeded()));
      } else {
        decisions.add(
            failure(
                job,
                then.error(),
                then.forceDiscard(),
                then.onFailed(),
                then.onDiscarded(),
                maxRetries));
      }
    }
    return decisions;
  }

  private static Decision failure(
      Job job,
      Throwable error,
      boolean forceDiscard,
      List<Action> onFailed,
      List<Action> onDiscarded,
      int maxRetries) {
    // Attempt n is the n-th load of the job: maxRetries retries allow maxRetries + 1 attempts.
    if (forceDiscard || job.attempt() > maxRetries) {
      return new Decision(job, Status.DISCARDED, error, onDiscarded);
    }
    return new Decision(job, Status.FAILED, error, onFailed);
  }
}
