package dev.blacksmith.testkit.authoring;

import dev.blacksmith.store.Job;
import dev.blacksmith.store.Status;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What became of one job of a loaded queue.
 *
 * @param job the job after the load: its latest transition goes from {@code executing} to {@link
 *     #status}, so it can be loaded again when it failed
 * @param status {@code succeeded}, {@code failed}, {@code discarded} or {@code unknown}
 * @param error why it failed or was discarded; {@code null} when it succeeded or is unknown
 * @param followUps the jobs created by the {@code onSucceeded}, {@code onFailed} or {@code
 *     onDiscarded} actions that applied, each with this job as its parent
 */
public record JobOutcome(Job job, Status status, @Nullable Throwable error, List<Job> followUps) {

  public JobOutcome {
    followUps = List.copyOf(followUps);
  }
}
