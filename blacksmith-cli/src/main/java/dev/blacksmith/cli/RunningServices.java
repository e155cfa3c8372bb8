package dev.blacksmith.cli;

import dev.blacksmith.engine.Blacksmith;
import dev.blacksmith.engine.Options;
import dev.blacksmith.engine.ServiceKind;
import dev.blacksmith.engine.StartupException;
import dev.blacksmith.server.BlacksmithServer;
import dev.blacksmith.spi.pubsub.PubSub;
import dev.blacksmith.spi.store.Store;
import dev.blacksmith.spi.wanderer.Wanderer;
import dev.blacksmith.wanderer.runner.Wanderers;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/** A started engine and its HTTP services, closed together once. */
final class RunningServices {

  private final Options options;
  private final Blacksmith blacksmith;
  private final BlacksmithServer server;
  private final @Nullable Wanderer wanderer;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CountDownLatch closed = new CountDownLatch(1);

  private RunningServices(
      Options options,
      Blacksmith blacksmith,
      BlacksmithServer server,
      @Nullable Wanderer wanderer) {
    this.options = options;
    this.blacksmith = blacksmith;
    this.server = server;
    this.wanderer = wanderer;
  }

  /**
   * Creates and starts Blacksmith, then its HTTP services.
   *
   * @throws StartupException when either fails; whatever was started is closed first
   */
  static RunningServices start(Options options, Map<String, String> env) {
    Blacksmith blacksmith = Blacksmith.create(options);
    Wanderer wanderer = null;
    try {
      blacksmith.start();
      // After the store's own migrations, so a shared SQLite file holds the store's tables first.
      wanderer = openWanderer(options, env);
      BlacksmithServer server;
      try {
        server = BlacksmithServer.start(blacksmith, wanderer);
      } catch (StartupException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new StartupException("cannot start the HTTP services: " + Main.messages(e), e);
      }
      return new RunningServices(options, blacksmith, server, wanderer);
    } catch (RuntimeException e) {
      try {
        blacksmith.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (wanderer != null) {
        wanderer.close();
      }
      throw e;
    }
  }

  /**
   * The wanderer the admin API shows migrations from: {@code BLACKSMITH_WANDERER_URL}, else the
   * store's database; none when the store was given as an instance and no URL names one.
   */
  private static @Nullable Wanderer openWanderer(Options options, Map<String, String> env) {
    String configured = env.get(Wanderers.URL_VARIABLE);
    if (options.store() != null && (configured == null || configured.isBlank())) {
      return null;
    }
    try {
      return Wanderers.openMigrated(Wanderers.url(env, options));
    } catch (RuntimeException e) {
      throw new StartupException("cannot open the wanderer: " + Main.messages(e), e);
    }
  }

  /** Logs one line per service: where it listens, and the adapters it uses. */
  void logStarted() {
    for (ServiceKind kind : options.services()) {
      options
          .logger()
          .info(
              "{} listening on http://{}:{} (store {}, pub/sub {})",
              kind.value(),
              options.host(),
              port(kind),
              store(),
              pubsub());
    }
  }

  /** The port {@code service} listens on, or -1 when this process does not run it. */
  int port(ServiceKind service) {
    return service == ServiceKind.GATEWAY ? server.gatewayPort() : server.schedulerPort();
  }

  /**
   * Stops the HTTP services, then Blacksmith (which lets running loads finish and runs the shutdown
   * hooks). Safe to call from several threads: later callers wait for the first to finish.
   */
  void close() {
    if (!closing.compareAndSet(false, true)) {
      awaitClosedUninterruptibly();
      return;
    }
    options.logger().info("shutting down");
    try {
      server.close();
    } catch (RuntimeException e) {
      options.logger().warn("the HTTP services did not stop cleanly", e);
    } finally {
      try {
        blacksmith.close();
      } finally {
        try {
          if (wanderer != null) {
            wanderer.close();
          }
        } finally {
          closed.countDown();
        }
      }
    }
  }

  /** Waits until {@link #close()} has finished. */
  void awaitClosed() throws InterruptedException {
    closed.await();
  }

  private void awaitClosedUninterruptibly() {
    boolean interrupted = false;
    while (true) {
      try {
        closed.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private String store() {
    Store store = options.store();
    return store != null ? store.getClass().getSimpleName() : Urls.redact(options.storeUrl());
  }

  private String pubsub() {
    PubSub pubsub = options.pubsub();
    return pubsub != null ? pubsub.getClass().getSimpleName() : Urls.redact(options.pubsubUrl());
  }
}
