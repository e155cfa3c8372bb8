package dev.blacksmith.bench;

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Actions;
import dev.blacksmith.destination.Destination;
import dev.blacksmith.destination.Job;
import dev.blacksmith.destination.Schedule;
import dev.blacksmith.destination.Then;
import dev.blacksmith.destination.ThenSink;
import dev.blacksmith.destination.Toolkit;
import dev.blacksmith.source.Event;
import dev.blacksmith.source.HttpRequest;
import dev.blacksmith.source.HttpTrigger;
import dev.blacksmith.source.Route;
import dev.blacksmith.source.Source;
import dev.blacksmith.source.Trigger;
import dev.blacksmith.store.Queue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The application under load: a source {@code bench} whose HTTP trigger {@code POST /bench/events}
 * routes each event to the actions {@code a1..aK} of the destination {@code sink}. Every action is
 * realtime and loads its whole queue in one batch, reporting it succeeded without any I/O, so what
 * is measured is the platform alone.
 */
final class BenchApp {

  static final String SOURCE = "bench";
  static final String TRIGGER = "events";
  static final String PATH = "/bench/events";
  static final String DESTINATION = "sink";

  private BenchApp() {}

  /** The body of event number {@code seq}; the sink reads {@code seq} back from the job's data. */
  static byte[] body(int seq) {
    return ("{\"seq\":" + seq + ",\"user\":\"user-" + (seq % 1000) + "\",\"event\":\"bench\"}")
        .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** The {@code seq} field of a body made by {@link #body}, read without a JSON parser. */
  static int seq(String data) {
    int at = data.indexOf("\"seq\":");
    if (at < 0) {
      return -1;
    }
    int i = at + 6;
    while (i < data.length() && data.charAt(i) == ' ') {
      i++;
    }
    int value = 0;
    boolean any = false;
    while (i < data.length()) {
      char c = data.charAt(i);
      if (c < '0' || c > '9') {
        break;
      }
      value = value * 10 + (c - '0');
      any = true;
      i++;
    }
    return any ? value : -1;
  }

  /** Where the sink reports its loads: a count, and optionally the time each event was loaded. */
  static final class Probe {
    private final LongAdder jobsLoaded = new LongAdder();
    private final LongAdder loads = new LongAdder();
    private volatile @Nullable AtomicLongArray loadedAt;

    /** Records, from now on, {@link System#nanoTime()} of the load of events {@code 0..n-1}. */
    void recordLoadTimes(int n) {
      loadedAt = new AtomicLongArray(n);
    }

    @Nullable AtomicLongArray loadTimes() {
      return loadedAt;
    }

    long jobsLoaded() {
      return jobsLoaded.sum();
    }

    long loads() {
      return loads.sum();
    }

    void loaded(Queue queue) {
      long now = System.nanoTime();
      loads.increment();
      AtomicLongArray times = loadedAt;
      int n = 0;
      for (var event : queue.events()) {
        for (var job : event.jobs()) {
          n++;
          if (times != null) {
            int seq = seq(job.data());
            if (seq >= 0 && seq < times.length()) {
              times.compareAndSet(seq, 0, now);
            }
          }
        }
      }
      jobsLoaded.add(n);
    }
  }

  /** The source {@code bench} with its one HTTP trigger. */
  static Source source(int jobsPerEvent) {
    Map<String, Trigger> triggers = Map.of(TRIGGER, new EventsTrigger(jobsPerEvent));
    return new Source() {
      @Override
      public String name() {
        return SOURCE;
      }

      @Override
      public Map<String, Trigger> triggers() {
        return triggers;
      }
    };
  }

  /** The destination {@code sink} with the realtime actions {@code a1..aK}. */
  static Destination sink(int actions, Probe probe) {
    Map<String, Action> byName = new LinkedHashMap<>();
    for (int i = 1; i <= actions; i++) {
      SinkAction a = new SinkAction(actionName(i), null, probe);
      byName.put(a.name(), a);
    }
    return new Destination() {
      @Override
      public String name() {
        return DESTINATION;
      }

      @Override
      public Map<String, Action> actions() {
        return byName;
      }
    };
  }

  static String actionName(int i) {
    return "a" + i;
  }

  /** Extracts the JSON body as the event's data and routes it to {@code a1..aK}. */
  private static final class EventsTrigger implements HttpTrigger {
    private final int jobsPerEvent;

    EventsTrigger(int jobsPerEvent) {
      this.jobsPerEvent = jobsPerEvent;
    }

    @Override
    public String name() {
      return TRIGGER;
    }

    @Override
    public Route route() {
      return Route.post(PATH);
    }

    @Override
    public Event extract(dev.blacksmith.source.Toolkit toolkit, HttpRequest request)
        throws Exception {
      // Refuses what is not JSON with a 400, as a real trigger would.
      request.json();
      String data = request.bodyAsString();
      Action[] actions = new Action[jobsPerEvent];
      for (int i = 0; i < jobsPerEvent; i++) {
        actions[i] = new SinkAction(actionName(i + 1), data, null);
      }
      return Event.builder().dataJson(data).actions(Actions.of(DESTINATION, actions)).build();
    }
  }

  /**
   * One action of the sink. The instances a trigger creates carry an event's data to marshal; the
   * registered ones load.
   */
  private static final class SinkAction implements Action {
    private final String name;
    private final @Nullable String data;
    private final @Nullable Probe probe;

    SinkAction(String name, @Nullable String data, @Nullable Probe probe) {
      this.name = name;
      this.data = data;
      this.probe = probe;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Schedule schedule() {
      return Schedule.inRealtime();
    }

    @Override
    public Job marshal(Toolkit toolkit) {
      if (data == null) {
        throw new IllegalStateException("the registered action " + name + " carries no event");
      }
      return Job.ofJson(data);
    }

    @Override
    public void load(Toolkit toolkit, Queue queue, ThenSink then) {
      if (probe != null) {
        probe.loaded(queue);
      }
      then.send(Then.succeeded());
    }
  }
}
