package dev.blacksmith.engine;

/**
 * A Blacksmith application: the sources, flows and destinations a team runs. {@code blacksmith
 * start} finds exactly one implementation with {@link java.util.ServiceLoader} (list it in {@code
 * META-INF/services/dev.blacksmith.engine.Application}) and runs it.
 */
public interface Application {

  /**
   * Adds the application's sources and destinations, and any setting, to {@code options}. Settings
   * from the environment ({@code BLACKSMITH_*}) and the command line are applied after this.
   */
  void configure(Options.Builder options);
}
