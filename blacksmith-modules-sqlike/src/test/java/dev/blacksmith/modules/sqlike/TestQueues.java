package dev.blacksmith.modules.sqlike;

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Toolkit;
import dev.blacksmith.store.Event;
import dev.blacksmith.store.Job;
import dev.blacksmith.store.Queue;
import dev.blacksmith.store.Status;
import dev.blacksmith.store.Transition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Builds queues the way the scheduler hands them to a load: one event per job, ids job-1, .... */
final class TestQueues {

  static final Toolkit TOOLKIT =
      new Toolkit(LoggerFactory.getLogger("sqlike-test"), null, null, null);
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

  private TestQueues() {}

  /** The data of the job {@code action} marshals, as the gateway stores it. */
  static String marshal(Action action) throws Exception {
    return action.marshal(new Toolkit(TOOLKIT.logger(), null, "event", "job")).data();
  }

  /** A queue of one job per action, each marshalled, with ids job-1, job-2, .... */
  static Queue of(String actionName, Action... actions) throws Exception {
    List<String> data = new ArrayList<>();
    for (Action a : actions) {
      data.add(marshal(a));
    }
    return ofData(actionName, data.toArray(String[]::new));
  }

  /** A queue of one job per JSON text, stored as is, with ids job-1, job-2, .... */
  static Queue ofData(String actionName, String... data) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < data.length; i++) {
      String jobId = "job-" + (i + 1);
      String eventId = "event-" + (i + 1);
      Transition t =
          new Transition(
              "t-" + jobId, 1, Status.AWAITING, Status.EXECUTING, null, NOW, eventId, jobId);
      Job job = new Job(jobId, "warehouse", actionName, null, "{}", data[i], t, NOW, eventId, null);
      events.add(
          new Event(eventId, "app", "track", null, "{}", "{}", List.of(job), null, NOW, NOW, null));
    }
    return new Queue(events);
  }
}
