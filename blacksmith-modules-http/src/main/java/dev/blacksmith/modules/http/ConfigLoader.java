package dev.blacksmith.modules.http;

import dev.blacksmith.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Reads {@link HttpDestinationConfig}s from YAML and from environment variables. */
final class ConfigLoader {

  static final String PREFIX = "BLACKSMITH_HTTP_";
  static final String CONFIG_VARIABLE = PREFIX + "CONFIG";
  static final String DESTINATIONS_VARIABLE = PREFIX + "DESTINATIONS";

  /** Larger configuration files are refused rather than read into memory. */
  private static final long MAX_FILE_BYTES = 1L << 20;

  private static final YAMLMapper YAML =
      YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  /** Environment variable suffix for each setting, in the order the docs list them. */
  private static final Map<String, String> ENV_KEYS = new LinkedHashMap<>();

  static {
    ENV_KEYS.put("name", "NAME");
    ENV_KEYS.put("url", "URL");
    ENV_KEYS.put("method", "METHOD");
    ENV_KEYS.put("headers", "HEADERS");
    ENV_KEYS.put("envelope", "ENVELOPE");
    ENV_KEYS.put("timeouts.connect", "CONNECT_TIMEOUT");
    ENV_KEYS.put("timeouts.request", "TIMEOUT");
    ENV_KEYS.put("timeouts.load", "LOAD_TIMEOUT");
    ENV_KEYS.put("schedule.realtime", "REALTIME");
    ENV_KEYS.put("schedule.interval", "INTERVAL");
    ENV_KEYS.put("schedule.max_retries", "MAX_RETRIES");
    ENV_KEYS.put("statuses.success", "SUCCESS_STATUSES");
    ENV_KEYS.put("statuses.retry", "RETRY_STATUSES");
    ENV_KEYS.put("statuses.discard", "DISCARD_STATUSES");
    ENV_KEYS.put("concurrency", "CONCURRENCY");
    ENV_KEYS.put("batch.max_size", "BATCH_MAX_SIZE");
    ENV_KEYS.put("batch.max_bytes", "BATCH_MAX_BYTES");
    ENV_KEYS.put("response_excerpt_bytes", "RESPONSE_EXCERPT_BYTES");
    ENV_KEYS.put("idempotency_header", "IDEMPOTENCY_HEADER");
  }

  private ConfigLoader() {}

  // ---- YAML ----

  static List<HttpDestinationConfig> fromYamlFile(Path file, Map<String, String> env) {
    String where = file.toString();
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new HttpConfigException(where, "is larger than 1 MiB; is it the right file?");
      }
      return fromYaml(Files.readString(file, StandardCharsets.UTF_8), where, env);
    } catch (IOException e) {
      throw new HttpConfigException(where, "cannot be read: " + e);
    }
  }

  /**
   * @param source what the text is, for error messages: a file name, or {@code yaml}
   */
  static List<HttpDestinationConfig> fromYaml(String yaml, String source, Map<String, String> env) {
    String prefix = source.equals("yaml") ? "" : source + ": ";
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JacksonException e) {
      throw new HttpConfigException(
          prefix.isEmpty() ? "yaml" : source, "is not valid YAML: " + syntaxProblem(e));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new HttpConfigException(
          prefix.isEmpty() ? "yaml" : source, "is empty; expected a destinations list");
    }
    if (!root.isObject()) {
      throw new HttpConfigException(
          prefix.isEmpty() ? "yaml" : source,
          "expected a mapping with a destinations list, or one destination's mapping");
    }
    List<HttpDestinationConfig> configs = new ArrayList<>();
    Map<String, String> names = new HashMap<>();
    if (root.has("destinations")) {
      for (String key : root.propertyNames()) {
        if (!key.equals("destinations")) {
          throw new HttpConfigException(
              prefix + key, "unknown key; the file holds only a destinations list");
        }
      }
      JsonNode list = root.get("destinations");
      if (!list.isArray()) {
        throw new HttpConfigException(prefix + "destinations", "must be a list of destinations");
      }
      int i = 0;
      for (JsonNode item : list) {
        String path = prefix + "destinations[" + i + "]";
        HttpDestinationConfig config = destination(item, path + ".", env);
        String earlier = names.putIfAbsent(config.name(), path);
        if (earlier != null) {
          throw new HttpConfigException(
              path + ".name", "'" + config.name() + "' is also the name of " + earlier);
        }
        configs.add(config);
        i++;
      }
    } else {
      configs.add(destination(root, prefix, env));
    }
    return List.copyOf(configs);
  }

  private static HttpDestinationConfig destination(
      JsonNode node, String path, Map<String, String> env) {
    String where = path.isEmpty() ? "yaml" : path.substring(0, path.length() - 1);
    if (!node.isObject()) {
      throw new HttpConfigException(where, "must be a mapping of settings");
    }
    HttpDestinationConfig.Builder b = HttpDestinationConfig.emptyBuilder();
    Yaml y = new Yaml(path, env);
    if (!node.has("url")) {
      throw new HttpConfigException(path + "url", "must be set");
    }
    for (String key : node.propertyNames()) {
      JsonNode value = node.get(key);
      switch (key) {
        case "name" -> y.scalar(key, value, b::name);
        case "url" -> y.scalar(key, value, b::url);
        case "method" -> y.scalar(key, value, b::method);
        case "envelope" ->
            y.scalar(key, value, v -> b.envelope(HttpDestinationConfig.Envelope.parse(v)));
        case "concurrency" -> y.scalar(key, value, v -> b.concurrency(Values.integer(v)));
        case "response_excerpt_bytes" ->
            y.scalar(key, value, v -> b.responseExcerptBytes(Math.toIntExact(Values.bytes(v))));
        case "idempotency_header" -> y.scalar(key, value, b::idempotencyHeader);
        case "headers" -> {
          for (var header : y.mapping(key, value, null).entrySet()) {
            y.secret(
                key + "." + header.getKey(), header.getValue(), v -> b.header(header.getKey(), v));
          }
        }
        case "timeouts" -> {
          var m = y.mapping(key, value, Set.of("connect", "request", "load"));
          y.scalar("timeouts.connect", m.get("connect"), v -> b.connectTimeout(Values.duration(v)));
          y.scalar("timeouts.request", m.get("request"), v -> b.timeout(Values.duration(v)));
          y.scalar("timeouts.load", m.get("load"), v -> b.loadTimeout(Values.duration(v)));
        }
        case "schedule" -> {
          var m = y.mapping(key, value, Set.of("realtime", "interval", "max_retries"));
          y.scalar("schedule.realtime", m.get("realtime"), v -> b.realtime(Values.bool(v)));
          y.scalar("schedule.interval", m.get("interval"), b::interval);
          y.scalar(
              "schedule.max_retries", m.get("max_retries"), v -> b.maxRetries(Values.integer(v)));
        }
        case "statuses" -> {
          var m = y.mapping(key, value, Set.of("success", "retry", "discard"));
          y.statuses("statuses.success", m.get("success"), b::successStatuses);
          y.statuses("statuses.retry", m.get("retry"), b::retryStatuses);
          y.statuses("statuses.discard", m.get("discard"), b::discardStatuses);
        }
        case "batch" -> {
          var m = y.mapping(key, value, Set.of("max_size", "max_bytes"));
          y.scalar("batch.max_size", m.get("max_size"), v -> b.maxBatchSize(Values.integer(v)));
          y.scalar("batch.max_bytes", m.get("max_bytes"), v -> b.maxBatchBytes(Values.bytes(v)));
        }
        default ->
            throw new HttpConfigException(
                path + key,
                "unknown key; expected name, url, method, headers, envelope, timeouts, schedule,"
                    + " statuses, concurrency, batch, response_excerpt_bytes or"
                    + " idempotency_header");
      }
    }
    try {
      return b.build();
    } catch (HttpConfigException e) {
      throw e.at(path + e.key());
    }
  }

  /** Applies YAML values to a builder, naming the path of any bad one. */
  private record Yaml(String path, Map<String, String> env) {

    void scalar(String key, @Nullable JsonNode node, Consumer<String> setter) {
      if (node == null) {
        return;
      }
      String text = text(key, node);
      apply(key, () -> setter.accept(interpolate(key, text)), true);
    }

    /** Like {@link #scalar} for a value that may be a secret: errors never quote it. */
    void secret(String key, JsonNode node, Consumer<String> setter) {
      String text = text(key, node);
      apply(key, () -> setter.accept(interpolate(key, text)), false);
    }

    /** A status set written as text ({@code "408, 5xx"}), a number, or a list of those. */
    void statuses(String key, @Nullable JsonNode node, Consumer<String> setter) {
      if (node == null) {
        return;
      }
      if (node.isArray()) {
        List<String> parts = new ArrayList<>();
        for (JsonNode item : node) {
          parts.add(text(key, item));
        }
        apply(key, () -> setter.accept(String.join(",", parts)), true);
      } else {
        scalar(key, node, setter);
      }
    }

    Map<String, JsonNode> mapping(String key, JsonNode node, @Nullable Set<String> allowed) {
      if (!node.isObject()) {
        throw new HttpConfigException(path + key, "must be a mapping");
      }
      Map<String, JsonNode> m = new LinkedHashMap<>();
      for (String k : node.propertyNames()) {
        if (allowed != null && !allowed.contains(k)) {
          throw new HttpConfigException(
              path + key + "." + k, "unknown key; expected one of " + new TreeSet<>(allowed));
        }
        m.put(k, node.get(k));
      }
      return m;
    }

    private String text(String key, JsonNode node) {
      if (node.isNull()) {
        throw new HttpConfigException(path + key, "has no value");
      }
      if (node.isContainer()) {
        throw new HttpConfigException(path + key, "must be a single value, not a list or mapping");
      }
      return node.asString();
    }

    private void apply(String key, Runnable set, boolean quoteProblem) {
      try {
        set.run();
      } catch (HttpConfigException e) {
        throw e.at(path + e.key());
      } catch (IllegalArgumentException | ArithmeticException e) {
        throw new HttpConfigException(
            path + key, quoteProblem ? String.valueOf(e.getMessage()) : "is invalid");
      }
    }

    /** Its errors name {@code key} only: {@link #apply} adds the path. */
    private String interpolate(String key, String text) {
      return ConfigLoader.interpolate(text, env, key);
    }
  }

  /**
   * Replaces {@code ${VAR}} and {@code ${VAR:-default}} with environment variables; <code>$${
   * </code> stands for a literal <code>${</code>.
   */
  static String interpolate(String text, Map<String, String> env, String key) {
    if (!text.contains("${")) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("$${", i)) {
        out.append("${");
        i += 3;
        continue;
      }
      if (!text.startsWith("${", i)) {
        out.append(text.charAt(i++));
        continue;
      }
      int end = text.indexOf('}', i + 2);
      if (end < 0) {
        throw new HttpConfigException(key, "has a '${' without its closing '}'");
      }
      String expression = text.substring(i + 2, end);
      int dash = expression.indexOf(":-");
      String variable = dash < 0 ? expression : expression.substring(0, dash);
      if (!variable.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new HttpConfigException(
            key, "'${" + variable + "}' does not name an environment variable");
      }
      String value = env.get(variable);
      if (value == null || value.isEmpty()) {
        if (dash < 0) {
          throw new HttpConfigException(
              key, "uses ${" + variable + "}, which is not set in the environment");
        }
        value = expression.substring(dash + 2);
      }
      out.append(value);
      i = end + 1;
    }
    return out.toString();
  }

  /** The parser's description of a syntax error with its location, without quoting the text. */
  private static String syntaxProblem(JacksonException e) {
    StringBuilder problem = new StringBuilder();
    String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    for (String line : original.split("\\R")) {
      // Parsers quote the offending lines indented; the file may hold secrets, so leave them out.
      if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
        problem.append(problem.isEmpty() ? "" : "; ").append(line.strip());
      }
    }
    if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
      problem
          .append(" (line ")
          .append(e.getLocation().getLineNr())
          .append(", column ")
          .append(e.getLocation().getColumnNr())
          .append(')');
    }
    return problem.toString();
  }

  // ---- Environment ----

  static List<HttpDestinationConfig> fromEnvironment(Map<String, String> env) {
    List<HttpDestinationConfig> configs = new ArrayList<>();
    Set<String> used = new HashSet<>(Set.of(CONFIG_VARIABLE, DESTINATIONS_VARIABLE));
    String file = env.get(CONFIG_VARIABLE);
    if (file != null && !file.isBlank()) {
      configs.addAll(fromYamlFile(Path.of(file.trim()), env));
    }
    if (ENV_KEYS.values().stream().anyMatch(k -> isSet(env, PREFIX + k))
        || env.keySet().stream().anyMatch(k -> k.startsWith(PREFIX + "HEADER_"))) {
      configs.add(fromPrefix(env, PREFIX, null, used));
    }
    String listed = env.get(DESTINATIONS_VARIABLE);
    if (listed != null) {
      for (String raw : listed.split(",")) {
        String name = raw.trim();
        if (name.isEmpty()) {
          continue;
        }
        if (name.equals("header") || name.startsWith("header-") || name.startsWith("header_")) {
          // Its variables would read as headers of the default destination.
          throw new HttpConfigException(
              DESTINATIONS_VARIABLE,
              "'"
                  + name
                  + "' cannot be configured by variables: names starting with 'header'"
                  + " are reserved");
        }
        try {
          HttpDestinationConfig.emptyBuilder().name(name);
        } catch (HttpConfigException e) {
          throw e.at(DESTINATIONS_VARIABLE);
        }
        String prefix = PREFIX + name.toUpperCase(Locale.ROOT).replace('-', '_') + "_";
        configs.add(fromPrefix(env, prefix, name, used));
      }
    }
    for (String variable : new TreeSet<>(env.keySet())) {
      if (variable.startsWith(PREFIX) && !used.contains(variable)) {
        throw new HttpConfigException(
            variable,
            "unknown variable; expected "
                + PREFIX
                + "<SETTING> or "
                + PREFIX
                + "<NAME>_<SETTING> for a name listed in "
                + DESTINATIONS_VARIABLE
                + ", with SETTING one of "
                + String.join(", ", ENV_KEYS.values())
                + " or HEADER_<NAME>");
      }
    }
    Map<String, Integer> seen = new HashMap<>();
    for (HttpDestinationConfig c : configs) {
      if (seen.merge(c.name(), 1, Integer::sum) > 1) {
        throw new HttpConfigException(
            "name", "two HTTP destinations are named '" + c.name() + "' in the environment");
      }
    }
    return List.copyOf(configs);
  }

  /**
   * One destination from the variables starting with {@code prefix}.
   *
   * @param name the name given by {@code BLACKSMITH_HTTP_DESTINATIONS}, or {@code null} for the
   *     default destination (named by {@code BLACKSMITH_HTTP_NAME}, else {@code http})
   * @param used collects the variables read, to find unknown ones
   */
  private static HttpDestinationConfig fromPrefix(
      Map<String, String> env, String prefix, @Nullable String name, Set<String> used) {
    HttpDestinationConfig.Builder b = HttpDestinationConfig.emptyBuilder();
    Env e = new Env(env, prefix, used);
    if (name != null) {
      b.name(name);
    } else {
      e.apply("NAME", b::name);
    }
    if (!isSet(env, prefix + "URL")) {
      throw new HttpConfigException(prefix + "URL", "must be set to configure this destination");
    }
    e.apply("URL", b::url);
    e.apply("METHOD", b::method);
    e.apply("HEADERS", v -> b.headers(headersJson(v)));
    for (String variable : new TreeSet<>(env.keySet())) {
      if (variable.startsWith(prefix + "HEADER_")) {
        String header = headerName(variable.substring((prefix + "HEADER_").length()));
        e.apply(variable.substring(prefix.length()), v -> b.header(header, v));
      }
    }
    e.apply("ENVELOPE", v -> b.envelope(HttpDestinationConfig.Envelope.parse(v)));
    e.apply("CONNECT_TIMEOUT", v -> b.connectTimeout(Values.duration(v)));
    e.apply("TIMEOUT", v -> b.timeout(Values.duration(v)));
    e.apply("LOAD_TIMEOUT", v -> b.loadTimeout(Values.duration(v)));
    e.apply("REALTIME", v -> b.realtime(Values.bool(v)));
    e.apply("INTERVAL", b::interval);
    e.apply("MAX_RETRIES", v -> b.maxRetries(Values.integer(v)));
    e.apply("SUCCESS_STATUSES", b::successStatuses);
    e.apply("RETRY_STATUSES", b::retryStatuses);
    e.apply("DISCARD_STATUSES", b::discardStatuses);
    e.apply("CONCURRENCY", v -> b.concurrency(Values.integer(v)));
    e.apply("BATCH_MAX_SIZE", v -> b.maxBatchSize(Values.integer(v)));
    e.apply("BATCH_MAX_BYTES", v -> b.maxBatchBytes(Values.bytes(v)));
    e.apply(
        "RESPONSE_EXCERPT_BYTES", v -> b.responseExcerptBytes(Math.toIntExact(Values.bytes(v))));
    e.apply("IDEMPOTENCY_HEADER", b::idempotencyHeader);
    try {
      return b.build();
    } catch (HttpConfigException ex) {
      throw ex.at(e.variableFor(ex.key()));
    }
  }

  /** {@code X_API_KEY} as {@code X-Api-Key}. */
  static String headerName(String suffix) {
    StringBuilder name = new StringBuilder();
    for (String part : suffix.toLowerCase(Locale.ROOT).split("_")) {
      if (part.isEmpty()) {
        continue;
      }
      name.append(name.isEmpty() ? "" : "-")
          .append(Character.toUpperCase(part.charAt(0)))
          .append(part.substring(1));
    }
    return name.toString();
  }

  private static Map<String, String> headersJson(String json) {
    JsonNode node;
    try {
      node = Json.tree(json);
    } catch (Json.JsonException e) {
      // Never quote the parser: its message repeats the text, which holds secrets.
      throw new IllegalArgumentException("is not a JSON object of header names to values");
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("is not a JSON object of header names to values");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : node.propertyNames()) {
      JsonNode value = node.get(name);
      if (!value.isString()) {
        throw new HttpConfigException("headers." + name, "must be a string");
      }
      headers.put(name, value.asString());
    }
    return headers;
  }

  private static boolean isSet(Map<String, String> env, String variable) {
    String v = env.get(variable);
    return v != null && !v.isBlank();
  }

  /** Applies variables of one prefix to a builder, naming the variable of any bad value. */
  private record Env(Map<String, String> env, String prefix, Set<String> used) {

    /**
     * Sets the value of {@code prefix + suffix}, if any. Problems are reported under the variable's
     * name; parsers of secret values (headers) never quote the value in their messages.
     */
    void apply(String suffix, Consumer<String> setter) {
      String variable = prefix + suffix;
      used.add(variable);
      String value = env.get(variable);
      if (value == null || value.isBlank()) {
        return;
      }
      try {
        setter.accept(value.trim());
      } catch (HttpConfigException e) {
        throw e.at(e.key().startsWith("headers.") ? variable + " (" + e.key() + ")" : variable);
      } catch (IllegalArgumentException | ArithmeticException e) {
        throw new HttpConfigException(variable, String.valueOf(e.getMessage()));
      }
    }

    /** The variable behind a setting key of {@link HttpDestinationConfig}. */
    String variableFor(String key) {
      if (key.startsWith("headers.")) {
        return prefix + "HEADERS (" + key + ")";
      }
      String suffix = ENV_KEYS.get(key);
      return suffix == null ? prefix + "* (" + key + ")" : prefix + suffix;
    }
  }
}
