package dev.blacksmith.pubsub.nats;

import dev.blacksmith.spi.pubsub.PubSubException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What a {@code nats://} URL says: servers, credentials and the query options documented on {@link
 * NatsPubSubProvider}. Credentials are kept apart from the server list so that logs and error
 * messages can name the URL without them.
 */
record NatsSettings(
    List<String> servers,
    @Nullable String user,
    @Nullable String password,
    String streamPrefix,
    Duration maxAge,
    long maxBytes,
    int replicas,
    int maxAckPending,
    int concurrency,
    Duration ackWait,
    Duration nakDelay,
    long maxDeliver,
    Duration connectTimeout,
    Duration requestTimeout,
    Duration reconnectWait,
    Duration pullExpiry,
    String connectionName) {

  static final String SCHEME = "nats://";

  /** Naks back off exponentially from {@code nak_delay}, up to this. */
  static final Duration MAX_NAK_DELAY = Duration.ofMinutes(1);

  private static final Set<String> OPTIONS =
      Set.of(
          "stream_prefix",
          "max_age",
          "max_bytes",
          "replicas",
          "max_ack_pending",
          "concurrency",
          "ack_wait",
          "nak_delay",
          "max_deliver",
          "connect_timeout",
          "request_timeout",
          "reconnect_wait",
          "pull_expiry",
          "name");

  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  private static final Pattern STREAM_PREFIX = Pattern.compile("[A-Za-z0-9_-]*");

  static boolean supports(String url) {
    return url.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
  }

  /**
   * Reads {@code url}.
   *
   * @throws PubSubException naming what is wrong, when the URL or an option is malformed
   */
  static NatsSettings parse(String url) {
    if (!supports(url)) {
      throw new PubSubException("not a NATS URL (expected nats://host:port): " + redact(url));
    }
    int q = url.indexOf('?');
    String serverPart = q < 0 ? url : url.substring(0, q);
    Map<String, String> query = q < 0 ? Map.of() : query(url.substring(q + 1), url);

    List<String> servers = new ArrayList<>();
    String user = null;
    String password = null;
    boolean credentialsSeen = false;
    for (String raw : serverPart.split(",", -1)) {
      String s = raw.strip();
      if (s.isEmpty()) {
        throw new PubSubException("empty server in NATS URL " + redact(url));
      }
      if (!s.contains("://")) {
        s = SCHEME + s; // "nats://a:4222,b:4222": the scheme is given once
      }
      URI uri;
      try {
        uri = new URI(s);
      } catch (URISyntaxException e) {
        throw new PubSubException(
            "malformed server '" + redact(s) + "' in NATS URL " + redact(url), e);
      }
      if (!"nats".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
        throw new PubSubException(
            "malformed server '"
                + redact(s)
                + "' in NATS URL "
                + redact(url)
                + " (nats://host:port)");
      }
      String info = uri.getUserInfo();
      if (info != null) {
        int colon = info.indexOf(':');
        String u = colon < 0 ? info : info.substring(0, colon);
        String p = colon < 0 ? null : info.substring(colon + 1);
        if (credentialsSeen && !(u.equals(user) && Objects.equals(p, password))) {
          throw new PubSubException(
              "different credentials per server are not supported in NATS URL " + redact(url));
        }
        credentialsSeen = true;
        user = u;
        password = p;
      }
      int port = uri.getPort() < 0 ? 4222 : uri.getPort();
      servers.add(SCHEME + hostForUrl(uri.getHost()) + ":" + port);
    }

    for (String key : query.keySet()) {
      if (!OPTIONS.contains(key)) {
        throw new PubSubException(
            "unknown option '"
                + key
                + "' in NATS URL "
                + redact(url)
                + "; known options: "
                + OPTIONS.stream().sorted().toList());
      }
    }
    String prefix = query.getOrDefault("stream_prefix", "blacksmith_");
    if (!STREAM_PREFIX.matcher(prefix).matches()) {
      throw new PubSubException(
          "stream_prefix may hold only letters, digits, '_' and '-': " + prefix);
    }
    Duration ackWait = duration(query, "ack_wait", Duration.ofSeconds(30), url);
    if (ackWait.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new PubSubException("ack_wait must be at least 1s in NATS URL " + redact(url));
    }
    Duration pullExpiry = duration(query, "pull_expiry", Duration.ofSeconds(5), url);
    if (pullExpiry.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new PubSubException("pull_expiry must be at least 1s in NATS URL " + redact(url));
    }
    long maxDeliver = number(query, "max_deliver", -1, -1, url);
    if (maxDeliver == 0) {
      throw new PubSubException(
          "max_deliver must be -1 (unlimited) or positive in NATS URL " + redact(url));
    }
    return new NatsSettings(
        List.copyOf(servers),
        user,
        password,
        prefix,
        duration(query, "max_age", Duration.ofHours(24), url),
        number(query, "max_bytes", -1, -1, url),
        (int) number(query, "replicas", 1, 1, url),
        (int) number(query, "max_ack_pending", 256, 1, url),
        (int) number(query, "concurrency", 16, 1, url),
        ackWait,
        duration(query, "nak_delay", Duration.ofSeconds(1), url),
        maxDeliver,
        positive(duration(query, "connect_timeout", Duration.ofSeconds(2), url), "connect_timeout"),
        positive(duration(query, "request_timeout", Duration.ofSeconds(5), url), "request_timeout"),
        duration(query, "reconnect_wait", Duration.ofSeconds(1), url),
        pullExpiry,
        query.getOrDefault("name", "blacksmith"));
  }

  /** Handlers in flight per subscriber: never more than the broker lets the group hold. */
  int inFlightBound() {
    return Math.min(concurrency, maxAckPending);
  }

  /** The nak delay before delivery {@code delivered + 1}: doubling, capped. */
  Duration nakDelayAfter(long delivered) {
    if (nakDelay.compareTo(MAX_NAK_DELAY) >= 0) {
      return nakDelay;
    }
    long shift = Math.clamp(delivered - 1, 0, 16);
    Duration d = nakDelay.multipliedBy(1L << shift);
    return d.compareTo(MAX_NAK_DELAY) > 0 ? MAX_NAK_DELAY : d;
  }

  /** The servers as one URL without credentials, for logs and errors. */
  String displayUrl() {
    if (servers.size() == 1) {
      return servers.get(0);
    }
    return String.join(",", servers);
  }

  @Override
  public String toString() {
    return "NatsSettings{" + displayUrl() + (user != null ? ", user=" + user : "") + "}";
  }

  /** {@code url} with any password replaced by {@code ***}. */
  static String redact(String url) {
    return url.replaceAll("(://[^:/@,?]*):[^@/,?]*@", "$1:***@");
  }

  private static String hostForUrl(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  private static Map<String, String> query(String raw, String url) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new PubSubException(
            "malformed option '" + pair + "' in NATS URL " + redact(url) + " (key=value)");
      }
      String key = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      if (out.put(key.toLowerCase(Locale.ROOT), value) != null) {
        throw new PubSubException("option '" + key + "' given twice in NATS URL " + redact(url));
      }
    }
    return out;
  }

  private static long number(
      Map<String, String> query, String key, long dflt, long min, String url) {
    String v = query.get(key);
    if (v == null) {
      return dflt;
    }
    long n;
    try {
      n = Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw new PubSubException(
          key + " must be a whole number, not '" + v + "', in NATS URL " + redact(url), e);
    }
    if (n < min || (n > Integer.MAX_VALUE && !key.equals("max_bytes"))) {
      throw new PubSubException(key + " out of range (" + n + ") in NATS URL " + redact(url));
    }
    return n;
  }

  /** Durations as {@code 500ms}, {@code 10s}, {@code 5m}, {@code 24h}, {@code 7d} or ISO-8601. */
  static Duration parseDuration(String v) {
    String s = v.strip().toLowerCase(Locale.ROOT);
    Matcher m = SHORT_DURATION.matcher(s);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    return Duration.parse(v.strip().toUpperCase(Locale.ROOT));
  }

  private static Duration duration(
      Map<String, String> query, String key, Duration dflt, String url) {
    String v = query.get(key);
    if (v == null) {
      return dflt;
    }
    Duration d;
    try {
      d = parseDuration(v);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new PubSubException(
          key
              + " must be a duration such as 500ms, 10s, 5m, 24h or PT1H, not '"
              + v
              + "', in NATS URL "
              + redact(url),
          e);
    }
    if (d.isNegative()) {
      throw new PubSubException(key + " must not be negative in NATS URL " + redact(url));
    }
    return d;
  }

  private static Duration positive(Duration d, String key) {
    if (d.isZero()) {
      throw new PubSubException(key + " must be positive");
    }
    return d;
  }
}
