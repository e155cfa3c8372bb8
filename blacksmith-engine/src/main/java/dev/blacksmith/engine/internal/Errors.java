package dev.blacksmith.engine.internal;

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
    return Json.write(map);
  }
}
