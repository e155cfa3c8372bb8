package dev.blacksmith.server;

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Destination;
import dev.blacksmith.destination.Job;
import dev.blacksmith.destination.Schedule;
import dev.blacksmith.destination.Then;
import dev.blacksmith.destination.ThenSink;
import dev.blacksmith.destination.Toolkit;
import dev.blacksmith.store.Queue;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The test destination: {@code notify} loads in realtime and succeeds; {@code export} loads every
 * hour and fails; {@code archive} loads every day and succeeds; {@code broken} cannot marshal.
 */
final class Warehouse implements Destination {

  static final String NAME = "warehouse";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Map<String, Action> actions() {
    Map<String, Action> actions = new LinkedHashMap<>();
    actions.put("notify", new Notify(null));
    actions.put("export", new Export(null));
    actions.put("archive", new Archive(null));
    actions.put("broken", new Broken());
    return actions;
  }

  /** Marshals the event's data as the job's data. */
  abstract static class Carrying implements Action {
    private final @Nullable JsonNode payload;

    Carrying(@Nullable JsonNode payload) {
      this.payload = payload;
    }

    @Override
    public Job marshal(Toolkit toolkit) {
      if (payload == null) {
        throw new IllegalStateException("the registered instance carries no data");
      }
      return Job.of(payload);
    }
  }

  static final class Notify extends Carrying {
    Notify(@Nullable JsonNode payload) {
      super(payload);
    }

    @Override
    public String name() {
      return "notify";
    }

    @Override
    public Schedule schedule() {
      return Schedule.inRealtime();
    }

    @Override
    public void load(Toolkit toolkit, Queue queue, ThenSink then) {
      then.send(Then.succeeded());
    }
  }

  static final class Export extends Carrying {
    Export(@Nullable JsonNode payload) {
      super(payload);
    }

    @Override
    public String name() {
      return "export";
    }

    @Override
    public Schedule schedule() {
      return Schedule.every("@every 1h");
    }

    @Override
    public void load(Toolkit toolkit, Queue queue, ThenSink then) {
      then.send(Then.failed(new IllegalStateException("warehouse is down")));
    }
  }

  static final class Archive extends Carrying {
    Archive(@Nullable JsonNode payload) {
      super(payload);
    }

    @Override
    public String name() {
      return "archive";
    }

    @Override
    public Schedule schedule() {
      return Schedule.every("@every 24h");
    }

    @Override
    public void load(Toolkit toolkit, Queue queue, ThenSink then) {
      then.send(Then.succeeded());
    }
  }

  static final class Broken implements Action {
    @Override
    public String name() {
      return "broken";
    }

    @Override
    public Job marshal(Toolkit toolkit) {
      throw new IllegalArgumentException("cannot marshal this order");
    }

    @Override
    public void load(Toolkit toolkit, Queue queue, ThenSink then) {
      then.send(Then.succeeded());
    }
  }
}
