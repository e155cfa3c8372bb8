package dev.blacksmith.examples.demo;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the demo writes. Read from the environment, so every deployment, and every test, picks its
 * own paths.
 *
 * @param eventsFile the JSON-lines file of destination {@code file}: {@code DEMO_FILE_PATH},
 *     default {@value #DEFAULT_EVENTS_FILE}
 * @param warehouseFile the SQLite file of destination {@code warehouse}: {@code
 *     DEMO_WAREHOUSE_PATH}, default {@value #DEFAULT_WAREHOUSE_FILE}
 */
public record DemoSettings(Path eventsFile, Path warehouseFile) {

  public static final String DEFAULT_EVENTS_FILE = "data/events.jsonl";
  public static final String DEFAULT_WAREHOUSE_FILE = "data/warehouse.db";

  /** The settings found in {@code env}, with the defaults for what is unset or blank. */
  public static DemoSettings fromEnvironment(Map<String, String> env) {
    return new DemoSettings(
        Path.of(valueOr(env, "DEMO_FILE_PATH", DEFAULT_EVENTS_FILE)),
        Path.of(valueOr(env, "DEMO_WAREHOUSE_PATH", DEFAULT_WAREHOUSE_FILE)));
  }

  private static String valueOr(Map<String, String> env, String name, String fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }
}
