package dev.blacksmith.examples.demo;

import dev.blacksmith.destination.Then;
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

/** Queues as the scheduler hands them to a load, built by hand. */
final class TestQueues {

  static final Instant CREATED_AT = Instant.parse("2025-03-01T10:00:00Z");
  static final Instant SENT_AT = Instant.parse("2025-03-01T09:59:58Z");
  static final String CONTEXT = "{\"user_agent\":\"curl/8.5.0\"}";
  static final Toolkit TOOLKIT =
      new Toolkit(LoggerFactory.getLogger("dev.blacksmith.examples.demo"), null, null, null);

  private TestQueues() {}

  static Queue queueOf(Event... events) {
    return new Queue(List.of(events));
  }

  /** Event {@code eventId} carrying {@code data}, with one executing job per id. */
  static Event event(String eventId, String data, String... jobIds) {
    List<Job> jobs = new ArrayList<>();
    for (String jobId : jobIds) {
      Transition executing =
          new Transition(
              "t-" + jobId, 1, Status.AWAITING, Status.EXECUTING, null, CREATED_AT, eventId, jobId);
      jobs.add(
          new Job(jobId, "any", "any", null, CONTEXT, data, executing, CREATED_AT, eventId, null));
    }
    return new Event(
        eventId,
        "demo",
        "events",
        null,
        CONTEXT,
        data,
        jobs,
        SENT_AT,
        CREATED_AT,
        CREATED_AT,
        null);
  }

  /** Collects what a load reports. */
  static final class Thens {
    final List<Then> reported = new ArrayList<>();

    void send(Then then) {
      reported.add(then);
    }
  }
}
