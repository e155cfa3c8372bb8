package dev.blacksmith.wanderer.runner;

import dev.blacksmith.supervisor.Service;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * The init and shutdown hooks of one source, trigger, destination or action around its migrations:
 * {@link #init()} at most once, and {@link #shutdown()} only after an init that succeeded.
 */
final class Hooks {

  /** An init hook failed: the run stops before any migration of the component. */
  static final class InitException extends Exception {
    private static final long serialVersionUID = 1L;

    InitException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final Object component;
  private final String what;
  private final Logger logger;
  private final @Nullable Service service;
  private boolean initialised;

  Hooks(Object component, String what, Logger logger, @Nullable Service service) {
    this.component = component;
    this.what = what;
    this.logger = logger;
    this.service = service;
  }

  /** Runs the component's init hook, if it has one and it has not run yet. */
  void init() throws InitException {
    if (initialised) {
      return;
    }
    try {
      if (component instanceof dev.blacksmith.source.WithHooks h) {
        h.init(new dev.blacksmith.source.Toolkit(logger, service));
      } else if (component instanceof dev.blacksmith.destination.WithHooks h) {
        h.init(new dev.blacksmith.destination.Toolkit(logger, service, null, null));
      }
    } catch (Exception | LinkageError e) {
      throw new InitException("init of " + what + " failed: " + Errors.describe(e), e);
    }
    initialised = true;
  }

  /** Runs the shutdown hook after a successful init; its errors are logged only. */
  void shutdown() {
    if (!initialised) {
      return;
    }
    initialised = false;
    try {
      if (component instanceof dev.blacksmith.source.WithHooks h) {
        h.shutdown(new dev.blacksmith.source.Toolkit(logger, service));
      } else if (component instanceof dev.blacksmith.destination.WithHooks h) {
        h.shutdown(new dev.blacksmith.destination.Toolkit(logger, service, null, null));
      }
    } catch (Exception | LinkageError e) {
      logger.error("shutdown of {} after its migrations failed: {}", what, Errors.describe(e), e);
    }
  }
}
