package dev.blacksmith.modules.http;

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Actions;
import dev.blacksmith.engine.Accepted;
import dev.blacksmith.engine.Blacksmith;
import dev.blacksmith.engine.Options;
import dev.blacksmith.json.Json;
import dev.blacksmith.source.Event;
import dev.blacksmith.source.HttpRequest;
import dev.blacksmith.source.HttpTrigger;
import dev.blacksmith.source.Route;
import dev.blacksmith.source.Source;
import dev.blacksmith.source.Toolkit;
import dev.blacksmith.source.Trigger;
import dev.blacksmith.store.Job;
import dev.blacksmith.store.Status;
import dev.blacksmith.store.Transition;
import dev.blacksmith.testkit.authoring.SettableClock;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A started Blacksmith on a temporary SQLite store with an HTTP destination, a clock the test moves
 * and no background loops: {@link #runDue()} loads what is due, in the test's thread.
 */
final class Pipeline implements AutoCloseable {

  /**
   * Source {@code app}; its HTTP trigger {@code track} at {@code POST /app/track} sends the posted
   * JSON to action {@code send} of destination {@code webhook}.
   */
  static final class App implements Source {
    @Override
    public String name() {
      return "app";
    }

    @Override
    public Map<String, Trigger> triggers() {
      return Map.of(
          "track",
          new HttpTrigger() {
            @Override
            public String name() {
              return "track";
            }

            @Override
            public Route route() {
              return Route.post("/app/track");
            }

            @Override
            public Event extract(Toolkit toolkit, HttpRequest request) throws Exception {
              JsonNode json = request.json();
              return Event.builder()
                  .context(Map.of("ip", "203.0.113.7"))
                  .dataJson(json.toString())
                  .actions(Actions.of("webhook", HttpDestination.sendJson(json.toString())))
                  .build();
            }
          });
    }
  }

  final SettableClock clock = SettableClock.at("2026-01-05T10:00:00Z");
  final Blacksmith blacksmith;
  final HttpDestination destination;

  Pipeline(Path dir, HttpDestinationConfig config) {
    this.destination = new HttpDestination(config, clock);
    this.blacksmith =
        Blacksmith.create(
            Options.builder()
                .storeUrl("sqlite:" + dir.resolve("blacksmith.db"))
                .clock(clock)
                .backgroundLoops(false)
                .gatewayPort(0)
                .schedulerPort(0)
                .source(new App())
                .destination(destination)
                .build());
    blacksmith.start();
  }

  /** Commits one event whose jobs are {@code actions} of the destination; returns the job ids. */
  List<String> send(Action... actions) {
    Accepted accepted =
        blacksmith
            .gateway()
            .ingest(
                "app",
                "track",
                Event.builder()
                    .context(Map.of("ip", "203.0.113.7"))
                    .data(Map.of("kind", "test"))
                    .actions(Actions.of(destination.name(), actions))
                    .build())
            .join();
    if (!accepted.rejected().isEmpty()) {
      throw new AssertionError("jobs were rejected: " + accepted.rejected());
    }
    return accepted.jobIds();
  }

  int runDue() {
    return blacksmith.scheduler().runDue();
  }

  Job job(String id) {
    return blacksmith.store().findJob(id).orElseThrow();
  }

  Status status(String id) {
    return job(id).status();
  }

  /** The message of the job's latest error. */
  String error(String id) {
    String error = job(id).transition().error();
    if (error == null) {
      throw new AssertionError("job " + id + " has no error; it is " + status(id));
    }
    return Json.tree(error).get("message").asString();
  }

  /** A field of the job's stored error JSON other than its message, such as {@code status}. */
  String errorField(String id, String field) {
    String error = job(id).transition().error();
    if (error == null || !Json.tree(error).has(field)) {
      throw new AssertionError("job " + id + " has no error field " + field + ": " + error);
    }
    return Json.tree(error).get(field).asString();
  }

  List<Status> statuses(String id) {
    return blacksmith.store().findTransitions(id).stream().map(Transition::stateAfter).toList();
  }

  @Override
  public void close() {
    blacksmith.close();
  }
}
