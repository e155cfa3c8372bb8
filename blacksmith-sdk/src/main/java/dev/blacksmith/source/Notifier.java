package dev.blacksmith.source;

/** Where a {@link CdcTrigger} pushes what it captures. */
public interface Notifier {

  /**
   * Stores an event and its jobs; returns once they are committed, so a CDC trigger can advance its
   * position safely afterwards.
   *
   * @throws Exception when the event could not be committed: do not advance the position
   */
  void emit(Event event) throws Exception;

  /** Reports an error without stopping the trigger; it is logged and counted. */
  void error(Throwable error);

  /** Whether the platform asked the trigger to stop. */
  boolean isShuttingDown();
}
