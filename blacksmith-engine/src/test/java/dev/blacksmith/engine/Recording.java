package dev.blacksmith.engine;

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Destination;
import dev.blacksmith.destination.Job;
import dev.blacksmith.destination.Options;
import dev.blacksmith.destination.Schedule;
import dev.blacksmith.destination.Then;
import dev.blacksmith.destination.ThenSink;
import dev.blacksmith.destination.Toolkit;
import dev.blacksmith.destination.WithHooks;
import dev.blacksmith.store.Queue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/** Fake destinations and actions that record what the platform does with them. */
final class Recording {

  private Recording() {}

  /** What a recording action's load does with its queue. */
  @FunctionalInterface
  interface Behaviour {
    void load(Queue queue, ThenSink then) throws Exception;

    Behaviour SUCCEED = (q, t) -> t.send(Then.succeeded());
  }

  /** Records calls to hooks, in order, across destinations and actions. */
  static final List<String> HOOKS = new CopyOnWriteArrayList<>();

  static final class RecordingAction implements Action, WithHooks {
    final String name;
    final @Nullable Schedule schedule;
    volatile Behaviour behaviour = Behaviour.SUCCEED;
    final List<Queue> queues = new CopyOnWriteArrayList<>();
    @Nullable String initError;

    RecordingAction(String name, @Nullable Schedule schedule) {
      this.name = name;
      this.schedule = schedule;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public @Nullable Schedule schedule() {
      return schedule;
    }

    @Override
    public Job marshal(Toolkit toolkit) {
      throw new UnsupportedOperationException("the registered instance is never marshalled");
    }

    @Override
    public void load(Toolkit toolkit, Queue queue, ThenSink then) throws Exception {
      queues.add(queue);
      behaviour.load(queue, then);
    }

    int loadedJobs() {
      return queues.stream().mapToInt(Queue::size).sum();
    }

    @Override
    public void init(Toolkit toolkit) {
      HOOKS.add("init action " + name);
      if (initError != null) {
        throw new IllegalStateException(initError);
      }
    }

    @Override
    public void shutdown(Toolkit toolkit) {
      HOOKS.add("shutdown action " + name);
    }
  }

  static final class RecordingDestination implements Destination, WithHooks {
    final String name;
    final Options options;
    final Map<String, Action> actions = new LinkedHashMap<>();

    RecordingDestination(String name, Options options, RecordingAction... list) {
      this.name = name;
      this.options = options;
      for (RecordingAction a : list) {
        actions.put(a.name(), a);
      }
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Options options() {
      return options;
    }

    @Override
    public Map<String, Action> actions() {
      return actions;
    }

    @Override
    public void init(Toolkit toolkit) {
      HOOKS.add("init destination " + name);
    }

    @Override
    public void shutdown(Toolkit toolkit) {
      HOOKS.add("shutdown destination " + name);
    }
  }

  /**
   * The instance a flow or trigger creates: carries data, marshals it. Marshal fails when {@code
   * fail} is set.
   */
  record Call(
      String name, Object data, @Nullable String version, @Nullable String context, boolean fail)
      implements Action {

    static Call of(String action, Object data) {
      return new Call(action, data, null, null, false);
    }

    Call withVersion(String v) {
      return new Call(name, data, v, context, fail);
    }

    Call withContext(String c) {
      return new Call(name, data, version, c, fail);
    }

    Call failing() {
      return new Call(name, data, version, context, true);
    }

    @Override
    public Job marshal(Toolkit toolkit) {
      if (fail) {
        throw new IllegalArgumentException("cannot marshal " + data);
      }
      Job job = Job.of(data);
      if (version != null) {
        job = job.withVersion(version);
      }
      if (context != null) {
        job = new Job(job.version(), context, job.data(), null);
      }
      return job;
    }

    @Override
    public void load(Toolkit toolkit, Queue queue, ThenSink then) {
      throw new UnsupportedOperationException("a data-carrying instance is never loaded");
    }
  }

  static List<String> ids(Queue queue) {
    List<String> ids = new ArrayList<>();
    queue.jobs().forEach(j -> ids.add(j.id()));
    return ids;
  }
}
