package dev.blacksmith.modules.http;

import dev.blacksmith.destination.Schedule;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The settings of one {@link HttpDestination}. Build it in Java with {@link #builder(String)}, or
 * read it from a YAML file ({@link #fromYaml(Path, Map)}) or from environment variables ({@link
 * #fromEnvironment(Map)}). Every setting is validated when the config is built; an invalid one is
 * an {@link HttpConfigException} naming it.
 *
 * <p>{@link #toString()} and {@link #describe()} mask header values and query parameters, which
 * often carry credentials, so the config can be logged or shown.
 *
 * @param name the destination's name in flows, the store and the admin API ({@code [a-z0-9_-]},
 *     starting with a letter or digit); YAML {@code name}, default {@code http}
 * @param url the endpoint, {@code http} or {@code https}, without credentials (send those in {@code
 *     headers}); YAML {@code url}, required
 * @param method {@code POST}, {@code PUT} or {@code PATCH}; YAML {@code method}, default {@code
 *     POST}
 * @param headers sent with every request, such as {@code Authorization}; they may override {@code
 *     Content-Type} and {@code User-Agent} but not the idempotency header; YAML {@code headers}
 * @param envelope what each job becomes in a request body; YAML {@code envelope}, default {@code
 *     data}
 * @param connectTimeout the longest wait for a connection; YAML {@code timeouts.connect}, default
 *     5s
 * @param timeout the longest a request may take from sending to the end of its response's body
 *     (what is read of it); YAML {@code timeouts.request}, default 30s
 * @param loadTimeout the longest one load may keep sending requests: jobs not sent by then fail and
 *     are retried on schedule. Keep it well under the scheduler's lease (5 minutes by default);
 *     YAML {@code timeouts.load}, default 2m, at least {@code timeout}
 * @param schedule when the destination's actions run and how often failures are retried; YAML
 *     {@code schedule.realtime} (default true), {@code schedule.interval} (the retry delay when
 *     realtime, default {@code @every 5m}) and {@code schedule.max_retries} (default: the
 *     platform's, 72)
 * @param successStatuses statuses that mean the jobs were loaded; YAML {@code statuses.success},
 *     default {@code 2xx}
 * @param retryStatuses statuses that fail the jobs for a retry on schedule; they win over {@code
 *     discardStatuses}; YAML {@code statuses.retry}, default {@code 408, 429, 5xx}
 * @param discardStatuses statuses that discard the jobs at once, as retrying cannot help; YAML
 *     {@code statuses.discard}, default {@code 4xx}. Any status in none of the three sets fails the
 *     jobs for a retry, so a surprise loses nothing.
 * @param concurrency how many requests one load keeps in flight; 1 sends a queue's jobs in order;
 *     YAML {@code concurrency}, default 8
 * @param maxBatchSize the most jobs in one request of action {@code batch}; YAML {@code
 *     batch.max_size}, default 100
 * @param maxBatchBytes the largest body of one request of action {@code batch}; a single job larger
 *     than this goes in a request of its own; YAML {@code batch.max_bytes}, default 1MiB
 * @param responseExcerptBytes how much of a response body an error quotes; YAML {@code
 *     response_excerpt_bytes}, default 1024
 * @param idempotencyHeader the header carrying the job id (or, for a batch, a key derived from its
 *     job ids); YAML {@code idempotency_header}, default {@code Idempotency-Key}
 */
public record HttpDestinationConfig(
    String name,
    URI url,
    String method,
    Map<String, String> headers,
    Envelope envelope,
    Duration connectTimeout,
    Duration timeout,
    Duration loadTimeout,
    Schedule schedule,
    StatusCodes successStatuses,
    StatusCodes retryStatuses,
    StatusCodes discardStatuses,
    int concurrency,
    int maxBatchSize,
    long maxBatchBytes,
    int responseExcerptBytes,
    String idempotencyHeader) {

  /** What each job becomes in a request body. */
  public enum Envelope {
    /**
     * The job's data as it is: the body of a {@code send} request; in a {@code batch}, each item is
     * {@code {"id": <job id>, "data": <data>}}.
     */
    DATA,
    /**
     * The job with its metadata, for a {@code send} request and for each item of a {@code batch}:
     * {@code {"id", "event_id", "version", "attempt", "created_at", "sent_at", "context", "data"}}.
     */
    JOB;

    static Envelope parse(String text) {
      return switch (text.trim().toLowerCase(Locale.ROOT)) {
        case "data" -> DATA;
        case "job" -> JOB;
        default ->
            throw new IllegalArgumentException(
                "'" + text + "' is not an envelope; expected data or job");
      };
    }

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The default name of an HTTP destination. */
  public static final String DEFAULT_NAME = "http";

  /** The default idempotency header. */
  public static final String DEFAULT_IDEMPOTENCY_HEADER = "Idempotency-Key";

  /** Most requests one load may keep in flight. */
  public static final int MAX_CONCURRENCY = 256;

  /** Most jobs in one batch request. */
  public static final int MAX_BATCH_SIZE = 10_000;

  /** Largest accepted {@link #maxBatchBytes}: 64 MiB. */
  public static final long MAX_BATCH_BYTES = 64L << 20;

  /** Largest accepted {@link #responseExcerptBytes}: 64 KiB. */
  public static final int MAX_EXCERPT_BYTES = 64 << 10;

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Set<String> FORBIDDEN_HEADERS =
      Set.of(
          "connection",
          "content-length",
          "expect",
          "host",
          "keep-alive",
          "proxy-connection",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade");
  private static final Set<String> SHOWN_HEADERS = Set.of("accept", "content-type", "user-agent");
  private static final Set<String> MACROS =
      Set.of("@hourly", "@daily", "@midnight", "@weekly", "@monthly", "@yearly", "@annually");

  public HttpDestinationConfig {
    checkName(name);
    checkUrl(url);
    method = checkMethod(method);
    headers = checkHeaders(headers, idempotencyHeader);
    require(envelope != null, "envelope", "must be set");
    checkPositive(connectTimeout, "timeouts.connect");
    checkPositive(timeout, "timeouts.request");
    checkPositive(loadTimeout, "timeouts.load");
    if (loadTimeout.compareTo(timeout) < 0) {
      throw new HttpConfigException(
          "timeouts.load",
          "must be at least timeouts.request ("
              + Values.show(timeout)
              + "), was "
              + Values.show(loadTimeout));
    }
    checkSchedule(schedule);
    require(successStatuses != null, "statuses.success", "must be set");
    require(retryStatuses != null, "statuses.retry", "must be set");
    require(discardStatuses != null, "statuses.discard", "must be set");
    require(!successStatuses.isEmpty(), "statuses.success", "must name at least one status");
    checkDisjoint(successStatuses, retryStatuses, "statuses.retry");
    checkDisjoint(successStatuses, discardStatuses, "statuses.discard");
    checkRange(concurrency, 1, MAX_CONCURRENCY, "concurrency");
    checkRange(maxBatchSize, 1, MAX_BATCH_SIZE, "batch.max_size");
    if (maxBatchBytes < 1024 || maxBatchBytes > MAX_BATCH_BYTES) {
      throw new HttpConfigException(
          "batch.max_bytes",
          "must be between 1KiB and 64MiB (1024 and "
              + MAX_BATCH_BYTES
              + "), was "
              + maxBatchBytes);
    }
    checkRange(responseExcerptBytes, 0, MAX_EXCERPT_BYTES, "response_excerpt_bytes");
  }

  /** A builder for a destination sending to {@code url}, every other setting at its default. */
  public static Builder builder(String url) {
    return new Builder().url(url);
  }

  /** A builder for a destination sending to {@code url}, every other setting at its default. */
  public static Builder builder(URI url) {
    return new Builder().url(url);
  }

  /** A builder at the defaults, without URL, for loaders that set it later. */
  static Builder emptyBuilder() {
    return new Builder();
  }

  /** A builder with this config's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.name = name;
    b.url = url;
    b.method = method;
    b.headers.putAll(headers);
    b.envelope = envelope;
    b.connectTimeout = connectTimeout;
    b.timeout = timeout;
    b.loadTimeout = loadTimeout;
    b.realtime = schedule.realtime();
    b.interval = schedule.interval();
    b.maxRetries = schedule.maxRetries();
    b.successStatuses = successStatuses;
    b.retryStatuses = retryStatuses;
    b.discardStatuses = discardStatuses;
    b.concurrency = concurrency;
    b.maxBatchSize = maxBatchSize;
    b.maxBatchBytes = maxBatchBytes;
    b.responseExcerptBytes = responseExcerptBytes;
    b.idempotencyHeader = idempotencyHeader;
    return b;
  }

  /**
   * Reads the destinations of a YAML file: either a mapping with a {@code destinations} list, or
   * one destination's mapping. {@code ${VAR}} and {@code ${VAR:-default}} in values are replaced by
   * variables of {@code env}, so secrets can stay out of the file; <code>$${</code> writes a
   * literal <code>${</code>.
   *
   * @throws HttpConfigException naming the file and the setting at fault
   */
  public static List<HttpDestinationConfig> fromYaml(Path file, Map<String, String> env) {
    return ConfigLoader.fromYamlFile(file, env);
  }

  /**
   * Reads the destinations of YAML text; see {@link #fromYaml(Path, Map)}.
   *
   * @throws HttpConfigException naming the setting at fault
   */
  public static List<HttpDestinationConfig> fromYaml(String yaml, Map<String, String> env) {
    return ConfigLoader.fromYaml(yaml, "yaml", env);
  }

  /**
   * Reads the destinations configured by environment variables: those of the YAML file named by
   * {@code BLACKSMITH_HTTP_CONFIG}, then one named {@code http} from {@code BLACKSMITH_HTTP_URL}
   * and its siblings, then one per name listed in {@code BLACKSMITH_HTTP_DESTINATIONS} from {@code
   * BLACKSMITH_HTTP_<NAME>_URL} and its siblings. Empty when none is configured.
   *
   * @throws HttpConfigException naming the variable at fault, or a variable with the {@code
   *     BLACKSMITH_HTTP_} prefix that means nothing (a typo)
   */
  public static List<HttpDestinationConfig> fromEnvironment(Map<String, String> env) {
    return ConfigLoader.fromEnvironment(env);
  }

  /**
   * The settings as a map fit for logs and admin views: header values other than {@code
   * Content-Type}, {@code Accept} and {@code User-Agent} are {@code ***}, as are the values of the
   * URL's query parameters.
   */
  public Map<String, Object> describe() {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", name);
    view.put("url", maskedUrl(url));
    view.put("method", method);
    Map<String, String> shown = new LinkedHashMap<>();
    headers.forEach(
        (k, v) -> shown.put(k, SHOWN_HEADERS.contains(k.toLowerCase(Locale.ROOT)) ? v : "***"));
    view.put("headers", shown);
    view.put("envelope", envelope.toString());
    view.put(
        "timeouts",
        ordered(
            "connect", Values.show(connectTimeout),
            "request", Values.show(timeout),
            "load", Values.show(loadTimeout)));
    Map<String, Object> sched = new LinkedHashMap<>();
    sched.put("realtime", schedule.realtime());
    sched.put("interval", schedule.interval());
    sched.put("max_retries", schedule.maxRetries());
    view.put("schedule", sched);
    view.put(
        "statuses",
        ordered(
            "success", successStatuses.toString(),
            "retry", retryStatuses.toString(),
            "discard", discardStatuses.toString()));
    view.put("concurrency", concurrency);
    view.put("batch", ordered("max_size", maxBatchSize, "max_bytes", maxBatchBytes));
    view.put("response_excerpt_bytes", responseExcerptBytes);
    view.put("idempotency_header", idempotencyHeader);
    return Collections.unmodifiableMap(view);
  }

  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return Collections.unmodifiableMap(map);
  }

  /** The masked settings of {@link #describe()}. */
  @Override
  public String toString() {
    return "HttpDestinationConfig" + describe();
  }

  /** Scheme, host and port of the endpoint: what logs and errors name, never its path or query. */
  String origin() {
    return url.getScheme() + "://" + url.getRawAuthority();
  }

  static String maskedUrl(URI url) {
    String query = url.getRawQuery();
    String base =
        url.getScheme()
            + "://"
            + url.getRawAuthority()
            + (url.getRawPath() == null ? "" : url.getRawPath());
    if (query == null) {
      return base;
    }
    StringBuilder masked = new StringBuilder(base).append('?');
    String[] pairs = query.split("&", -1);
    for (int i = 0; i < pairs.length; i++) {
      int eq = pairs[i].indexOf('=');
      masked
          .append(i == 0 ? "" : "&")
          .append(eq < 0 ? pairs[i] : pairs[i].substring(0, eq) + "=***");
    }
    return masked.toString();
  }

  private static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new HttpConfigException(
          "name",
          "'"
              + name
              + "' is not a valid destination name: lower-case letters, digits, '_' and '-',"
              + " starting with a letter or digit");
    }
  }

  private static void checkUrl(URI url) {
    require(url != null, "url", "must be set");
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
      throw new HttpConfigException("url", "must be an absolute http:// or https:// URL");
    }
    if (url.getHost() == null || url.getHost().isBlank()) {
      throw new HttpConfigException("url", "has no host");
    }
    if (url.getRawUserInfo() != null) {
      throw new HttpConfigException(
          "url",
          "must not carry credentials (user:password@); send them in headers, such as"
              + " Authorization");
    }
    if (url.getRawFragment() != null) {
      throw new HttpConfigException("url", "must not have a fragment (#...)");
    }
  }

  private static String checkMethod(String method) {
    require(method != null, "method", "must be set");
    String upper = method.trim().toUpperCase(Locale.ROOT);
    if (!Set.of("POST", "PUT", "PATCH").contains(upper)) {
      throw new HttpConfigException(
          "method", "'" + method + "' is not supported; expected POST, PUT or PATCH");
    }
    return upper;
  }

  private static Map<String, String> checkHeaders(
      Map<String, String> headers, String idempotencyHeader) {
    require(headers != null, "headers", "must be set (empty for none)");
    if (idempotencyHeader == null || !TOKEN.matcher(idempotencyHeader).matches()) {
      throw new HttpConfigException(
          "idempotency_header", "'" + idempotencyHeader + "' is not a valid header name");
    }
    if (FORBIDDEN_HEADERS.contains(idempotencyHeader.toLowerCase(Locale.ROOT))) {
      throw new HttpConfigException(
          "idempotency_header", idempotencyHeader + " is managed by the HTTP client");
    }
    Map<String, String> seen = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    Map<String, String> copy = new LinkedHashMap<>();
    for (var e : headers.entrySet()) {
      String header = e.getKey();
      String key = "headers." + header;
      if (header == null || !TOKEN.matcher(header).matches()) {
        throw new HttpConfigException("headers", "'" + header + "' is not a valid header name");
      }
      if (FORBIDDEN_HEADERS.contains(header.toLowerCase(Locale.ROOT))) {
        throw new HttpConfigException(key, "is managed by the HTTP client and cannot be set");
      }
      if (header.equalsIgnoreCase(idempotencyHeader)) {
        throw new HttpConfigException(
            key, "is the idempotency header, set to each job's id; it cannot be fixed");
      }
      String value = e.getValue();
      // The value may be a secret: say what is wrong, never what it is.
      if (value == null) {
        throw new HttpConfigException(key, "has no value");
      }
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if ((c < 0x20 && c != '\t') || c == 0x7f) {
          throw new HttpConfigException(key, "contains a control character (such as a line break)");
        }
      }
      if (seen.put(header, value) != null) {
        throw new HttpConfigException(key, "is set twice (header names ignore case)");
      }
      copy.put(header, value.strip());
    }
    return Collections.unmodifiableMap(copy);
  }

  private static void checkSchedule(Schedule schedule) {
    require(schedule != null, "schedule", "must be set");
    require(schedule.realtime() != null, "schedule.realtime", "must be set");
    require(schedule.interval() != null, "schedule.interval", "must be set");
    String interval = schedule.interval().trim();
    String lower = interval.toLowerCase(Locale.ROOT);
    if (lower.startsWith("@every")) {
      try {
        Duration every = Values.duration(lower.substring("@every".length()));
        if (every.isZero() || every.isNegative()) {
          throw new IllegalArgumentException("the duration must be positive");
        }
      } catch (IllegalArgumentException e) {
        throw new HttpConfigException(
            "schedule.interval", "'" + interval + "' is invalid: " + e.getMessage());
      }
    } else if (!MACROS.contains(lower) && interval.split("\\s+").length != 5) {
      throw new HttpConfigException(
          "schedule.interval",
          "'"
              + interval
              + "' is not '@every <duration>' (such as '@every 5m'), @hourly, @daily, @weekly,"
              + " @monthly, @yearly or a five-field CRON expression");
    }
  }

  private static void checkPositive(Duration d, String key) {
    require(d != null, key, "must be set");
    if (d.isZero() || d.isNegative()) {
      throw new HttpConfigException(key, "must be positive, was " + d);
    }
    if (d.compareTo(Duration.ofHours(1)) > 0) {
      throw new HttpConfigException(key, "must be at most 1h, was " + Values.show(d));
    }
  }

  private static void checkRange(long value, long min, long max, String key) {
    if (value < min || value > max) {
      throw new HttpConfigException(
          key, "must be between " + min + " and " + max + ", was " + value);
    }
  }

  private static void checkDisjoint(StatusCodes success, StatusCodes other, String key) {
    StatusCodes both = success.intersection(other);
    if (!both.isEmpty()) {
      throw new HttpConfigException(
          key, "overlaps statuses.success on " + both + "; a status must mean one thing");
    }
  }

  private static void require(boolean ok, String key, String problem) {
    if (!ok) {
      throw new HttpConfigException(key, problem);
    }
  }

  /**
   * Builds an {@link HttpDestinationConfig}. Each setter checks its value at once and throws an
   * {@link HttpConfigException} naming the setting; {@link #build()} checks how they fit together.
   */
  public static final class Builder {
    private String name = DEFAULT_NAME;
    private @Nullable URI url;
    private String method = "POST";
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Envelope envelope = Envelope.DATA;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration timeout = Duration.ofSeconds(30);
    private Duration loadTimeout = Duration.ofMinutes(2);
    private @Nullable Boolean realtime = true;
    private @Nullable String interval = "@every 5m";
    private @Nullable Integer maxRetries;
    private StatusCodes successStatuses = StatusCodes.parse("2xx");
    private StatusCodes retryStatuses = StatusCodes.parse("408, 429, 5xx");
    private StatusCodes discardStatuses = StatusCodes.parse("4xx");
    private int concurrency = 8;
    private int maxBatchSize = 100;
    private long maxBatchBytes = 1L << 20;
    private int responseExcerptBytes = 1024;
    private String idempotencyHeader = DEFAULT_IDEMPOTENCY_HEADER;

    private Builder() {}

    public Builder name(String value) {
      checkName(value);
      this.name = value;
      return this;
    }

    public Builder url(String value) {
      require(value != null && !value.isBlank(), "url", "must be set");
      try {
        return url(new URI(value.trim()));
      } catch (URISyntaxException e) {
        throw new HttpConfigException("url", "is not a valid URL: " + e.getReason());
      }
    }

    public Builder url(URI value) {
      checkUrl(value);
      this.url = value;
      return this;
    }

    /** {@code POST} (the default), {@code PUT} or {@code PATCH}. */
    public Builder method(String value) {
      this.method = checkMethod(value);
      return this;
    }

    /** Adds a header sent with every request; its value is treated as a secret. */
    public Builder header(String header, String value) {
      Map<String, String> one = new LinkedHashMap<>();
      one.put(header, value);
      checkHeaders(one, idempotencyHeader);
      headers.entrySet().removeIf(e -> e.getKey().equalsIgnoreCase(header));
      headers.put(header, value.strip());
      return this;
    }

    /** Replaces the headers sent with every request. */
    public Builder headers(Map<String, String> values) {
      Map<String, String> checked = checkHeaders(values, idempotencyHeader);
      headers.clear();
      headers.putAll(checked);
      return this;
    }

    public Builder envelope(Envelope value) {
      require(value != null, "envelope", "must be set");
      this.envelope = value;
      return this;
    }

    public Builder connectTimeout(Duration value) {
      checkPositive(value, "timeouts.connect");
      this.connectTimeout = value;
      return this;
    }

    /** The longest one request may take, response body included. */
    public Builder timeout(Duration value) {
      checkPositive(value, "timeouts.request");
      this.timeout = value;
      return this;
    }

    /** The longest one load may keep sending requests. */
    public Builder loadTimeout(Duration value) {
      checkPositive(value, "timeouts.load");
      this.loadTimeout = value;
      return this;
    }

    /** Whether jobs are loaded as soon as they are committed (the default) or on the interval. */
    public Builder realtime(boolean value) {
      this.realtime = value;
      return this;
    }

    /** The load interval, or the retry delay when realtime; such as {@code "@every 5m"}. */
    public Builder interval(String value) {
      require(value != null && !value.isBlank(), "schedule.interval", "must be set");
      checkSchedule(new Schedule(true, value, null));
      this.interval = value.trim();
      return this;
    }

    /** How many times a failed job is retried before it is discarded; 0 is a single attempt. */
    public Builder maxRetries(int value) {
      checkRange(value, 0, Schedule.MAX_RETRIES_LIMIT, "schedule.max_retries");
      this.maxRetries = value;
      return this;
    }

    /** Statuses meaning success, such as {@code "2xx"}. */
    public Builder successStatuses(String value) {
      this.successStatuses = statuses(value, "statuses.success");
      return this;
    }

    /** Statuses that fail the jobs for a retry, such as {@code "408, 429, 5xx"}. */
    public Builder retryStatuses(String value) {
      this.retryStatuses = statuses(value, "statuses.retry");
      return this;
    }

    /** Statuses that discard the jobs, such as {@code "4xx"}. */
    public Builder discardStatuses(String value) {
      this.discardStatuses = statuses(value, "statuses.discard");
      return this;
    }

    public Builder concurrency(int value) {
      checkRange(value, 1, MAX_CONCURRENCY, "concurrency");
      this.concurrency = value;
      return this;
    }

    public Builder maxBatchSize(int value) {
      checkRange(value, 1, MAX_BATCH_SIZE, "batch.max_size");
      this.maxBatchSize = value;
      return this;
    }

    public Builder maxBatchBytes(long value) {
      checkRange(value, 1024, MAX_BATCH_BYTES, "batch.max_bytes");
      this.maxBatchBytes = value;
      return this;
    }

    public Builder responseExcerptBytes(int value) {
      checkRange(value, 0, MAX_EXCERPT_BYTES, "response_excerpt_bytes");
      this.responseExcerptBytes = value;
      return this;
    }

    public Builder idempotencyHeader(String value) {
      checkHeaders(Map.of(), value);
      this.idempotencyHeader = value;
      return this;
    }

    /**
     * @throws HttpConfigException when the URL is missing or settings contradict each other
     */
    public HttpDestinationConfig build() {
      require(url != null, "url", "must be set");
      return new HttpDestinationConfig(
          name,
          url,
          method,
          headers,
          envelope,
          connectTimeout,
          timeout,
          loadTimeout,
          new Schedule(realtime, interval, maxRetries),
          successStatuses,
          retryStatuses,
          discardStatuses,
          concurrency,
          maxBatchSize,
          maxBatchBytes,
          responseExcerptBytes,
          idempotencyHeader);
    }

    private static StatusCodes statuses(String value, String key) {
      require(value != null, key, "must be set");
      try {
        return StatusCodes.parse(value);
      } catch (IllegalArgumentException e) {
        throw new HttpConfigException(key, e.getMessage());
      }
    }
  }
}
