package dev.blacksmith.source;

/**
 * Lets a source or a trigger run code when the gateway starts and stops. A source's {@code init}
 * runs before its triggers', its {@code shutdown} after theirs.
 */
public interface WithHooks {

  /**
   * Initialises the source or trigger when the gateway starts.
   *
   * @throws Exception to abort start-up cleanly
   */
  default void init(Toolkit toolkit) throws Exception {}

  /**
   * Shuts the source or trigger down when the gateway stops.
   *
   * @throws Exception logged only
   */
  default void shutdown(Toolkit toolkit) throws Exception {}
}
