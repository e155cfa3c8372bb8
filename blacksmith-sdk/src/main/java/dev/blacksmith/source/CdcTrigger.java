package dev.blacksmith.source;

/**
 * A long-running change-data-capture trigger, on one instance at a time: it listens to a database's
 * or a service's changes and pushes one event per change.
 */
public non-sealed interface CdcTrigger extends Trigger {

  @Override
  default Mode mode() {
    return Mode.CDC;
  }

  /**
   * Listens for changes and pushes events and errors to {@code notifier} until {@link
   * Notifier#isShuttingDown()} turns true or the thread is interrupted, then returns.
   *
   * @throws Exception logged; the platform restarts the trigger after a pause
   */
  void extract(Toolkit toolkit, Notifier notifier) throws Exception;
}
