package dev.blacksmith.testkit.authoring;

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Destination;
import dev.blacksmith.destination.Job;
import dev.blacksmith.destination.Options;
import dev.blacksmith.destination.Schedule;
import dev.blacksmith.destination.ThenSink;
import dev.blacksmith.destination.Toolkit;
import dev.blacksmith.destination.WithHooks;
import dev.blacksmith.store.Queue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Destination {@code crm} for the kit's own tests: each action's load is a lambda the test gives,
 * and its hooks record their calls in {@link #calls}.
 */
final class TestDestination implements Destination, WithHooks {

  /** What a test's load does. */
  @FunctionalInterface
  interface Loader {
    void load(Toolkit toolkit, Queue queue, ThenSink then) throws Exception;
  }

  final List<String> calls;
  private final Options options;
  private final Map<String, Action> actions = new LinkedHashMap<>();

  TestDestination(Options options) {
    this(options, new ArrayList<>());
  }

  private TestDestination(Options options, List<String> calls) {
    this.options = options;
    this.calls = calls;
  }

  /** Registers action {@code name} loading with {@code loader} and {@code schedule}. */
  TestDestination with(String name, @Nullable Schedule schedule, Loader loader) {
    actions.put(name, new TestAction(name, null, schedule, loader, calls));
    return this;
  }

  @Override
  public String name() {
    return "crm";
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
    calls.add("init crm");
  }

  @Override
  public void shutdown(Toolkit toolkit) throws Exception {
    calls.add("shutdown crm");
  }

  /** An action named {@code name}: carries data to marshal, or loads with a loader. */
  static final class TestAction implements Action, WithHooks {
    private final String name;
    private final @Nullable String data;
    private final @Nullable Schedule schedule;
    private final @Nullable Loader loader;
    private final List<String> calls;
    private @Nullable Exception shutdownFailure;

    TestAction(
        String name,
        @Nullable String data,
        @Nullable Schedule schedule,
        @Nullable Loader loader,
        List<String> calls) {
      this.name = name;
      this.data = data;
      this.schedule = schedule;
      this.loader = loader;
      this.calls = calls;
    }

    /** An instance carrying {@code data} for marshal. */
    static TestAction carrying(String name, String data) {
      return new TestAction(name, data, null, null, new ArrayList<>());
    }

    void failShutdownWith(Exception e) {
      this.shutdownFailure = e;
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
      if (data == null) {
        throw new IllegalStateException("only the actions carrying data marshal");
      }
      return Job.ofJson(data);
    }

    @Override
    public void load(Toolkit toolkit, Queue queue, ThenSink then) throws Exception {
      if (loader == null) {
        throw new IllegalStateException("only the registered action loads");
      }
      loader.load(toolkit, queue, then);
    }

    @Override
    public void init(Toolkit toolkit) {
      calls.add("init " + name);
    }

    @Override
    public void shutdown(Toolkit toolkit) throws Exception {
      calls.add("shutdown " + name);
      if (shutdownFailure != null) {
        throw shutdownFailure;
      }
    }
  }
}
