package dev.blacksmith.engine.internal;

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Defaults;
import dev.blacksmith.destination.Destination;
import dev.blacksmith.destination.Schedule;
import dev.blacksmith.engine.HttpEndpoint;
import dev.blacksmith.engine.StartupException;
import dev.blacksmith.source.CronTrigger;
import dev.blacksmith.source.HttpTrigger;
import dev.blacksmith.source.Source;
import dev.blacksmith.source.Trigger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The application's sources, triggers, destinations and actions, validated once at creation, with
 * each action's effective schedule resolved (action over destination over {@link Defaults}).
 */
public final class Registry {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");

  /** A destination's action with its effective, fully set schedule. */
  public record RegisteredAction(
      Destination destination, Action action, Schedule schedule, Intervals.Interval interval) {

    public String destinationName() {
      return destination.name();
    }

    public String actionName() {
      return action.name();
    }

    public boolean realtime() {
      return Boolean.TRUE.equals(schedule.realtime());
    }

    public int maxRetries() {
      return schedule.maxRetries() == null ? 0 : schedule.maxRetries();
    }
  }

  private final Map<String, Source> sources = new LinkedHashMap<>();
  private final Map<String, Destination> destinations = new LinkedHashMap<>();
  private final Map<String, Map<String, RegisteredAction>> actions = new LinkedHashMap<>();
  private final List<HttpEndpoint> endpoints = new ArrayList<>();

  /**
   * Validates and indexes the application.
   *
   * @throws StartupException naming what is wrong
   */
  public Registry(List<Source> sourceList, List<Destination> destinationList) {
    for (Source s : sourceList) {
      checkName("source", s.name());
      if (sources.putIfAbsent(s.name(), s) != null) {
        throw new StartupException("two sources are named '" + s.name() + "'");
      }
      checkOptions("source " + s.name(), s::options);
      for (Map.Entry<String, Trigger> e : s.triggers().entrySet()) {
        Trigger t = e.getValue();
        checkName("trigger of source " + s.name(), t.name());
        if (!e.getKey().equals(t.name())) {
          throw new StartupException(
              "source "
                  + s.name()
                  + " registers trigger '"
                  + t.name()
                  + "' under the key '"
                  + e.getKey()
                  + "'; they must match");
        }
        if (t instanceof HttpTrigger http) {
          endpoints.add(new HttpEndpoint(s.name(), t.name(), http.route()));
        } else if (t instanceof CronTrigger cron) {
          cronInterval(s, cron);
        }
      }
    }
    checkRoutes();
    for (Destination d : destinationList) {
      checkName("destination", d.name());
      if (destinations.putIfAbsent(d.name(), d) != null) {
        throw new StartupException("two destinations are named '" + d.name() + "'");
      }
      dev.blacksmith.destination.Options options =
          checkOptions("destination " + d.name(), d::options);
      Schedule destinationSchedule =
          options.defaultSchedule() == null ? Defaults.SCHEDULE : options.defaultSchedule();
      Map<String, RegisteredAction> byName = new LinkedHashMap<>();
      for (Map.Entry<String, Action> e : d.actions().entrySet()) {
        Action a = e.getValue();
        checkName("action of destination " + d.name(), a.name());
        if (!e.getKey().equals(a.name())) {
          throw new StartupException(
              "destination "
                  + d.name()
                  + " registers action '"
                  + a.name()
                  + "' under the key '"
                  + e.getKey()
                  + "'; they must match");
        }
        Schedule own = a.schedule();
        Schedule effective =
            (own == null ? destinationSchedule : own.orElse(destinationSchedule))
                .orElse(Defaults.SCHEDULE);
        Intervals.Interval interval;
        try {
          interval = Intervals.parse(effective.interval());
        } catch (IllegalArgumentException ex) {
          throw new StartupException(
              "schedule of " + d.name() + "/" + a.name() + ": " + ex.getMessage(), ex);
        }
        byName.put(a.name(), new RegisteredAction(d, a, effective, interval));
      }
      actions.put(d.name(), java.util.Collections.unmodifiableMap(byName));
    }
  }

  /** The interval of a CRON trigger: its own schedule, or its source's default. */
  public static Intervals.Interval cronInterval(Source source, CronTrigger trigger) {
    var schedule = trigger.schedule();
    if (schedule == null) {
      schedule = source.options().defaultSchedule();
    }
    if (schedule == null) {
      throw new StartupException(
          "CRON trigger "
              + source.name()
              + "/"
              + trigger.name()
              + " has no schedule, and its source sets no default schedule");
    }
    try {
      return Intervals.parse(schedule.interval());
    } catch (IllegalArgumentException e) {
      throw new StartupException(
          "schedule of trigger " + source.name() + "/" + trigger.name() + ": " + e.getMessage(), e);
    }
  }

  private void checkRoutes() {
    Map<String, HttpEndpoint> seen = new HashMap<>();
    for (HttpEndpoint e : endpoints) {
      String shape = e.route().path().replaceAll("\\{[^/]+}", "{}");
      for (String method : e.route().methods()) {
        HttpEndpoint other = seen.putIfAbsent(method + " " + shape, e);
        if (other != null) {
          throw new StartupException(
              "route "
                  + method
                  + " "
                  + e.route().path()
                  + " of "
                  + e.source()
                  + "/"
                  + e.trigger()
                  + " clashes with the one of "
                  + other.source()
                  + "/"
                  + other.trigger());
        }
      }
      if (e.route().path().startsWith("/_health") || e.route().path().startsWith("/admin")) {
        throw new StartupException(
            "route "
                + e.route().path()
                + " of "
                + e.source()
                + "/"
                + e.trigger()
                + " is reserved by Blacksmith");
      }
    }
  }

  private static <T> T checkOptions(String what, java.util.function.Supplier<T> options) {
    try {
      return options.get();
    } catch (RuntimeException e) {
      throw new StartupException("options of " + what + " are invalid: " + e.getMessage(), e);
    }
  }

  private static void checkName(String what, @Nullable String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new StartupException(
          "invalid name for a "
              + what
              + ": '"
              + name
              + "' (use lowercase letters, digits, _ and -)");
    }
  }

  public Map<String, Source> sources() {
    return sources;
  }

  public Map<String, Destination> destinations() {
    return destinations;
  }

  public List<HttpEndpoint> endpoints() {
    return List.copyOf(endpoints);
  }

  /** Every registered action, destination by destination. */
  public List<RegisteredAction> actions() {
    List<RegisteredAction> all = new ArrayList<>();
    actions.values().forEach(m -> all.addAll(m.values()));
    return all;
  }

  /** The registered action, or {@code null}. */
  public @Nullable RegisteredAction action(String destination, String action) {
    Map<String, RegisteredAction> byName = actions.get(destination);
    return byName == null ? null : byName.get(action);
  }
}
