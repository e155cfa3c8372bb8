package dev.blacksmith.store;

import java.util.List;

/**
 * The events handed to one {@link dev.blacksmith.destination.Action#load}, each with its jobs for
 * that action only.
 */
public record Queue(List<Event> events) {

  public Queue {
    events = List.copyOf(events);
  }

  /** Every job of every event, in queue order. */
  public List<Job> jobs() {
    return events.stream().flatMap(e -> e.jobs().stream()).toList();
  }

  /** The number of jobs in the queue. */
  public int size() {
    int n = 0;
    for (Event e : events) {
      n += e.jobs().size();
    }
    return n;
  }

  public boolean isEmpty() {
    return size() == 0;
  }
}
