package dev.blacksmith.testkit.authoring;

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Destination;
import dev.blacksmith.source.CronTrigger;
import dev.blacksmith.source.HttpTrigger;
import dev.blacksmith.source.Route;
import dev.blacksmith.source.Source;
import dev.blacksmith.source.Trigger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Checks that a source or a destination would be accepted when Blacksmith starts: valid names,
 * triggers and actions registered under their own names, options that can be built, CRON triggers
 * with a schedule, and HTTP routes that neither clash nor use a path Blacksmith reserves.
 *
 * <p>It does not parse intervals or CRON expressions; starting the application does.
 */
public final class Registrations {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");

  private Registrations() {}

  /**
   * Checks {@code destination}.
   *
   * @throws AssertionError listing every problem found
   */
  public static void assertValid(Destination destination) {
    List<String> problems = new ArrayList<>();
    String name = name("destination", destination::name, problems);
    options("destination " + name, destination::options, problems);
    Map<String, Action> actions = registered("destination " + name, destination::actions, problems);
    if (actions != null) {
      actions.forEach((key, action) -> {
        String actionName = name("action of destination " + name, action::name, problems);
        if (!key.equals(actionName)) {
          problems.add(
              "destination "
                  + name
                  + " registers action '"
                  + actionName
                  + "' under the key '"
                  + key
                  + "'; they must match");
        }
        options("action " + name + "/" + actionName, action::schedule, problems);
      });
    }
    fail(problems);
  }

  /**
   * Checks {@code source}.
   *
   * @throws AssertionError listing every problem found
   */
  public static void assertValid(Source source) {
    List<String> problems = new ArrayList<>();
    String name = name("source", source::name, problems);
    dev.blacksmith.source.Options options = options("source " + name, source::options, problems);
    Map<String, Trigger> triggers = registered("source " + name, source::triggers, problems);
    if (triggers != null) {
      Map<String, String> routes = new HashMap<>();
      triggers.forEach((key, trigger) -> {
        String triggerName = name("trigger of source " + name, trigger::name, problems);
        if (!key.equals(triggerName)) {
          problems.add(
              "source "
                  + name
                  + " registers trigger '"
                  + triggerName
                  + "' under the key '"
                  + key
                  + "'; they must match");
        }
        switch (trigger) {
          case HttpTrigger http -> route(name, triggerName, http, routes, problems);
          case CronTrigger cron -> {
            if (cron.schedule() == null && (options == null || options.defaultSchedule() == null)) {
              problems.add(
                  "CRON trigger "
                      + name
                      + "/"
                      + triggerName
                      + " has no schedule, and its source sets no default schedule");
            }
          }
          default -> {}
        }
      });
    }
    fail(problems);
  }

  private static void route(
      String source,
      String trigger,
      HttpTrigger http,
      Map<String, String> routes,
      List<String> problems) {
    Route route = options(source + "/" + trigger + " route", http::route, problems);
    if (route == null) {
      return;
    }
    if (route.path().startsWith("/_health") || route.path().startsWith("/admin")) {
      problems.add("route " + route.path() + " of " + source + "/" + trigger + " is reserved");
    }
    // Path parameters match any segment, so /a/{x} and /a/{y} are the same route.
    String shape = route.path().replaceAll("\\{[^/]+}", "{}");
    for (String method : route.methods()) {
      String other = routes.putIfAbsent(method + " " + shape, trigger);
      if (other != null) {
        problems.add(
            "route "
                + method
                + " "
                + route.path()
                + " of "
                + source
                + "/"
                + trigger
                + " clashes with the one of "
                + source
                + "/"
                + other);
      }
    }
  }

  private static String name(String what, Supplier<@Nullable String> name, List<String> problems) {
    String value;
    try {
      value = name.get();
    } catch (RuntimeException e) {
      problems.add("the name of " + what + " cannot be read: " + e);
      return "?";
    }
    if (value == null || !NAME.matcher(value).matches()) {
      problems.add(
          what
              + " has an invalid name '"
              + value
              + "' (use lowercase letters, digits, _ and -, starting with a letter or digit)");
      return String.valueOf(value);
    }
    return value;
  }

  private static <T> @Nullable T options(
      String what, Supplier<@Nullable T> supplier, List<String> problems) {
    try {
      return supplier.get();
    } catch (RuntimeException e) {
      problems.add(what + " cannot be read: " + e);
      return null;
    }
  }

  private static <T> @Nullable Map<String, T> registered(
      String what, Supplier<@Nullable Map<String, T>> supplier, List<String> problems) {
    Map<String, T> map;
    try {
      map = supplier.get();
    } catch (RuntimeException e) {
      problems.add(what + " cannot list its registrations: " + e);
      return null;
    }
    if (map == null) {
      problems.add(what + " returns no map of its registrations");
    }
    return map;
  }

  private static void fail(List<String> problems) {
    if (!problems.isEmpty()) {
      throw new AssertionError("Blacksmith would refuse to start: " + String.join("; ", problems));
    }
  }
}
