package dev.blacksmith.engine.internal;

import dev.blacksmith.destination.ErrorDetails;
import dev.blacksmith.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** Error descriptions stored with transitions, as JSON. */
final class Errors {

  private Errors() {}

  static String toJson(Throwable error) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("message", JobMarshaller.describe(error));
    map.put("type", error.getClass().getName());
    if (error.getCause() != null) {
      map.put("cause", JobMarshaller.describe(error.getCause()));
    }
    if (error instanceof ErrorDetails withDetails) {
      // The details are extra: details that fail or cannot be written must not lose the error.
      try {
        Map<String, Object> detailed = new LinkedHashMap<>(map);
        withDetails.details().forEach(detailed::putIfAbsent);
        return Json.write(detailed);
      } catch (RuntimeException e) {
        map.put("details_error", JobMarshaller.describe(e));
      }
    }
    return Json.write(map);
  }
}
