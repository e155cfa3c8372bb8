package dev.blacksmith.destination;

/**
 * Lets a destination or an action run code when the scheduler starts and stops, or around
 * migrations: open a connection pool, then close it.
 *
 * <p>Order: a destination's {@code init} always runs before its actions', and its {@code shutdown}
 * after theirs. The toolkit's event and job ids are always {@code null} here.
 */
public interface WithHooks {

  /**
   * Initialises the destination or action, when the scheduler service starts or before migrations
   * run.
   *
   * @throws Exception to abort start-up: the process then shuts down gracefully, running the
   *     shutdown hooks of what was already initialised
   */
  default void init(Toolkit toolkit) throws Exception {}

  /**
   * Shuts the destination or action down, when the scheduler service stops or after migrations ran.
   *
   * @throws Exception logged only: the shutdown goes on
   */
  default void shutdown(Toolkit toolkit) throws Exception {}
}
