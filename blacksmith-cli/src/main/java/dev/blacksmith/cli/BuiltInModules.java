package dev.blacksmith.cli;

import dev.blacksmith.engine.Options;
import dev.blacksmith.modules.http.HttpDestination;
import dev.blacksmith.modules.segment.SegmentSource;
import dev.blacksmith.modules.sqlike.SqlikeConfig;
import dev.blacksmith.modules.sqlike.SqlikeDestination;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The built-in modules {@code blacksmith start} adds from configuration alone, named by {@value
 * #VARIABLE} (such as {@code segment,http}); each reads its own {@code BLACKSMITH_<MODULE>_*}
 * variables and the YAML file its {@code BLACKSMITH_<MODULE>_CONFIG} names. With it set, no
 * application is needed; with an application as well, the modules are added to it.
 */
final class BuiltInModules {

  static final String VARIABLE = "BLACKSMITH_MODULES";

  /** The modules, as {@value #VARIABLE} names them. */
  static final List<String> KNOWN = List.of("segment", "http", "sqlike");

  private BuiltInModules() {}

  /**
   * The modules {@code env} enables, in its order, without duplicates.
   *
   * @throws ConfigurationException naming an unknown module and the known ones
   */
  static List<String> enabled(Map<String, String> env) {
    String value = env.get(VARIABLE);
    if (value == null || value.isBlank()) {
      return List.of();
    }
    List<String> modules = new ArrayList<>();
    for (String part : value.split(",", -1)) {
      String name = part.trim().toLowerCase(Locale.ROOT);
      if (name.isEmpty()) {
        continue;
      }
      if (!KNOWN.contains(name)) {
        throw new ConfigurationException(
            VARIABLE + " names an unknown module '" + part.trim() + "'; known modules: " + KNOWN);
      }
      if (!modules.contains(name)) {
        modules.add(name);
      }
    }
    return List.copyOf(modules);
  }

  /**
   * Adds the modules {@code env} enables to {@code options}.
   *
   * @throws ConfigurationException naming the module whose settings are wrong
   */
  static void configure(Options.Builder options, Map<String, String> env) {
    for (String module : enabled(env)) {
      try {
        switch (module) {
          case "segment" -> options.source(SegmentSource.fromEnvironment(env));
          case "http" -> HttpDestination.fromEnvironment(env).forEach(options::destination);
          case "sqlike" ->
              options.destination(new SqlikeDestination(SqlikeConfig.fromEnvironment(env)));
          default -> throw new IllegalStateException("module " + module + " is not wired");
        }
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException("module " + module + ": " + e.getMessage(), e);
      }
    }
  }
}
