package dev.blacksmith.spi;

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Then;
import dev.blacksmith.store.Job;
import dev.blacksmith.store.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The rules by which the scheduler (and the test kit) turns what a load reported into each job's
 * outcome, as the SDK documents them on {@link Then} and {@link Action#load}:
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
public final class LoadOutcomes {

  private LoadOutcomes() {}

  /** The decided outcome of one job and the follow-up actions it triggers. */
  public record Decision(
      Job job, Status status, @Nullable Throwable error, List<Action> followUps) {}

  /** The outcome of each of {@code jobs}, in their order. */
  public static List<Decision> decide(
      List<Job> jobs, List<Then> thens, @Nullable Throwable thrown, int maxRetries) {
    Map<String, Then> byJob = new HashMap<>();
    Then wholeQueue = null;
    for (Then then : thens) {
      if (then.isForWholeQueue()) {
        if (wholeQueue == null) {
          wholeQueue = then;
        }
        continue;
      }
      for (String id : then.jobs()) {
        byJob.putIfAbsent(id, then);
      }
    }
    Map<String, Decision> decisions = new LinkedHashMap<>();
    for (Job job : jobs) {
      Then then = byJob.getOrDefault(job.id(), wholeQueue);
      if (then == null) {
        if (thrown != null) {
          decisions.put(job.id(), failure(job, thrown, false, List.of(), List.of(), maxRetries));
        } else {
          decisions.put(job.id(), new Decision(job, Status.UNKNOWN, null, List.of()));
        }
        continue;
      }
      if (then.error() == null) {
        decisions.put(job.id(), new Decision(job, Status.SUCCEEDED, null, then.onSucceeded()));
      } else {
        decisions.put(
            job.id(),
            failure(
                job,
                then.error(),
                then.forceDiscard(),
                then.onFailed(),
                then.onDiscarded(),
                maxRetries));
      }
    }
    return new ArrayList<>(decisions.values());
  }

  private static Decision failure(
      Job job,
      Throwable error,
      boolean forceDiscard,
      List<Action> onFailed,
      List<Action> onDiscarded,
      int maxRetries) {
    // Attempt n is the n-th execution: maxRetries retries allow maxRetries + 1 attempts.
    boolean exhausted = job.attempt() > maxRetries;
    if (forceDiscard || exhausted) {
      return new Decision(job, Status.DISCARDED, error, onDiscarded);
    }
    return new Decision(job, Status.FAILED, error, onFailed);
  }
}
