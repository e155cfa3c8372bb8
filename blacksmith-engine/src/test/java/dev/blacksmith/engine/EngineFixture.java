package dev.blacksmith.engine;

import dev.blacksmith.source.CronTrigger;
import dev.blacksmith.source.Event;
import dev.blacksmith.source.HttpRequest;
import dev.blacksmith.source.HttpTrigger;
import dev.blacksmith.source.Route;
import dev.blacksmith.source.Schedule;
import dev.blacksmith.source.Source;
import dev.blacksmith.source.Toolkit;
import dev.blacksmith.source.Trigger;
import dev.blacksmith.store.Job;
import dev.blacksmith.store.Status;
import dev.blacksmith.store.Transition;
import dev.blacksmith.testkit.authoring.SettableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A started Blacksmith on a temporary SQLite store, with a settable clock and no background loops.
 */
final class EngineFixture implements AutoCloseable {

  /** When every fixture's clock starts. */
  static final Instant START = Instant.parse("2026-01-05T10:00:00Z");

  final SettableClock clock = new SettableClock(START);
  final Blacksmith blacksmith;

  EngineFixture(Path dir, Consumer<Options.Builder> configure) {
    Options.Builder builder =
        Options.builder()
            .storeUrl("sqlite:" + dir.resolve("blacksmith.db"))
            .clock(clock)
            .backgroundLoops(false)
            .gatewayPort(0)
            .schedulerPort(0)
            .source(new AppSource());
    configure.accept(builder);
    blacksmith = Blacksmith.create(builder.build());
    blacksmith.start();
  }

  Accepted send(Event event) {
    return blacksmith.gateway().ingest("app", "track", event).join();
  }

  int runDue() {
    return blacksmith.scheduler().runDue();
  }

  Job job(String id) {
    return blacksmith.store().findJob(id).orElseThrow();
  }

  List<Transition> history(String jobId) {
    return blacksmith.store().findTransitions(jobId);
  }

  List<Status> statuses(String jobId) {
    return history(jobId).stream().map(Transition::stateAfter).toList();
  }

  @Override
  public void close() {
    blacksmith.close();
  }

  /** Source {@code app}: an HTTP trigger {@code track} and a CRON trigger {@code tick}. */
  static final class AppSource implements Source {
    static final List<Event> CRON_EVENTS = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
      return "app";
    }

    @Override
    public Map<String, Trigger> triggers() {
      Map<String, Trigger> triggers = new LinkedHashMap<>();
      triggers.put(
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
              return Event.builder().dataJson(request.json().toString()).build();
            }
          });
      triggers.put(
          "tick",
          new CronTrigger() {
            @Override
            public String name() {
              return "tick";
            }

            @Override
            public Schedule schedule() {
              return new Schedule("*/5 * * * *");
            }

            @Override
            public @Nullable Event extract(Toolkit toolkit) {
              Event e = Event.builder().data(Map.of("tick", CRON_EVENTS.size())).build();
              CRON_EVENTS.add(e);
              return e;
            }
          });
      return triggers;
    }
  }
}
