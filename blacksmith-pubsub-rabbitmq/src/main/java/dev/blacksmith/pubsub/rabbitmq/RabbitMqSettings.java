package dev.blacksmith.pubsub.rabbitmq;

import com.rabbitmq.client.ConnectionFactory;
import dev.blacksmith.spi.pubsub.PubSubException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.net.ssl.SSLContext;

/**
 * What a {@code amqp://} or {@code amqps://} URL says: where the broker is, and the adapter's own
 * options from the query string.
 */
record RabbitMqSettings(
    String maskedUrl,
    boolean tls,
    String host,
    int port,
    String username,
    String password,
    String virtualHost,
    int prefetch,
    QueueType queueType,
    int deliveryLimit,
    Duration confirmTimeout,
    Duration recoveryInterval,
    Duration connectionTimeout,
    int heartbeatSeconds) {

  /** How a subscription's queue is declared. */
  enum QueueType {
    /** Quorum when the broker supports it (3.8 and later), else classic. */
    AUTO,
    QUORUM,
    /** A classic durable queue with a single active consumer. */
    CLASSIC
  }

  static final int DEFAULT_PREFETCH = 32;
  static final int DEFAULT_DELIVERY_LIMIT = 10;
  static final Duration DEFAULT_CONFIRM_TIMEOUT = Duration.ofSeconds(10);
  static final Duration DEFAULT_RECOVERY_INTERVAL = Duration.ofSeconds(2);
  static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(10);
  static final int DEFAULT_HEARTBEAT_SECONDS = 30;

  private static final Set<String> OPTIONS =
      Set.of(
          "prefetch",
          "queueType",
          "deliveryLimit",
          "confirmTimeoutMs",
          "recoveryIntervalMs",
          "connection_timeout",
          "heartbeat");

  static boolean supports(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    return lower.startsWith("amqp://") || lower.startsWith("amqps://");
  }

  /** Parses {@code url}; a bad URL or option fails with the URL's password masked. */
  static RabbitMqSettings parse(String url) {
    String masked = mask(url);
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new PubSubException("malformed RabbitMQ URL " + masked + ": " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean tls;
    if (scheme.equals("amqp")) {
      tls = false;
    } else if (scheme.equals("amqps")) {
      tls = true;
    } else {
      throw new PubSubException("not a RabbitMQ URL (amqp:// or amqps://): " + masked);
    }
    String host = uri.getHost() == null ? "localhost" : uri.getHost();
    int port = uri.getPort() != -1 ? uri.getPort() : tls ? 5671 : 5672;

    String username = "guest";
    String password = "guest";
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      username = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
      password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
    }

    // "amqp://host" and "amqp://host/" both mean the default vhost "/", as most users expect;
    // another vhost is the single path segment, URL-encoded ("/%2F" is "/" too).
    String rawPath = uri.getRawPath() == null ? "" : uri.getRawPath();
    String virtualHost = "/";
    if (rawPath.length() > 1) {
      if (rawPath.indexOf('/', 1) != -1) {
        throw new PubSubException(
            "RabbitMQ URL " + masked + ": the vhost must be one path segment (encode / as %2F)");
      }
      virtualHost = decode(rawPath.substring(1));
    }

    Map<String, String> options = query(uri.getRawQuery(), masked);
    int prefetch = intOption(options, "prefetch", DEFAULT_PREFETCH, 1, 65_535, masked);
    int deliveryLimit =
        intOption(options, "deliveryLimit", DEFAULT_DELIVERY_LIMIT, 0, Integer.MAX_VALUE, masked);
    Duration confirmTimeout =
        Duration.ofMillis(
            intOption(
                options,
                "confirmTimeoutMs",
                (int) DEFAULT_CONFIRM_TIMEOUT.toMillis(),
                1,
                Integer.MAX_VALUE,
                masked));
    Duration recoveryInterval =
        Duration.ofMillis(
            intOption(
                options,
                "recoveryIntervalMs",
                (int) DEFAULT_RECOVERY_INTERVAL.toMillis(),
                1,
                Integer.MAX_VALUE,
                masked));
    Duration connectionTimeout =
        Duration.ofMillis(
            intOption(
                options,
                "connection_timeout",
                (int) DEFAULT_CONNECTION_TIMEOUT.toMillis(),
                1,
                Integer.MAX_VALUE,
                masked));
    int heartbeat = intOption(options, "heartbeat", DEFAULT_HEARTBEAT_SECONDS, 0, 65_535, masked);
    QueueType queueType;
    String type = options.getOrDefault("queueType", "auto");
    try {
      queueType = QueueType.valueOf(type.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new PubSubException(
          "RabbitMQ URL " + masked + ": queueType must be auto, quorum or classic, not " + type);
    }
    return new RabbitMqSettings(
        masked,
        tls,
        host,
        port,
        username,
        password,
        virtualHost,
        prefetch,
        queueType,
        deliveryLimit,
        confirmTimeout,
        recoveryInterval,
        connectionTimeout,
        heartbeat);
  }

  /** A connection factory for these settings, with automatic connection and topology recovery. */
  ConnectionFactory connectionFactory() {
    ConnectionFactory f = new ConnectionFactory();
    f.setHost(host);
    f.setPort(port);
    f.setUsername(username);
    f.setPassword(password);
    f.setVirtualHost(virtualHost);
    f.setAutomaticRecoveryEnabled(true);
    f.setTopologyRecoveryEnabled(true);
    f.setNetworkRecoveryInterval(recoveryInterval.toMillis());
    f.setConnectionTimeout((int) connectionTimeout.toMillis());
    f.setHandshakeTimeout((int) connectionTimeout.toMillis());
    f.setRequestedHeartbeat(heartbeatSeconds);
    if (tls) {
      try {
        // The JVM's trust store and hostname verification; the client's own amqps default
        // trusts every certificate.
        f.useSslProtocol(SSLContext.getDefault());
      } catch (NoSuchAlgorithmException e) {
        throw new PubSubException("no TLS available for " + maskedUrl, e);
      }
      f.enableHostnameVerification();
    }
    return f;
  }

  /** {@code url} with its password replaced by {@code ***}. */
  static String mask(String url) {
    int schemeEnd = url.indexOf("://");
    if (schemeEnd < 0) {
      return url;
    }
    int authorityStart = schemeEnd + 3;
    // The last '@' before the query ends the user info; a password with an unencoded '/' or '@'
    // is then still masked whole (over-masking beats leaking).
    int queryStart = url.indexOf('?', authorityStart);
    int at = url.lastIndexOf('@', queryStart < 0 ? url.length() - 1 : queryStart - 1);
    if (at < authorityStart) {
      return url;
    }
    String userInfo = url.substring(authorityStart, at);
    int colon = userInfo.indexOf(':');
    String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
    return url.substring(0, authorityStart) + user + ":***" + url.substring(at);
  }

  private static Map<String, String> query(String rawQuery, String masked) {
    Map<String, String> options = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return options;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (!OPTIONS.contains(key)) {
        throw new PubSubException(
            "RabbitMQ URL "
                + masked
                + ": unknown option '"
                + key
                + "'; known options: "
                + new TreeSet<>(OPTIONS));
      }
      options.put(key, value);
    }
    return options;
  }

  private static int intOption(
      Map<String, String> options, String key, int fallback, int min, int max, String masked) {
    String value = options.get(key);
    if (value == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value);
      if (n < min || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new PubSubException(
          "RabbitMQ URL "
              + masked
              + ": "
              + key
              + " must be an integer from "
              + min
              + " to "
              + max
              + ", not '"
              + value
              + "'");
    }
  }

  private static String decode(String s) {
    // Protect '+', which URLDecoder would turn into a space; URLs encode spaces as %20.
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    // Never print the password, whoever logs the settings.
    return "RabbitMqSettings[" + maskedUrl + "]";
  }
}
