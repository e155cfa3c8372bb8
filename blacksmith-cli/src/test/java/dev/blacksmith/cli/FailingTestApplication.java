package dev.blacksmith.cli;

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Destination;
import dev.blacksmith.destination.Job;
import dev.blacksmith.destination.Then;
import dev.blacksmith.destination.ThenSink;
import dev.blacksmith.destination.Toolkit;
import dev.blacksmith.destination.WithHooks;
import dev.blacksmith.engine.Application;
import dev.blacksmith.engine.Options;
import dev.blacksmith.store.Queue;
import java.util.Map;

/** An application whose destination cannot initialise, so Blacksmith cannot start. */
public final class FailingTestApplication implements Application {

  static final String INIT_FAILURE = "warehouse unreachable at init";

  @Override
  public void configure(Options.Builder options) {
    options.destination(new Unreachable());
  }

  private static final class Unreachable implements Destination, WithHooks {
    @Override
    public String name() {
      return "unreachable";
    }

    @Override
    public Map<String, Action> actions() {
      return Map.of("noop", new Noop());
    }

    @Override
    public void init(Toolkit toolkit) throws Exception {
      throw new java.io.IOException(INIT_FAILURE);
    }
  }

  private static final class Noop implements Action {
    @Override
    public String name() {
      return "noop";
    }

    @Override
    public Job marshal(Toolkit toolkit) {
      return Job.ofJson("{}");
    }

    @Override
    public void load(Toolkit toolkit, Queue queue, ThenSink then) {
      then.send(Then.succeeded());
    }
  }
}
