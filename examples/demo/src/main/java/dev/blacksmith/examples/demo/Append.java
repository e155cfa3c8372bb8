package dev.blacksmith.examples.demo;

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Job;
import dev.blacksmith.destination.Schedule;
import dev.blacksmith.destination.Then;
import dev.blacksmith.destination.ThenSink;
import dev.blacksmith.destination.Toolkit;
import dev.blacksmith.json.Json;
import dev.blacksmith.store.Event;
import dev.blacksmith.store.Queue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * Action {@code append} of destination {@code file}, loaded in realtime: each job becomes one JSON
 * line {@code {"job_id", "event_id", "created_at", "context", "data"}}, and a whole queue is
 * written at once and forced to disk (a batch load). Loads are at-least-once, so a line may repeat
 * after a crash; readers deduplicate on {@code job_id}.
 *
 * <p>Like every action it plays two roles: the instances a flow creates carry one event's data to
 * {@link #marshal}; the instance the destination registers {@link #load loads} queues into the
 * file.
 */
final class Append implements Action {

  static final String NAME = "append";

  private final @Nullable String data;
  private final @Nullable JsonLinesFile file;

  private Append(@Nullable String data, @Nullable JsonLinesFile file) {
    this.data = data;
    this.file = file;
  }

  /** The action a flow asks for, carrying an event's data (JSON text). */
  static Append withData(String data) {
    return new Append(data, null);
  }

  /** The action the destination registers, loading into {@code file}. */
  static Append into(JsonLinesFile file) {
    return new Append(null, file);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Realtime; a failed append is retried every 30 seconds. */
  @Override
  public Schedule schedule() {
    return Schedule.inRealtime().withInterval("@every 30s");
  }

  /** The job's data is the event's data as is; its context is the event's. */
  @Override
  public Job marshal(Toolkit toolkit) {
    return Job.ofJson(Objects.requireNonNull(data, "only the actions a flow creates marshal"));
  }

  @Override
  public void load(Toolkit toolkit, Queue queue, ThenSink then) {
    JsonLinesFile out = Objects.requireNonNull(file, "only the registered action loads");
    List<String> lines = new ArrayList<>(queue.size());
    for (Event event : queue.events()) {
      for (dev.blacksmith.store.Job job : event.jobs()) {
        lines.add(line(event, job));
      }
    }
    try {
      out.append(lines);
      then.send(Then.succeeded());
    } catch (IOException e) {
      then.send(Then.failed(e));
    }
  }

  private static String line(Event event, dev.blacksmith.store.Job job) {
    ObjectNode line = Json.mapper().createObjectNode();
    line.put("job_id", job.id());
    line.put("event_id", event.id());
    line.put("created_at", job.createdAt().toString());
    line.set("context", Json.tree(job.context()));
    line.set("data", Json.tree(job.data()));
    return Json.write(line);
  }
}
