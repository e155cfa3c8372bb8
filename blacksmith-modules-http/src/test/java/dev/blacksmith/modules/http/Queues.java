package dev.blacksmith.modules.http;

import dev.blacksmith.store.Event;
import dev.blacksmith.store.Job;
import dev.blacksmith.store.Queue;
import dev.blacksmith.store.Status;
import dev.blacksmith.store.Transition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Queues built by hand, for loads driven without the engine. */
final class Queues {

  static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

  private Queues() {}

  /** One event whose jobs carry {@code data}, as JSON texts; job ids are {@code job-0}, ... */
  static Queue of(String... data) {
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < data.length; i++) {
      String id = "job-" + i;
      jobs.add(
          new Job(
              id,
              "webhook",
              "send",
              null,
              "{\"ip\":\"203.0.113.7\"}",
              data[i],
              new Transition(
                  "t-" + i, 1, Status.AWAITING, Status.EXECUTING, null, T0, "event-1", id),
              T0,
              "event-1",
              null));
    }
    return new Queue(
        List.of(new Event("event-1", "app", "track", null, "{}", "{}", jobs, null, T0, T0, null)));
  }
}
