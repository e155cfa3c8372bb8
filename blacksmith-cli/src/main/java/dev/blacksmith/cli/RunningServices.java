package dev.blacksmith.cli;

import dev.blacksmith.engine.Blacksmith;
import dev.blacksmith.engine.Options;
import dev.blacksmith.engine.ServiceKind;
import dev.blacksmith.engine.StartupException;
import dev.blacksmith.server.BlacksmithServer;
import dev.blacksmith.spi.pubsub.PubSub;
import dev.blacksmith.spi.store.Store;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/** A started engine and its HTTP services, closed together once. */
final class RunningServices {

  private final Options options;
  private final Blacksmith blacksmith;
  private final BlacksmithServer server;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CountDownLatch closed = new CountDownLatch(1);

  private RunningServices(Options options, Blacksmith blacksmith, BlacksmithServer server) {
    this.options = options;
    this.blacksmith = blacksmith;
    this.server = server;
  }

  /**
   * Creates and starts Blacksmith, then its HTTP services.
   *
   * @throws StartupException when either fails; whatever was started is closed first
   */
  static RunningServices start(Options options) {
    Blacksmith blacksmith = Blacksmith.create(options);
    try {
      blacksmith.start();
      BlacksmithServer server;
      try {
        server = BlacksmithServer.start(blacksmith);
      } catch (StartupException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new StartupException("cannot start the HTTP services: " + Main.messages(e), e);
      }
      return new RunningServices(options, blacksmith, server);
    } catch (RuntimeException e) {
      try {
        blacksmith.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
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
        closed.countDown();
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
