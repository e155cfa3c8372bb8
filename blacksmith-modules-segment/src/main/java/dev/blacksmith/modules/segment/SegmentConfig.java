package dev.blacksmith.modules.segment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads the settings of a {@link SegmentSource} from a YAML file and from {@code
 * BLACKSMITH_SEGMENT_*} variables. Unknown keys are errors, so a typo does not silently leave a
 * setting at its default.
 */
final class SegmentConfig {

  static final String CONFIG = "BLACKSMITH_SEGMENT_CONFIG";
  static final String NAME = "BLACKSMITH_SEGMENT_NAME";
  static final String BASE_PATH = "BLACKSMITH_SEGMENT_BASE_PATH";
  static final String WRITE_KEYS = "BLACKSMITH_SEGMENT_WRITE_KEYS";
  static final String MAX_CALL_BYTES = "BLACKSMITH_SEGMENT_MAX_CALL_BYTES";
  static final String MAX_BATCH_BYTES = "BLACKSMITH_SEGMENT_MAX_BATCH_BYTES";
  static final String FORWARD = "BLACKSMITH_SEGMENT_FORWARD";
  static final String FLOWS_ENABLED = "BLACKSMITH_SEGMENT_FLOWS_ENABLED";

  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  private static final Set<String> ROOT_KEYS =
      Set.of("name", "basePath", "writeKeys", "maxCallBytes", "maxBatchBytes", "flows");
  private static final Set<String> FLOWS_KEYS = Set.of("enabled", "forward");
  private static final Set<String> RULE_KEYS = Set.of("calls", "events", "destination", "action");

  private SegmentConfig() {}

  static void applyFile(Path file, SegmentSource.Builder b) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the Segment source configuration " + file + ": " + e.getMessage(), e);
    }
    applyYaml(text, file.toString(), b);
  }

  static void applyYaml(String text, String origin, SegmentSource.Builder b) {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          origin + " is not valid YAML: " + e.getOriginalMessage(), e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return;
    }
    if (!root.isObject()) {
      throw new IllegalArgumentException(origin + " must hold a mapping of settings");
    }
    checkKeys(root, origin, "", ROOT_KEYS);
    setting(origin, "name", root.get("name"), v -> b.name(string(v, "a string")));
    setting(origin, "basePath", root.get("basePath"), v -> b.basePath(string(v, "a string")));
    setting(origin, "writeKeys", root.get("writeKeys"), v -> b.writeKeys(writeKeys(v)));
    setting(origin, "maxCallBytes", root.get("maxCallBytes"), v -> b.maxCallBytes(integer(v)));
    setting(origin, "maxBatchBytes", root.get("maxBatchBytes"), v -> b.maxBatchBytes(integer(v)));
    JsonNode flows = root.get("flows");
    if (flows != null && !flows.isNull()) {
      if (!flows.isObject()) {
        throw new IllegalArgumentException(origin + ": flows must be a mapping");
      }
      checkKeys(flows, origin, "flows.", FLOWS_KEYS);
      setting(origin, "flows.forward", flows.get("forward"), v -> b.flows(rules(v, origin, b)));
      setting(
          origin,
          "flows.enabled",
          flows.get("enabled"),
          v -> b.flows(b.currentFlows().withEnabled(bool(v))));
    }
  }

  static void applyEnvironment(Map<String, String> env, SegmentSource.Builder b) {
    String file = value(env, CONFIG);
    if (file != null) {
      applyFile(Path.of(file), b);
    }
    variable(env, NAME, b::name);
    variable(env, BASE_PATH, b::basePath);
    variable(env, WRITE_KEYS, v -> b.writeKeys(splitCommas(v)));
    variable(env, MAX_CALL_BYTES, v -> b.maxCallBytes(Integer.parseInt(v)));
    variable(env, MAX_BATCH_BYTES, v -> b.maxBatchBytes(Integer.parseInt(v)));
    variable(env, FORWARD, v -> b.flows(forward(v, b.currentFlows().enabled())));
    variable(env, FLOWS_ENABLED, v -> b.flows(b.currentFlows().withEnabled(parseBoolean(v))));
  }

  /** Forward rules written {@code track,page=http/send;identify=sqlike/run-operation}. */
  static SegmentFlows forward(String text, boolean enabled) {
    SegmentFlows.Builder flows = SegmentFlows.builder().enabled(enabled);
    for (String part : text.split(";")) {
      if (part.isBlank()) {
        continue;
      }
      int eq = part.indexOf('=');
      int slash = eq < 0 ? -1 : part.indexOf('/', eq);
      if (eq <= 0 || slash < 0) {
        throw new IllegalArgumentException(
            "expected calls=destination/action such as track,page=http/send, got '"
                + part.trim()
                + "'");
      }
      Set<CallType> types = EnumSet.noneOf(CallType.class);
      for (String call : splitCommas(part.substring(0, eq))) {
        if (call.equals("*")) {
          types = EnumSet.noneOf(CallType.class);
          break;
        }
        types.add(CallType.of(call));
      }
      flows.forward(
          types, Set.of(), part.substring(eq + 1, slash).trim(), part.substring(slash + 1).trim());
    }
    return flows.build();
  }

  private static SegmentFlows rules(JsonNode list, String origin, SegmentSource.Builder b) {
    if (!list.isArray()) {
      throw new IllegalArgumentException("must be a list of rules");
    }
    SegmentFlows.Builder flows = SegmentFlows.builder().enabled(b.currentFlows().enabled());
    for (int i = 0; i < list.size(); i++) {
      JsonNode rule = list.get(i);
      String where = "flows.forward[" + i + "]";
      if (!rule.isObject()) {
        throw new IllegalArgumentException(where + " must be a mapping");
      }
      checkKeys(rule, origin, where + ".", RULE_KEYS);
      try {
        Set<CallType> types = EnumSet.noneOf(CallType.class);
        for (String call : strings(rule.get("calls"), "calls")) {
          if (call.equals("*")) {
            types = EnumSet.noneOf(CallType.class);
            break;
          }
          types.add(CallType.of(call));
        }
        Set<String> events = new LinkedHashSet<>(strings(rule.get("events"), "events"));
        flows.forward(types, events, required(rule, "destination"), required(rule, "action"));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
      }
    }
    return flows.build();
  }

  private static String required(JsonNode rule, String key) {
    JsonNode v = rule.get(key);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException(key + " is required");
    }
    return string(v, "a string");
  }

  /** A list of strings, a single string, or nothing (empty). */
  private static List<String> strings(@Nullable JsonNode v, String what) {
    List<String> out = new ArrayList<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (v.isString()) {
      out.add(v.stringValue());
      return out;
    }
    if (!v.isArray()) {
      throw new IllegalArgumentException(what + " must be a list of strings");
    }
    for (JsonNode item : v) {
      if (!item.isString() && !item.isNumber()) {
        throw new IllegalArgumentException(what + " must be a list of strings");
      }
      out.add(item.asString());
    }
    return out;
  }

  private static List<String> writeKeys(JsonNode v) {
    if (v.isString()) {
      return Arrays.asList(splitCommas(v.stringValue()));
    }
    List<String> keys = strings(v, "writeKeys");
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("must list at least one write key");
    }
    return keys;
  }

  private static void checkKeys(JsonNode node, String origin, String prefix, Set<String> known) {
    for (String key : node.propertyNames()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException(
            origin
                + ": unknown setting '"
                + prefix
                + key
                + "', expected one of "
                + known.stream().sorted().toList());
      }
    }
  }

  /** Applies {@code v}, the value of {@code key}, unless it is absent or null. */
  private static void setting(
      String origin, String key, @Nullable JsonNode v, Consumer<JsonNode> setter) {
    if (v == null || v.isNull()) {
      return;
    }
    try {
      setter.accept(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(origin + ": " + key + ": " + e.getMessage(), e);
    }
  }

  private static String string(JsonNode v, String expected) {
    if (!v.isString() && !v.isNumber()) {
      throw new IllegalArgumentException("must be " + expected);
    }
    return v.asString();
  }

  private static int integer(JsonNode v) {
    if (v.isIntegralNumber() && v.canConvertToInt()) {
      return v.intValue();
    }
    if (v.isString()) {
      try {
        return Integer.parseInt(v.stringValue().trim());
      } catch (NumberFormatException e) {
        // Falls through to the error below.
      }
    }
    throw new IllegalArgumentException("must be a whole number of bytes, was " + v);
  }

  private static boolean bool(JsonNode v) {
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isString()) {
      return parseBoolean(v.stringValue());
    }
    throw new IllegalArgumentException("must be true or false, was " + v);
  }

  private static boolean parseBoolean(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw new IllegalArgumentException("must be true or false, was '" + value + "'");
    };
  }

  private static String[] splitCommas(String value) {
    String[] parts =
        Arrays.stream(value.split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .toArray(String[]::new);
    if (parts.length == 0) {
      throw new IllegalArgumentException("must list at least one value, comma-separated");
    }
    return parts;
  }

  private static @Nullable String value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static void variable(Map<String, String> env, String name, Consumer<String> setter) {
    String v = value(env, name);
    if (v == null) {
      return;
    }
    try {
      setter.accept(v);
    } catch (RuntimeException e) {
      // The value is not repeated: it may hold write keys.
      throw new IllegalArgumentException(name + " is invalid: " + e.getMessage(), e);
    }
  }
}
