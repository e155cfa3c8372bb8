package dev.blacksmith.engine;

import dev.blacksmith.engine.internal.Engine;
import dev.blacksmith.spi.store.Store;
import dev.blacksmith.supervisor.Service;

/**
 * A Blacksmith process: the application's sources and destinations wired to a store and a pub/sub
 * adapter, running the gateway and/or the scheduler.
 *
 * <ol>
 *   <li>{@link #create(Options)} validates the application and opens the adapters.
 *   <li>{@link #start()} migrates the store, runs the init hooks (sources before triggers,
 *       destinations before actions) and starts the scheduler's loops and the CRON and CDC
 *       triggers. An init error shuts down what was started and throws {@link StartupException}.
 *   <li>{@link #close()} stops taking events, commits what was accepted, lets running loads finish
 *       (up to {@link Options#shutdownTimeout()}), releases unstarted claims, runs the shutdown
 *       hooks in reverse and closes the adapters.
 * </ol>
 */
public final class Blacksmith implements AutoCloseable {

  /** The version of Blacksmith. */
  public static final String VERSION = "0.1.0";

  private final Engine engine;

  private Blacksmith(Engine engine) {
    this.engine = engine;
  }

  /**
   * Validates the application in {@code options} and opens its store and pub/sub adapter.
   *
   * @throws StartupException when a name is duplicated, a route clashes, a schedule or version is
   *     invalid, or an adapter cannot be opened
   */
  public static Blacksmith create(Options options) {
    return new Blacksmith(new Engine(options));
  }

  /** Starts the services; see the class documentation. */
  public void start() {
    engine.start();
  }

  public Options options() {
    return engine.options();
  }

  /** The gateway; usable after {@link #start()} when this process runs it. */
  public Gateway gateway() {
    Gateway g = engine.gateway();
    if (g == null) {
      throw new IllegalStateException("this process does not run the gateway");
    }
    return g;
  }

  /** The scheduler; usable after {@link #start()} when this process runs it. */
  public Scheduler scheduler() {
    Scheduler s = engine.scheduler();
    if (s == null) {
      throw new IllegalStateException("this process does not run the scheduler");
    }
    return s;
  }

  /** The store, for reading (the admin API). */
  public Store store() {
    return engine.store();
  }

  /** This process's identity as {@code service}: id, name, version and address. */
  public Service service(ServiceKind service) {
    Service s = engine.service(service);
    if (s == null) {
      throw new IllegalStateException("this process does not run the " + service.value());
    }
    return s;
  }

  /** Whether the process is started and its store answers. */
  public boolean isHealthy() {
    return engine.isHealthy();
  }

  /**
   * The engine's internals, for the server module, metrics and tests. Not API: may change in any
   * release.
   */
  public Engine internals() {
    return engine;
  }

  /** Shuts down gracefully; see the class documentation. Idempotent. */
  @Override
  public void close() {
    engine.close();
  }
}
