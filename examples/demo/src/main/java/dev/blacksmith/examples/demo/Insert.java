package dev.blacksmith.examples.demo;

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Job;
import dev.blacksmith.destination.Schedule;
import dev.blacksmith.destination.Then;
import dev.blacksmith.destination.ThenSink;
import dev.blacksmith.destination.Toolkit;
import dev.blacksmith.store.Event;
import dev.blacksmith.store.Queue;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Action {@code insert} of destination {@code warehouse}, loaded every ten seconds rather than in
 * realtime, as warehouses prefer few large writes: every due job becomes a row of table {@code
 * events}, the whole queue in one transaction. Replaying a queue is harmless: rows are keyed by job
 * id. A row the table refuses fails the whole queue, to be retried on schedule.
 *
 * <p>Like every action it plays two roles: the instances a flow creates carry one event's data to
 * {@link #marshal}; the instance the destination registers {@link #load loads} queues.
 */
final class Insert implements Action {

  static final String NAME = "insert";

  private final @Nullable String data;
  private final @Nullable Warehouse warehouse;

  private Insert(@Nullable String data, @Nullable Warehouse warehouse) {
    this.data = data;
    this.warehouse = warehouse;
  }

  /** The action a flow asks for, carrying an event's data (JSON text). */
  static Insert withData(String data) {
    return new Insert(data, null);
  }

  /** The action the destination registers, loading into {@code warehouse}. */
  static Insert into(Warehouse warehouse) {
    return new Insert(null, warehouse);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Every ten seconds, also the delay before a failed queue is retried. */
  @Override
  public Schedule schedule() {
    return Schedule.every("@every 10s");
  }

  @Override
  public Job marshal(Toolkit toolkit) {
    return Job.ofJson(Objects.requireNonNull(data, "only the actions a flow creates marshal"));
  }

  @Override
  public void load(Toolkit toolkit, Queue queue, ThenSink then) {
    Warehouse into = Objects.requireNonNull(warehouse, "only the registered action loads");
    List<Warehouse.Row> rows = new ArrayList<>(queue.size());
    for (Event event : queue.events()) {
      for (dev.blacksmith.store.Job job : event.jobs()) {
        rows.add(
            new Warehouse.Row(
                job.id(), event.id(), job.createdAt(), event.sentAt(), job.context(), job.data()));
      }
    }
    try {
      into.insert(rows);
      then.send(Then.succeeded());
    } catch (SQLException e) {
      then.send(Then.failed(e));
    }
  }
}
