package dev.blacksmith.modules.segment;

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Destination;
import dev.blacksmith.destination.Job;
import dev.blacksmith.destination.Options;
import dev.blacksmith.destination.Schedule;
import dev.blacksmith.destination.Then;
import dev.blacksmith.destination.ThenSink;
import dev.blacksmith.destination.Toolkit;
import dev.blacksmith.engine.Blacksmith;
import dev.blacksmith.server.BlacksmithServer;
import dev.blacksmith.spi.store.Query;
import dev.blacksmith.store.Event;
import dev.blacksmith.store.Queue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Blacksmith process as users run it, on a fresh embedded store: the engine, its HTTP gateway on
 * a free port, a Segment source and a {@code recorder} destination whose realtime action {@code
 * record} keeps the data of every job it loads.
 */
final class RunningGateway implements AutoCloseable {

  final Blacksmith blacksmith;
  final BlacksmithServer server;
  final List<String> recorded = new CopyOnWriteArrayList<>();

  RunningGateway(Path dir, SegmentSource source) {
    blacksmith =
        Blacksmith.create(
            dev.blacksmith.engine.Options.builder()
                .storeUrl("sqlite:" + dir.resolve("blacksmith.db"))
                .host("127.0.0.1")
                .gatewayPort(0)
                .schedulerPort(0)
                .adminToken("test-admin-token")
                .sweepInterval(Duration.ofMillis(200))
                .source(source)
                .destination(new Recorder(recorded))
                .build());
    blacksmith.start();
    server = BlacksmithServer.start(blacksmith);
  }

  /** {@code http://127.0.0.1:<port>}. */
  String url() {
    return "http://127.0.0.1:" + server.gatewayPort();
  }

  /** Every stored event, oldest first. */
  List<Event> events() {
    List<Event> all = new ArrayList<>();
    int offset = 0;
    while (true) {
      List<Event> page =
          blacksmith.store().findEvents(Query.all().withPage(offset, Query.MAX_LIMIT)).items();
      all.addAll(page);
      if (page.size() < Query.MAX_LIMIT) {
        return all.stream().sorted(java.util.Comparator.comparing(Event::id)).toList();
      }
      offset += page.size();
    }
  }

  /** The stored events that are not sub-events of another. */
  List<Event> parents() {
    return events().stream().filter(e -> e.parentEventId() == null).toList();
  }

  /** The sub-events of {@code parentId}, in the order the batch listed them. */
  List<Event> children(String parentId) {
    return events().stream().filter(e -> parentId.equals(e.parentEventId())).toList();
  }

  @Override
  public void close() {
    server.close();
  }

  /** Destination {@code recorder}: loads in realtime and remembers each job's data. */
  static final class Recorder implements Destination {
    private final List<String> recorded;

    Recorder(List<String> recorded) {
      this.recorded = recorded;
    }

    @Override
    public String name() {
      return "recorder";
    }

    @Override
    public Options options() {
      return Options.builder().defaultSchedule(Schedule.inRealtime()).build();
    }

    @Override
    public Map<String, Action> actions() {
      return Map.of("record", new Record());
    }

    private final class Record implements Action {
      @Override
      public String name() {
        return "record";
      }

      @Override
      public Job marshal(Toolkit toolkit) {
        throw new IllegalStateException("jobs of recorder/record come from forward rules");
      }

      @Override
      public void load(Toolkit toolkit, Queue queue, ThenSink then) {
        queue.jobs().forEach(job -> recorded.add(job.data()));
        then.send(Then.succeeded());
      }
    }
  }
}
