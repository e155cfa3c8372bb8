package dev.blacksmith.source;

import java.util.Map;

/**
 * Somewhere events come from: an application, a SaaS webhook, a database, a topic.
 *
 * <p>Implementations may also implement {@link WithHooks} to open and close resources. Generate a
 * new one with {@code blacksmith generate source --name <name>}.
 */
public interface Source {

  /** The unique name of this source, such as {@code "stripe"}. */
  String name();

  /** The options of this source. */
  default Options options() {
    return Options.builder().build();
  }

  /** The triggers of this source, by name. */
  Map<String, Trigger> triggers();
}
