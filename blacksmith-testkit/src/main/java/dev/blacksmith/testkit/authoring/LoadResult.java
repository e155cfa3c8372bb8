package dev.blacksmith.testkit.authoring;

import dev.blacksmith.destination.Then;
import dev.blacksmith.store.Job;
import dev.blacksmith.store.Queue;
import dev.blacksmith.store.Status;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What one {@link ActionHarness#load load} reported, and what the scheduler would make of it: the
 * outcome of every job of the queue and the follow-up jobs created.
 */
public final class LoadResult {

  /**
   * A follow-up action for which no job was created; the scheduler logs it and goes on.
   *
   * @param parentJobId the job whose outcome asked for it
   * @param action the follow-up action's name
   * @param message why no job was created
   */
  public record Rejection(String parentJobId, String action, String message) {}

  private final Queue queue;
  private final List<Then> thens;
  private final @Nullable Throwable thrown;
  private final Map<String, JobOutcome> outcomes;
  private final List<String> unexpectedJobIds;
  private final List<Rejection> rejectedFollowUps;

  LoadResult(
      Queue queue,
      List<Then> thens,
      @Nullable Throwable thrown,
      List<JobOutcome> outcomes,
      List<String> unexpectedJobIds,
      List<Rejection> rejectedFollowUps) {
    this.queue = queue;
    this.thens = List.copyOf(thens);
    this.thrown = thrown;
    Map<String, JobOutcome> byId = new LinkedHashMap<>();
    outcomes.forEach(o -> byId.put(o.job().id(), o));
    this.outcomes = byId;
    this.unexpectedJobIds = List.copyOf(unexpectedJobIds);
    this.rejectedFollowUps = List.copyOf(rejectedFollowUps);
  }

  /** The queue that was loaded, as the action saw it. */
  public Queue queue() {
    return queue;
  }

  /** The {@code Then}s the load reported, in the order it reported them. */
  public List<Then> thens() {
    return thens;
  }

  /** What the load threw, or {@code null} when it returned normally. */
  public @Nullable Throwable thrown() {
    return thrown;
  }

  /** The outcome of every job of the queue, in queue order. */
  public List<JobOutcome> outcomes() {
    return List.copyOf(outcomes.values());
  }

  /**
   * The outcome of job {@code jobId}.
   *
   * @throws IllegalArgumentException when the job was not in the queue
   */
  public JobOutcome outcome(String jobId) {
    JobOutcome outcome = outcomes.get(jobId);
    if (outcome == null) {
      throw new IllegalArgumentException(
          "job " + jobId + " was not in the loaded queue; it had " + outcomes.keySet());
    }
    return outcome;
  }

  /** The status job {@code jobId} ended the load with. */
  public Status status(String jobId) {
    return outcome(jobId).status();
  }

  /** Why job {@code jobId} failed or was discarded, or {@code null}. */
  public @Nullable Throwable error(String jobId) {
    return outcome(jobId).error();
  }

  /**
   * Job {@code jobId} after the load, with its outcome as latest transition: pass a failed one to
   * {@link ActionHarness#load(Job...)} again to run its next attempt.
   */
  public Job job(String jobId) {
    return outcome(jobId).job();
  }

  /** The ids of the jobs that succeeded, in queue order. */
  public List<String> succeeded() {
    return withStatus(Status.SUCCEEDED);
  }

  /** The ids of the jobs that failed and will be retried, in queue order. */
  public List<String> failed() {
    return withStatus(Status.FAILED);
  }

  /** The ids of the jobs that were discarded, in queue order. */
  public List<String> discarded() {
    return withStatus(Status.DISCARDED);
  }

  /** The ids of the jobs the load never reported, in queue order. */
  public List<String> unknown() {
    return withStatus(Status.UNKNOWN);
  }

  /** Every follow-up job created, in queue order of their parents. */
  public List<Job> followUps() {
    return outcomes.values().stream().flatMap(o -> o.followUps().stream()).toList();
  }

  /** The follow-up jobs created because of job {@code jobId}. */
  public List<Job> followUps(String jobId) {
    return outcome(jobId).followUps();
  }

  /** Job ids the load reported that were not in its queue; the scheduler ignores them. */
  public List<String> unexpectedJobIds() {
    return unexpectedJobIds;
  }

  /** Follow-up actions for which no job could be created. */
  public List<Rejection> rejectedFollowUps() {
    return rejectedFollowUps;
  }

  private List<String> withStatus(Status status) {
    return outcomes.values().stream()
        .filter(o -> o.status() == status)
        .map(o -> o.job().id())
        .toList();
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("LoadResult[");
    outcomes
        .values()
        .forEach(o -> text.append(o.job().id()).append('=').append(o.status()).append(' '));
    if (thrown != null) {
      text.append("thrown=").append(thrown);
    }
    return text.toString().strip() + "]";
  }
}
