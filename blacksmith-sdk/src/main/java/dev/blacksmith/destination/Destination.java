package dev.blacksmith.destination;

import java.util.Map;

/**
 * A third-party service that loads events: an API, a webhook, a database or a broker.
 *
 * <p>Implementations may also implement {@link WithHooks} to open and close resources such as
 * connection pools. Generate a new one with {@code blacksmith generate destination --name <name>
 * [--path <path>] [--migrations]}.
 */
public interface Destination {

  /** The string representation of the destination interface: {@value}. */
  String INTERFACE_DESTINATION = "destination";

  /**
   * The unique name of this destination, such as {@code "zendesk"}. It names the destination in
   * flows, in the store and in the admin API.
   */
  String name();

  /**
   * The options of this destination. A destination may validate or override what its user passed,
   * so nobody schedules it in a way it cannot bear. Fields left unset fall back to {@link
   * Defaults#OPTIONS}, field by field.
   */
  default Options options() {
    return Options.builder().build();
  }

  /**
   * The actions this destination can run, by name. Actions run from the jobs created by sources'
   * triggers and flows, and from other actions' follow-ups. Each call to an action is a job.
   */
  Map<String, Action> actions();
}
