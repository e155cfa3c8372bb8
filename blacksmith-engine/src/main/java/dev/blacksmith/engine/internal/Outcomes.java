package dev.blacksmith.engine.internal;

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
 * Decides each job's outcome from what a load reported, following the rules of {@link Then}: a
 * {@code Then} listing jobs applies to those; one listing none applies to every job not reported
 * otherwise; a job never reported is {@code unknown}, or {@code failed} when the load threw. An
 * error fails a job, or discards it when forced or once its attempts exceed {@code maxRetries}.
 */
final class Outcomes {

  private Outcomes() {}

  /** The decided outcome of one job and the follow-up actions it triggers. */
  record Decision(Job job, Status status, @Nullable Throwable error, List<Action> followUps) {}

  static List<Decision> decide(
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
