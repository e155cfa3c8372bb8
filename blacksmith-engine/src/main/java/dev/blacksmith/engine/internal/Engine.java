package dev.blacksmith.engine.internal;

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Destination;
import dev.blacksmith.destination.WithHooks;
import dev.blacksmith.engine.Blacksmith;
import dev.blacksmith.engine.Options;
import dev.blacksmith.engine.ServiceKind;
import dev.blacksmith.engine.StartupException;
import dev.blacksmith.pubsub.Message;
import dev.blacksmith.source.Source;
import dev.blacksmith.source.Trigger;
import dev.blacksmith.spi.Ids;
import dev.blacksmith.spi.pubsub.PubSub;
import dev.blacksmith.spi.pubsub.PubSubProvider;
import dev.blacksmith.spi.pubsub.Publisher;
import dev.blacksmith.spi.pubsub.Subscriber;
import dev.blacksmith.spi.store.NewEvent;
import dev.blacksmith.spi.store.NewJob;
import dev.blacksmith.spi.store.Query;
import dev.blacksmith.spi.store.Store;
import dev.blacksmith.spi.store.StoreProvider;
import dev.blacksmith.spi.supervisor.Supervisor;
import dev.blacksmith.spi.supervisor.SupervisorProvider;
import dev.blacksmith.supervisor.Service;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/** The wiring behind {@link Blacksmith}: adapters, gateway, scheduler, triggers and hooks. */
public final class Engine {

  /** A hook that ran its init, to shut down in reverse order. */
  private record Started(String what, Runnable shutdown) {}

  private final Options options;
  private final Logger logger;
  private final Registry registry;
  private final EngineCounters counters = new EngineCounters();
  private final Map<ServiceKind, Service> services = new EnumMap<>(ServiceKind.class);
  private final Store store;
  private final Metrics metrics;
  private final PubSub pubsub;
  // Carries realtime wake-ups: the pub/sub adapter, or the store's own notifications
  // (LISTEN/NOTIFY)
  // when only the in-process adapter is configured and the store is shared by several instances.
  private final PubSub wakeupBus;
  private final boolean wakeupsInProcess;
  private final boolean wakeupsFromStore;
  private volatile @Nullable Thread reconnecting;
  private final @Nullable DefaultGateway gateway;
  private final @Nullable GroupCommitWriter writer;
  private final @Nullable TriggerRunners triggers;
  private final @Nullable DefaultScheduler scheduler;
  private final Purger purger;
  private final Supervisor supervisor;
  private final @Nullable Locks schedulerLocks;
  private final @Nullable Locks gatewayLocks;
  private volatile @Nullable Thread heartbeats;
  private final Set<String> pendingAnnouncements =
      java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.Semaphore announcerSignal =
      new java.util.concurrent.Semaphore(0);
  private volatile @Nullable Thread announcer;
  private final Deque<Started> started = new ArrayDeque<>();
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private @Nullable Publisher publisher;
  private @Nullable Subscriber wakeups;

  public Engine(Options options) {
    this.options = options;
    this.logger = options.logger();
    this.registry = new Registry(options.sources(), options.destinations());
    for (ServiceKind kind : options.services()) {
      int port = kind == ServiceKind.GATEWAY ? options.gatewayPort() : options.schedulerPort();
      services.put(
          kind,
          new Service(Ids.next(), kind.value(), Blacksmith.VERSION, options.host() + ":" + port));
    }
    this.store = openStore(options);
    try {
      this.pubsub = openPubSub(options);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    try {
      this.supervisor = openSupervisor(options);
    } catch (RuntimeException e) {
      pubsub.close();
      store.close();
      throw e;
    }
    var fromStore =
        pubsub instanceof InProcessPubSub ? store.notifications() : Optional.<PubSub>empty();
    this.metrics =
        new Metrics(
            options.meterRegistry(),
            store,
            registry,
            options.clock(),
            logger,
            counters,
            options.queueMetricsInterval());
    this.wakeupBus = fromStore.orElse(pubsub);
    this.wakeupsFromStore = fromStore.isPresent();
    this.wakeupsInProcess = wakeupBus instanceof InProcessPubSub;
    Service gatewayService = services.get(ServiceKind.GATEWAY);
    Service schedulerService = services.get(ServiceKind.SCHEDULER);
    this.schedulerLocks =
        schedulerService == null
            ? null
            : new Locks(supervisor, schedulerService, options.lockLease(), logger);
    this.gatewayLocks =
        gatewayService == null
            ? null
            : new Locks(supervisor, gatewayService, options.lockLease(), logger);
    if (schedulerService != null) {
      JobMarshaller followUps = new JobMarshaller(registry, logger, schedulerService, counters);
      List<ActionRunner> runners = new ArrayList<>();
      for (Registry.RegisteredAction ra : registry.actions()) {
        runners.add(
            new ActionRunner(
                ra,
                store,
                options.clock(),
                logger,
                schedulerService.id(),
                schedulerService,
                options.claimBatchSize(),
                options.leaseDuration(),
                options.loadTimeout(),
                followUps,
                counters,
                metrics,
                this::announce,
                schedulerLocks));
      }
      this.scheduler =
          new DefaultScheduler(
              runners, options.clock(), logger, options.sweepInterval(), options.realtimeLinger());
    } else {
      this.scheduler = null;
    }
    // Policies run on the scheduler service only; purges on request work in any process.
    this.purger =
        new Purger(
            store,
            options.clock(),
            logger,
            scheduler == null ? List.of() : options.purgePolicies());
    if (gatewayService != null) {
      var toolkit = new dev.blacksmith.source.Toolkit(logger, gatewayService);
      this.writer =
          new GroupCommitWriter(
              store,
              options.clock(),
              logger,
              options.writerMaxEvents(),
              options.writerMaxDelay(),
              options.writerQueueCapacity(),
              counters,
              this::announceEvents);
      EventBuilder builder =
          new EventBuilder(new JobMarshaller(registry, logger, gatewayService, counters), logger);
      this.gateway =
          new DefaultGateway(registry, builder, writer, options.clock(), logger, toolkit, counters);
      this.triggers =
          new TriggerRunners(
              options.sources(),
              gateway,
              gatewayLocks,
              options.clock(),
              logger,
              toolkit,
              counters,
              options.sweepInterval());
    } else {
      this.writer = null;
      this.gateway = null;
      this.triggers = null;
    }
  }

  private static Store openStore(Options options) {
    if (options.store() != null) {
      return options.store();
    }
    List<String> tried = new ArrayList<>();
    for (StoreProvider p : ServiceLoader.load(StoreProvider.class)) {
      tried.add(p.getClass().getName());
      if (p.supports(options.storeUrl())) {
        try {
          return p.open(options.storeUrl());
        } catch (RuntimeException e) {
          throw new StartupException(
              "cannot open the store " + options.storeUrl() + ": " + e.getMessage(), e);
        }
      }
    }
    throw new StartupException(
        "no store adapter supports '"
            + options.storeUrl()
            + "'; adapters on the classpath: "
            + (tried.isEmpty() ? "none (add blacksmith-store-jdbc)" : tried));
  }

  private static Supervisor openSupervisor(Options options) {
    if (options.supervisor() != null) {
      return options.supervisor();
    }
    String url = options.supervisorUrl();
    if (url == null) {
      boolean sharedStore =
          options.store() == null && options.storeUrl().matches("(?i)(jdbc:)?postgres(ql)?:.*");
      url = sharedStore ? options.storeUrl() : "inprocess:";
    }
    if (url.startsWith("inprocess:")) {
      // The engine's clock, so that tests driving time also drive leases.
      return new InProcessSupervisor(options.clock());
    }
    List<String> tried = new ArrayList<>();
    for (SupervisorProvider p : ServiceLoader.load(SupervisorProvider.class)) {
      tried.add(p.getClass().getName());
      if (p.supports(url)) {
        try {
          return p.open(url);
        } catch (RuntimeException e) {
          throw new StartupException("cannot open the supervisor: " + e.getMessage(), e);
        }
      }
    }
    throw new StartupException(
        "no supervisor adapter supports the URL given (scheme "
            + url.replaceAll(":.*", ":")
            + "); adapters found: "
            + tried
            + (url.contains("postgres") ? " (add blacksmith-supervisor-postgres)" : ""));
  }

  private static PubSub openPubSub(Options options) {
    if (options.pubsub() != null) {
      return options.pubsub();
    }
    List<String> tried = new ArrayList<>();
    for (PubSubProvider p : ServiceLoader.load(PubSubProvider.class)) {
      tried.add(p.getClass().getName());
      if (p.supports(options.pubsubUrl())) {
        try {
          return p.open(options.pubsubUrl());
        } catch (RuntimeException e) {
          throw new StartupException(
              "cannot open the pub/sub " + options.pubsubUrl() + ": " + e.getMessage(), e);
        }
      }
    }
    throw new StartupException(
        "no pub/sub adapter supports '" + options.pubsubUrl() + "'; adapters found: " + tried);
  }

  /** Migrates the store, runs the init hooks and starts the loops. */
  public void start() {
    if (closed.get()) {
      throw new StartupException("this Blacksmith was closed; create a new one");
    }
    if (!running.compareAndSet(false, true)) {
      return;
    }
    try {
      store.migrate();
      supervisor.init();
      beat();
      startHeartbeats();
      if (gateway != null) {
        for (Source s : options.sources()) {
          initSource(s);
        }
      }
      if (scheduler != null) {
        for (Destination d : options.destinations()) {
          initDestination(d);
        }
      }
      if (writer != null) {
        writer.start();
      }
      if (scheduler != null && options.backgroundLoops()) {
        scheduler.start();
        purger.start(policy -> schedulerLocks.hold("purge/" + policy.name()));
      }
      // Wake-ups travel through the pub/sub adapter, in-process or a broker alike. A broker that is
      // down does not stop the platform: the store sweep loads realtime jobs meanwhile.
      if (!connectWakeups()) {
        reconnectWakeupsInBackground();
      }
      if (!wakeupsInProcess) {
        announcer = Thread.ofVirtual().name("blacksmith-announcer").start(this::runAnnouncer);
      }
      if (triggers != null) {
        triggers.start(options.sources(), pubsub, options.backgroundLoops());
      }
      logger.info(
          "Blacksmith {} started: services {}, store {}, pub/sub {}, wake-ups through {}",
          Blacksmith.VERSION,
          services.keySet(),
          store.name(),
          pubsub.name(),
          wakeupsFromStore ? store.name() + " notifications" : wakeupBus.name());
    } catch (RuntimeException e) {
      logger.error("start-up failed, shutting down: {}", e.getMessage());
      close();
      throw e instanceof StartupException se
          ? se
          : new StartupException("start-up failed: " + e.getMessage(), e);
    }
  }

  private void initSource(Source s) {
    var toolkit = new dev.blacksmith.source.Toolkit(logger, services.get(ServiceKind.GATEWAY));
    if (s instanceof dev.blacksmith.source.WithHooks h) {
      runInit("source " + s.name(), () -> h.init(toolkit), () -> h.shutdown(toolkit));
    }
    for (Trigger t : s.triggers().values()) {
      if (t instanceof dev.blacksmith.source.WithHooks h) {
        runInit(
            "trigger " + s.name() + "/" + t.name(),
            () -> h.init(toolkit),
            () -> h.shutdown(toolkit));
      }
    }
  }

  private void initDestination(Destination d) {
    var toolkit =
        new dev.blacksmith.destination.Toolkit(
            logger, services.get(ServiceKind.SCHEDULER), null, null);
    if (d instanceof WithHooks h) {
      runInit("destination " + d.name(), () -> h.init(toolkit), () -> h.shutdown(toolkit));
    }
    for (Action a : d.actions().values()) {
      if (a instanceof WithHooks h) {
        runInit(
            "action " + d.name() + "/" + a.name(),
            () -> h.init(toolkit),
            () -> h.shutdown(toolkit));
      }
    }
  }

  @FunctionalInterface
  private interface Hook {
    void run() throws Exception;
  }

  private void runInit(String what, Hook init, Hook shutdown) {
    try {
      init.run();
    } catch (Exception | LinkageError e) {
      throw new StartupException("init of " + what + " failed: " + JobMarshaller.describe(e), e);
    }
    started.push(
        new Started(
            what,
            () -> {
              try {
                shutdown.run();
              } catch (Exception | LinkageError e) {
                logger.error("shutdown of {} failed: {}", what, e.getMessage(), e);
              }
            }));
  }

  /** Registers (or refreshes) this process's services in the supervisor's registry. */
  private void beat() {
    for (Service s : services.values()) {
      try {
        supervisor.heartbeat(s, options.lockLease());
      } catch (RuntimeException e) {
        logger.warn("heartbeat of {} failed: {}", s.name(), e.getMessage());
      }
    }
  }

  private void startHeartbeats() {
    Duration every = options.lockLease().dividedBy(3);
    heartbeats =
        Thread.ofVirtual()
            .name("blacksmith-heartbeat")
            .start(() -> {
              while (running.get()) {
                try {
                  Thread.sleep(every);
                } catch (InterruptedException e) {
                  return;
                }
                beat();
              }
            });
  }

  /** Connects the wake-up publisher and subscriber; false, with a warning, when the bus is down. */
  private boolean connectWakeups() {
    Publisher p = null;
    Subscriber sub = null;
    try {
      p = wakeupBus.publisher();
      p.init();
      if (scheduler != null) {
        sub = wakeupBus.subscriber(options.topic(), options.topic());
        sub.init();
        sub.receive(this::onWakeup);
      }
      publisher = p;
      wakeups = sub;
      return true;
    } catch (RuntimeException e) {
      counters.brokerErrors.increment();
      if (sub != null) {
        sub.shutdown();
      }
      if (p != null) {
        p.shutdown();
      }
      logger.warn(
          "pub/sub {} is unreachable ({}); realtime jobs are loaded by the store sweep every {}"
              + " until it is back",
          wakeupBus.name(),
          e.getMessage(),
          options.sweepInterval());
      return false;
    }
  }

  private void reconnectWakeupsInBackground() {
    reconnecting =
        Thread.ofVirtual()
            .name("blacksmith-pubsub-reconnect")
            .start(() -> {
              Duration pause = Duration.ofSeconds(1);
              while (running.get()) {
                try {
                  Thread.sleep(pause);
                } catch (InterruptedException e) {
                  return;
                }
                if (!running.get()) {
                  return;
                }
                if (connectWakeups()) {
                  logger.info(
                      "pub/sub {} is reachable again: realtime wake-ups resumed", wakeupBus.name());
                  return;
                }
                pause =
                    pause.multipliedBy(2).compareTo(MAX_RECONNECT_PAUSE) > 0
                        ? MAX_RECONNECT_PAUSE
                        : pause.multipliedBy(2);
              }
            });
  }

  private static final Duration MAX_RECONNECT_PAUSE = Duration.ofSeconds(30);

  private void announceEvents(List<NewEvent> events) {
    List<NewJob> jobs = new ArrayList<>();
    for (NewEvent e : events) {
      jobs.addAll(e.jobs());
    }
    announce(jobs);
  }

  /** Tells schedulers, through the pub/sub adapter, that realtime jobs were committed. */
  private void announce(List<NewJob> jobs) {
    Set<String> seen = new LinkedHashSet<>();
    for (NewJob j : jobs) {
      Registry.RegisteredAction ra = registry.action(j.destination(), j.action());
      if (ra != null && ra.realtime()) {
        seen.add(j.destination() + "/" + j.action());
      }
    }
    for (String key : seen) {
      if (wakeupsInProcess) {
        publish(key);
        continue;
      }
      if (scheduler != null) {
        // Hand-off in memory to our own scheduler; the broker tells the other instances.
        int slash = key.indexOf('/');
        scheduler.wake(key.substring(0, slash), key.substring(slash + 1));
      }
      // A broker may be slow or down: never make the writer (and so every 202) wait for it.
      pendingAnnouncements.add(key);
    }
    if (!wakeupsInProcess && !seen.isEmpty()) {
      announcerSignal.release();
    }
  }

  private void publish(String key) {
    Publisher p = publisher;
    if (p == null) {
      return;
    }
    int slash = key.indexOf('/');
    try {
      p.send(
          options.topic(),
          Message.of(
              "",
              Map.of("destination", key.substring(0, slash), "action", key.substring(slash + 1))));
    } catch (RuntimeException e) {
      counters.brokerErrors.increment();
      // The store stays the truth: the sweep will find these jobs.
      logger.warn("realtime announcement of {} not published: {}", key, e.getMessage());
    }
  }

  /** Publishes the announcements of committed realtime jobs, coalesced per action. */
  private void runAnnouncer() {
    while (running.get()) {
      try {
        announcerSignal.acquire();
      } catch (InterruptedException e) {
        return;
      }
      announcerSignal.drainPermits();
      for (String key : List.copyOf(pendingAnnouncements)) {
        pendingAnnouncements.remove(key);
        publish(key);
      }
    }
  }

  private void onWakeup(Message message) {
    String destination = message.metadata().get("destination");
    String action = message.metadata().get("action");
    if (destination != null && action != null && scheduler != null) {
      scheduler.wake(destination, action);
    }
  }

  public Options options() {
    return options;
  }

  public Registry registry() {
    return registry;
  }

  public EngineCounters counters() {
    return counters;
  }

  public Store store() {
    return store;
  }

  /** The engine's meters; {@link Metrics#registry()} is what {@code /metrics} serves. */
  public Metrics metrics() {
    return metrics;
  }

  public @Nullable DefaultGateway gateway() {
    return gateway;
  }

  public @Nullable DefaultScheduler scheduler() {
    return scheduler;
  }

  /** The purger: runs the retention policies, and purges on request. */
  public Purger purger() {
    return purger;
  }

  public Supervisor supervisor() {
    return supervisor;
  }

  public @Nullable TriggerRunners triggers() {
    return triggers;
  }

  public @Nullable Service service(ServiceKind kind) {
    return services.get(kind);
  }

  public boolean isHealthy() {
    if (!running.get() || closed.get()) {
      return false;
    }
    try {
      store.findJobs(Query.all().withPage(0, 1));
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Graceful shutdown, in the order the class documentation of {@link Blacksmith} gives. */
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    boolean wasRunning = running.getAndSet(false);
    if (wasRunning && triggers != null) {
      triggers.stop(options.shutdownTimeout());
    }
    if (wasRunning && writer != null) {
      writer.close();
    }
    Thread r = reconnecting;
    if (r != null) {
      r.interrupt();
    }
    Thread a = announcer;
    if (a != null) {
      a.interrupt();
    }
    if (wakeups != null) {
      wakeups.shutdown();
    }
    purger.stop();
    if (wasRunning && scheduler != null) {
      scheduler.stop(options.shutdownTimeout());
      Service s = services.get(ServiceKind.SCHEDULER);
      try {
        int released = store.release(s.id(), options.clock().instant());
        if (released > 0) {
          logger.info("released {} claimed jobs for other instances", released);
        }
      } catch (RuntimeException e) {
        logger.warn("could not release claims; they expire with their lease: {}", e.getMessage());
      }
    }
    while (!started.isEmpty()) {
      started.pop().shutdown().run();
    }
    Thread h = heartbeats;
    if (h != null) {
      h.interrupt();
    }
    if (schedulerLocks != null) {
      schedulerLocks.releaseAll();
    }
    for (Service s : services.values()) {
      try {
        supervisor.deregister(s);
      } catch (RuntimeException e) {
        logger.debug("deregistering {} failed: {}", s.name(), e.getMessage());
      }
    }
    supervisor.close();
    if (publisher != null) {
      publisher.shutdown();
    }
    try {
      if (wakeupsFromStore) {
        wakeupBus.close();
      }
      pubsub.close();
    } finally {
      metrics.close();
      store.close();
    }
    if (wasRunning) {
      logger.info("Blacksmith stopped");
    }
  }
}
