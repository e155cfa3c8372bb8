package dev.blacksmith.examples.demo;

import dev.blacksmith.engine.Application;
import dev.blacksmith.engine.Options;
import java.time.Clock;

/**
 * The demo as {@code blacksmith start} runs it: one source and two destinations. It is registered
 * in {@code META-INF/services/dev.blacksmith.engine.Application}, which is how the command finds
 * it.
 *
 * <p>Try it: {@code curl -d '{"hello":"world"}' localhost:9090/demo/events}, then look at {@code
 * data/events.jsonl} (at once) and at table {@code events} of {@code data/warehouse.db} (within ten
 * seconds).
 */
public final class DemoApplication implements Application {

  private final DemoSettings settings;
  private final Clock clock;

  /** The demo as ServiceLoader creates it: paths from the environment, the system clock. */
  public DemoApplication() {
    this(DemoSettings.fromEnvironment(System.getenv()), Clock.systemUTC());
  }

  /** The demo writing where {@code settings} says, with heartbeats timed by {@code clock}. */
  public DemoApplication(DemoSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public void configure(Options.Builder options) {
    options
        .source(new DemoSource(clock))
        .destination(
            new FileDestination(settings.eventsFile()),
            new WarehouseDestination(settings.warehouseFile()));
  }
}
