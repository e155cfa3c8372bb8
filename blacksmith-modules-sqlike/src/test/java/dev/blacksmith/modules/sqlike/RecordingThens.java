package dev.blacksmith.modules.sqlike;

import dev.blacksmith.destination.Then;
import dev.blacksmith.destination.ThenSink;
import dev.blacksmith.store.Queue;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/** A sink recording what a load reported, and the outcome of each job. */
final class RecordingThens implements ThenSink {

  /** What happened to one job. */
  record Outcome(String status, @Nullable Throwable error) {
    String message() {
      return error == null ? "" : String.valueOf(error.getMessage());
    }
  }

  final List<Then> thens = new CopyOnWriteArrayList<>();
  private final Queue queue;

  RecordingThens(Queue queue) {
    this.queue = queue;
  }

  @Override
  public void send(Then then) {
    thens.add(then);
  }

  /** The outcome of every job, by id; a job reported twice fails the test. */
  Map<String, Outcome> outcomes() {
    Map<String, Outcome> out = new TreeMap<>();
    for (Then then : thens) {
      List<String> jobs =
          then.isForWholeQueue()
              ? queue.jobs().stream().map(dev.blacksmith.store.Job::id).toList()
              : then.jobs();
      String status =
          then.error() == null ? "succeeded" : then.forceDiscard() ? "discarded" : "failed";
      for (String id : jobs) {
        if (out.put(id, new Outcome(status, then.error())) != null) {
          throw new AssertionError("job " + id + " was reported twice: " + thens);
        }
      }
    }
    return out;
  }

  Outcome outcome(String jobId) {
    Outcome o = outcomes().get(jobId);
    if (o == null) {
      throw new AssertionError("job " + jobId + " was never reported: " + thens);
    }
    return o;
  }
}
