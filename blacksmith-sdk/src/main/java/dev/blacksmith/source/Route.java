package dev.blacksmith.source;

import java.util.List;
import java.util.Locale;

/**
 * An HTTP route of the gateway.
 *
 * @param methods the HTTP methods it answers, such as {@code ["POST"]}
 * @param path the path, such as {@code "/demo/events"}; {@code {name}} segments are path parameters
 * @param showMeta whether the answer carries the event id and job ids
 * @param showData whether the answer echoes the event's data
 */
public record Route(List<String> methods, String path, boolean showMeta, boolean showData) {

  public Route {
    if (methods.isEmpty()) {
      throw new IllegalArgumentException("a route needs at least one HTTP method");
    }
    methods = methods.stream().map(m -> m.toUpperCase(Locale.ROOT)).toList();
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("route path must start with '/': " + path);
    }
  }

  /** A {@code POST} route that shows meta and hides data. */
  public static Route post(String path) {
    return new Route(List.of("POST"), path, true, false);
  }
}
