package dev.blacksmith.destination;

import java.util.Map;

/**
 * Implemented by an exception a load reports (in {@link Then#error()} or thrown) to store fields
 * next to the {@code message} and {@code type} of the job's error JSON, such as the HTTP status a
 * third-party service answered. The platform's own fields win over same-named details.
 */
public interface ErrorDetails {

  /** Fields to store, with values Jackson can write (strings, numbers, booleans, maps, lists). */
  Map<String, Object> details();
}
