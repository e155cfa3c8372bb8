package dev.blacksmith.modules.sqlike;

import dev.blacksmith.destination.Schedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The settings of a {@link SqlikeDestination}, from a YAML file, from environment variables or from
 * Java. Every value is checked when set, and an error names the YAML key or the variable.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>YAML key</th><th>Variable</th><th>Default</th><th>Meaning</th></tr>
 *   <tr><td>{@code name}</td><td>{@code BLACKSMITH_SQLIKE_NAME}</td><td>{@code sqlike}</td>
 *       <td>the destination's name in flows, the store and the admin API</td></tr>
 *   <tr><td>{@code url}</td><td>{@code BLACKSMITH_SQLIKE_URL}</td><td>required</td>
 *       <td>{@code jdbc:postgresql://host:5432/db?currentSchema=s} or {@code
 *       jdbc:sqlite:path/file.db}</td></tr>
 *   <tr><td>{@code user}, {@code password}</td><td>{@code BLACKSMITH_SQLIKE_USER}, {@code
 *       BLACKSMITH_SQLIKE_PASSWORD}</td><td>none</td><td>PostgreSQL credentials</td></tr>
 *   <tr><td>{@code pool-size}</td><td>{@code BLACKSMITH_SQLIKE_POOL_SIZE}</td><td>4</td>
 *       <td>most connections open at once</td></tr>
 *   <tr><td>{@code connection-timeout}</td><td>{@code BLACKSMITH_SQLIKE_CONNECTION_TIMEOUT}</td>
 *       <td>{@code 10s}</td><td>longest wait for a connection (and SQLite's busy timeout)</td></tr>
 *   <tr><td>{@code statement-timeout}</td><td>{@code BLACKSMITH_SQLIKE_STATEMENT_TIMEOUT}</td>
 *       <td>{@code 5m}</td><td>longest a statement (or batch) may run on PostgreSQL; {@code 0} for
 *       none</td></tr>
 *   <tr><td>{@code operations}</td><td>{@code BLACKSMITH_SQLIKE_OPERATIONS}</td><td>none</td>
 *       <td>directory (or {@code classpath:folder}) of {@code <operation>.sql} templates</td></tr>
 *   <tr><td>{@code migrations}</td><td>{@code BLACKSMITH_SQLIKE_MIGRATIONS}</td><td>none</td>
 *       <td>directory (or {@code classpath:folder}) of {@code YYYYMMDDHHMISS.name.(up|down).sql}
 *       </td></tr>
 *   <tr><td>{@code schedule.realtime}</td><td>{@code BLACKSMITH_SQLIKE_REALTIME}</td>
 *       <td>{@code false}</td><td>load as soon as jobs are committed</td></tr>
 *   <tr><td>{@code schedule.interval}</td><td>{@code BLACKSMITH_SQLIKE_INTERVAL}</td>
 *       <td>{@code @every 1m}</td><td>{@code @every <duration>} or a CRON expression; also the
 *       delay between retries</td></tr>
 *   <tr><td>{@code schedule.max-retries}</td><td>{@code BLACKSMITH_SQLIKE_MAX_RETRIES}</td>
 *       <td>4320</td><td>retries before a failing job is discarded (three days of minutes)</td></tr>
 *   <tr><td>{@code errors.permanent}</td><td>{@code BLACKSMITH_SQLIKE_PERMANENT_SQLSTATES}</td>
 *       <td>{@code 22, 23, 42}</td><td>SQLSTATE classes or codes that discard a job</td></tr>
 *   <tr><td>{@code errors.retryable}</td><td>{@code BLACKSMITH_SQLIKE_RETRYABLE_SQLSTATES}</td>
 *       <td>none</td><td>exceptions to {@code errors.permanent}</td></tr>
 * </table>
 *
 * <p>Relative directories in a YAML file are resolved against the file's directory; from variables
 * or Java, against the working directory. Lists in variables are comma-separated.
 */
public final class SqlikeConfig {

  /** The prefix of the variables {@link #fromEnvironment(Map)} reads. */
  public static final String ENV_PREFIX = "BLACKSMITH_SQLIKE_";

  /** The schedule used when none is configured: every minute, retried for three days. */
  public static final Schedule DEFAULT_SCHEDULE = new Schedule(false, "@every 1m", 4320);

  /** The prefix of a location read from the class path rather than from the file system. */
  public static final String CLASSPATH = "classpath:";

  private static final YAMLMapper YAML = YAMLMapper.builder().build();
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
  private static final Pattern DURATION =
      Pattern.compile("(\\d+)(ms|s|m|h|d)", Pattern.CASE_INSENSITIVE);
  private static final List<String> YAML_KEYS =
      List.of(
          "name",
          "url",
          "user",
          "password",
          "pool-size",
          "connection-timeout",
          "statement-timeout",
          "operations",
          "migrations",
          "schedule",
          "errors");

  private final String name;
  private final String url;
  private final @Nullable String user;
  private final @Nullable String password;
  private final int poolSize;
  private final Duration connectionTimeout;
  private final Duration statementTimeout;
  private final @Nullable String operations;
  private final @Nullable String migrations;
  private final Schedule schedule;
  private final SqlErrorPolicy errorPolicy;

  private SqlikeConfig(Builder b, String url) {
    this.name = b.name;
    this.url = url;
    this.user = b.user;
    this.password = b.password;
    this.poolSize = b.poolSize;
    this.connectionTimeout = b.connectionTimeout;
    this.statementTimeout = b.statementTimeout;
    this.operations = b.operations;
    this.migrations = b.migrations;
    this.schedule = b.schedule;
    this.errorPolicy = b.errorPolicy;
  }

  /** A builder with the defaults; only {@link Builder#url} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The settings in YAML file {@code file}.
   *
   * @throws IllegalArgumentException naming the file and the key when the file cannot be read, is
   *     not YAML, has an unknown key or a bad value, or sets no {@code url}
   */
  public static SqlikeConfig fromYaml(Path file) {
    return builder().yaml(file).build();
  }

  /** {@link #fromEnvironment(Map, String)} with {@value #ENV_PREFIX}. */
  public static SqlikeConfig fromEnvironment(Map<String, String> env) {
    return fromEnvironment(env, ENV_PREFIX);
  }

  /**
   * The settings in environment variables starting with {@code prefix} (so two destinations can be
   * configured side by side, such as {@code BLACKSMITH_SQLIKE_} and {@code AUDIT_SQL_}). When
   * {@code <prefix>CONFIG} names a YAML file, it is read first and the other variables override it,
   * key by key.
   *
   * @throws IllegalArgumentException naming the variable (or the file and key) on a bad value
   */
  public static SqlikeConfig fromEnvironment(Map<String, String> env, String prefix) {
    Builder b = builder();
    String file = env.get(prefix + "CONFIG");
    if (file != null && !file.isBlank()) {
      b.yaml(Path.of(file.strip()));
    }
    return b.environment(env, prefix).build();
  }

  /** The destination's name. */
  public String name() {
    return name;
  }

  /** The JDBC URL, possibly with a password in it: see {@link #toString()} for a safe form. */
  public String url() {
    return url;
  }

  public @Nullable String user() {
    return user;
  }

  public @Nullable String password() {
    return password;
  }

  public int poolSize() {
    return poolSize;
  }

  public Duration connectionTimeout() {
    return connectionTimeout;
  }

  /** The longest a statement or batch may run; {@link Duration#ZERO} for no limit. */
  public Duration statementTimeout() {
    return statementTimeout;
  }

  /** Where the operation templates are, a directory or {@code classpath:folder}; or none. */
  public @Nullable String operations() {
    return operations;
  }

  /** Where the migrations are, a directory or {@code classpath:folder}; or none. */
  public @Nullable String migrations() {
    return migrations;
  }

  /** The destination's default schedule, every field set. */
  public Schedule schedule() {
    return schedule;
  }

  public SqlErrorPolicy errorPolicy() {
    return errorPolicy;
  }

  Dialect dialect() {
    return Dialect.of(url);
  }

  /** Every setting, with the password hidden. */
  @Override
  public String toString() {
    return "SqlikeConfig{name="
        + name
        + ", url="
        + Redact.url(url)
        + ", user="
        + user
        + ", password="
        + (password == null ? "none" : "***")
        + ", poolSize="
        + poolSize
        + ", connectionTimeout="
        + connectionTimeout
        + ", statementTimeout="
        + statementTimeout
        + ", operations="
        + operations
        + ", migrations="
        + migrations
        + ", schedule="
        + schedule
        + ", errorPolicy="
        + errorPolicy
        + "}";
  }

  /** Builds a {@link SqlikeConfig}; every setter checks its value. */
  public static final class Builder {
    private String name = SqlikeDestination.NAME;
    private @Nullable String url;
    private @Nullable String user;
    private @Nullable String password;
    private int poolSize = 4;
    private Duration connectionTimeout = Duration.ofSeconds(10);
    private Duration statementTimeout = Duration.ofMinutes(5);
    private @Nullable String operations;
    private @Nullable String migrations;
    private Schedule schedule = DEFAULT_SCHEDULE;
    private SqlErrorPolicy errorPolicy = SqlErrorPolicy.DEFAULT;

    private Builder() {}

    /** The destination's name, in {@code [a-z0-9][a-z0-9_-]*}. */
    public Builder name(String value) {
      if (value == null || !NAME.matcher(value).matches()) {
        throw new IllegalArgumentException(
            "name must match [a-z0-9][a-z0-9_-]*, was '" + value + "'");
      }
      this.name = value;
      return this;
    }

    /** The JDBC URL: {@code jdbc:postgresql://…} or {@code jdbc:sqlite:<file>}. */
    public Builder url(String value) {
      Objects.requireNonNull(value, "url");
      String u = value.strip();
      Dialect dialect = Dialect.of(u);
      if (dialect == Dialect.SQLITE) {
        String lower = u.toLowerCase(Locale.ROOT);
        if (lower.contains(":memory:") || lower.contains("mode=memory")) {
          throw new IllegalArgumentException(
              "an in-memory SQLite database lives and dies with each pooled connection: use a"
                  + " file, such as jdbc:sqlite:data/warehouse.db");
        }
      }
      this.url = u;
      return this;
    }

    public Builder user(@Nullable String value) {
      this.user = blankToNull(value);
      return this;
    }

    public Builder password(@Nullable String value) {
      this.password = value == null || value.isEmpty() ? null : value;
      return this;
    }

    public Builder poolSize(int value) {
      if (value < 1 || value > 100) {
        throw new IllegalArgumentException("pool size must be between 1 and 100, was " + value);
      }
      this.poolSize = value;
      return this;
    }

    public Builder connectionTimeout(Duration value) {
      if (value.compareTo(Duration.ofMillis(250)) < 0) {
        throw new IllegalArgumentException(
            "connection timeout must be at least 250ms, was " + value);
      }
      this.connectionTimeout = value;
      return this;
    }

    /** The longest a statement or batch may run, rounded up to whole seconds; zero for none. */
    public Builder statementTimeout(Duration value) {
      if (value.isNegative()) {
        throw new IllegalArgumentException("statement timeout must not be negative, was " + value);
      }
      this.statementTimeout = value;
      return this;
    }

    /** The directory of the operation templates. */
    public Builder operations(Path directory) {
      this.operations = directory.toString();
      return this;
    }

    /** A directory or {@code classpath:folder} holding the operation templates. */
    public Builder operations(String location) {
      this.operations = location(location, "operations");
      return this;
    }

    /** The directory of the migrations. */
    public Builder migrations(Path directory) {
      this.migrations = directory.toString();
      return this;
    }

    /** A directory or {@code classpath:folder} holding the migrations. */
    public Builder migrations(String location) {
      this.migrations = location(location, "migrations");
      return this;
    }

    /**
     * The destination's schedule; fields left {@code null} keep {@link #DEFAULT_SCHEDULE}'s.
     *
     * @throws IllegalArgumentException when the interval is neither {@code @every <duration>} nor a
     *     five-field CRON expression
     */
    public Builder schedule(Schedule value) {
      Schedule merged = value.orElse(schedule);
      checkInterval(Objects.requireNonNull(merged.interval()));
      this.schedule = merged;
      return this;
    }

    public Builder errorPolicy(SqlErrorPolicy value) {
      this.errorPolicy = Objects.requireNonNull(value, "errorPolicy");
      return this;
    }

    /**
     * Applies the YAML file {@code file} over the current settings.
     *
     * @throws IllegalArgumentException naming the file and the key on any problem
     */
    public Builder yaml(Path file) {
      String source = "sqlike config " + file;
      JsonNode root;
      try {
        root = YAML.readTree(Files.readString(file));
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read " + source + ": " + e, e);
      } catch (JacksonException e) {
        throw new IllegalArgumentException(
            source + " is not valid YAML: " + e.getOriginalMessage(), e);
      }
      if (root == null || root.isMissingNode() || root.isNull()) {
        return this;
      }
      if (!root.isObject()) {
        throw new IllegalArgumentException(source + " must be a mapping of keys " + YAML_KEYS);
      }
      Path base = file.toAbsolutePath().getParent();
      for (String key : root.propertyNames()) {
        JsonNode value = root.get(key);
        switch (key) {
          case "name" -> yamlScalar(source, key, value, this::name);
          case "url" -> yamlScalar(source, key, value, this::url);
          case "user" -> yamlScalar(source, key, value, this::user);
          case "password" -> yamlScalar(source, key, value, this::password);
          case "pool-size" -> yamlScalar(source, key, value, v -> poolSize(parseInt(v)));
          case "connection-timeout" ->
              yamlScalar(source, key, value, v -> connectionTimeout(parseDuration(v)));
          case "statement-timeout" ->
              yamlScalar(source, key, value, v -> statementTimeout(parseDuration(v)));
          case "operations" ->
              yamlScalar(source, key, value, v -> operations(relativeTo(base, v, key)));
          case "migrations" ->
              yamlScalar(source, key, value, v -> migrations(relativeTo(base, v, key)));
          case "schedule" -> yamlSchedule(source, value);
          case "errors" -> yamlErrors(source, value);
          default ->
              throw new IllegalArgumentException(
                  source + ": unknown key '" + key + "'; known keys are " + YAML_KEYS);
        }
      }
      return this;
    }

    /**
     * Applies the variables of {@code env} starting with {@code prefix} over the current settings;
     * see the class documentation. Blank variables are ignored.
     *
     * @throws IllegalArgumentException naming the variable on a bad value
     */
    public Builder environment(Map<String, String> env, String prefix) {
      Map<String, Consumer<String>> setters = new LinkedHashMap<>();
      setters.put("NAME", this::name);
      setters.put("URL", this::url);
      setters.put("USER", this::user);
      setters.put("PASSWORD", this::password);
      setters.put("POOL_SIZE", v -> poolSize(parseInt(v)));
      setters.put("CONNECTION_TIMEOUT", v -> connectionTimeout(parseDuration(v)));
      setters.put("STATEMENT_TIMEOUT", v -> statementTimeout(parseDuration(v)));
      setters.put("OPERATIONS", v -> operations(v));
      setters.put("MIGRATIONS", v -> migrations(v));
      setters.put("REALTIME", v -> schedule(new Schedule(parseBoolean(v), null, null)));
      setters.put("INTERVAL", v -> schedule(new Schedule(null, v, null)));
      setters.put("MAX_RETRIES", v -> schedule(new Schedule(null, null, parseInt(v))));
      setters.put(
          "PERMANENT_SQLSTATES", v -> errorPolicy(errorPolicy.withPermanent(splitCommas(v))));
      setters.put(
          "RETRYABLE_SQLSTATES", v -> errorPolicy(errorPolicy.withRetryable(splitCommas(v))));
      setters.forEach((suffix, setter) -> {
        String variable = prefix + suffix;
        String value = env.get(variable);
        if (value == null || value.isBlank()) {
          return;
        }
        try {
          setter.accept(suffix.equals("PASSWORD") ? value : value.strip());
        } catch (RuntimeException e) {
          String shown = suffix.equals("PASSWORD") ? "***" : Redact.url(value);
          throw new IllegalArgumentException(
              variable + "='" + shown + "' is invalid: " + e.getMessage(), e);
        }
      });
      return this;
    }

    /**
     * The settings.
     *
     * @throws IllegalArgumentException when no URL was set
     */
    public SqlikeConfig build() {
      if (url == null) {
        throw new IllegalArgumentException(
            "url is required: set url in the YAML file, "
                + ENV_PREFIX
                + "URL in the environment, or SqlikeConfig.builder().url(...)");
      }
      return new SqlikeConfig(this, url);
    }

    private void yamlSchedule(String source, JsonNode node) {
      if (!node.isObject()) {
        throw new IllegalArgumentException(
            source + ": schedule must be a mapping of realtime, interval and max-retries");
      }
      for (String key : node.propertyNames()) {
        JsonNode value = node.get(key);
        String path = "schedule." + key;
        switch (key) {
          case "realtime" ->
              yamlScalar(
                  source, path, value, v -> schedule(new Schedule(parseBoolean(v), null, null)));
          case "interval" ->
              yamlScalar(source, path, value, v -> schedule(new Schedule(null, v, null)));
          case "max-retries" ->
              yamlScalar(source, path, value, v -> schedule(new Schedule(null, null, parseInt(v))));
          default ->
              throw new IllegalArgumentException(
                  source
                      + ": unknown key '"
                      + path
                      + "'; known keys are schedule.realtime, schedule.interval and"
                      + " schedule.max-retries");
        }
      }
    }

    private void yamlErrors(String source, JsonNode node) {
      if (!node.isObject()) {
        throw new IllegalArgumentException(
            source + ": errors must be a mapping of permanent and retryable");
      }
      for (String key : node.propertyNames()) {
        JsonNode value = node.get(key);
        String path = "errors." + key;
        List<String> entries = new ArrayList<>();
        if (value.isArray()) {
          for (JsonNode entry : value.values()) {
            if (!entry.isValueNode() || entry.isNull()) {
              throw new IllegalArgumentException(
                  source + ": " + path + " must list SQLSTATE classes or codes, such as [23, 42]");
            }
            entries.add(entry.asString());
          }
        } else if (value.isValueNode() && !value.isNull()) {
          entries.addAll(splitCommas(value.asString()));
        } else {
          throw new IllegalArgumentException(
              source + ": " + path + " must list SQLSTATE classes or codes, such as [23, 42]");
        }
        try {
          switch (key) {
            case "permanent" -> errorPolicy(errorPolicy.withPermanent(entries));
            case "retryable" -> errorPolicy(errorPolicy.withRetryable(entries));
            default ->
                throw new IllegalArgumentException(
                    "unknown key; known keys are errors.permanent and errors.retryable");
          }
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(source + ": " + path + ": " + e.getMessage(), e);
        }
      }
    }

    private static void yamlScalar(
        String source, String key, JsonNode value, Consumer<String> setter) {
      if (!value.isValueNode() || value.isNull()) {
        throw new IllegalArgumentException(source + ": " + key + " must be a single value");
      }
      try {
        setter.accept(value.asString());
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(source + ": " + key + ": " + e.getMessage(), e);
      }
    }

    private static String relativeTo(@Nullable Path base, String location, String key) {
      String l = location(location, key);
      if (l.startsWith(CLASSPATH) || base == null) {
        return l;
      }
      return base.resolve(l).normalize().toString();
    }

    private static String location(String value, String what) {
      String v = value == null ? "" : value.strip();
      if (v.isEmpty() || v.equals(CLASSPATH)) {
        throw new IllegalArgumentException(
            what + " must be a directory or classpath:folder, was '" + value + "'");
      }
      return v;
    }

    private static @Nullable String blankToNull(@Nullable String value) {
      return value == null || value.isBlank() ? null : value.strip();
    }
  }

  static int parseInt(String value) {
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a whole number, was '" + value + "'", e);
    }
  }

  static boolean parseBoolean(String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw new IllegalArgumentException("expected true or false, was '" + value + "'");
    };
  }

  /** Parses {@code 0}, {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h30m}, {@code 2d} or ISO. */
  static Duration parseDuration(String value) {
    String v = value.strip();
    if (v.equals("0")) {
      return Duration.ZERO;
    }
    if (v.toUpperCase(Locale.ROOT).startsWith("P")) {
      try {
        return Duration.parse(v.toUpperCase(Locale.ROOT));
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException("invalid ISO-8601 duration '" + value + "'", e);
      }
    }
    Matcher m = DURATION.matcher(v);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      long amount = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
              });
      end = m.end();
    }
    if (v.isEmpty() || end != v.length()) {
      throw new IllegalArgumentException(
          "invalid duration '" + value + "'; expected such as 250ms, 30s, 5m, 1h30m or PT30S");
    }
    return total;
  }

  /**
   * Checks that {@code interval} is {@code @every <duration>} or five CRON fields; the engine
   * checks the CRON fields themselves when the destination is registered.
   */
  static void checkInterval(String interval) {
    String i = interval.strip();
    if (i.toLowerCase(Locale.ROOT).startsWith("@every")) {
      Duration d = parseDuration(i.substring("@every".length()));
      if (d.isZero()) {
        throw new IllegalArgumentException("interval '" + interval + "' must be positive");
      }
      return;
    }
    if (i.split("\\s+").length != 5) {
      throw new IllegalArgumentException(
          "interval '"
              + interval
              + "' must be @every <duration> (such as @every 10m) or a five-field CRON expression");
    }
  }

  private static List<String> splitCommas(String value) {
    return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }
}
