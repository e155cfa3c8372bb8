package dev.blacksmith.pubsub.kafka;

import dev.blacksmith.spi.pubsub.PubSubException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What a {@code kafka://} URL says: the bootstrap servers, the adapter's own options and the Kafka
 * client settings passed through to the producer, consumers and admin client (each gets the
 * settings it knows). The options are documented on {@link KafkaPubSubProvider}.
 */
record KafkaSettings(
    List<String> servers,
    Map<String, String> clientOptions,
    int partitions,
    short replicationFactor,
    Duration initTimeout,
    Duration redeliveryDelay,
    Duration maxRedeliveryDelay,
    long maxDeliveries,
    String clientId) {

  static final String SCHEME = "kafka://";

  /** A handler still running this long after its partition was revoked loses the partition. */
  static final Duration MAX_REVOKE_WAIT = Duration.ofSeconds(30);

  private static final String PARTITIONS = "topic.partitions";
  private static final String REPLICATION = "topic.replication.factor";
  private static final String INIT_TIMEOUT = "init.timeout.ms";
  private static final String REDELIVERY_DELAY = "redelivery.delay.ms";
  private static final String MAX_REDELIVERY_DELAY = "redelivery.max.delay.ms";
  private static final String MAX_DELIVERIES = "max.deliveries";
  private static final Set<String> ADAPTER_OPTIONS =
      Set.of(
          PARTITIONS,
          REPLICATION,
          INIT_TIMEOUT,
          REDELIVERY_DELAY,
          MAX_REDELIVERY_DELAY,
          MAX_DELIVERIES);

  /** Settings the adapter's guarantees rest on: not overridable from the URL. */
  private static final Set<String> FIXED =
      Set.of(
          "bootstrap.servers",
          "key.serializer",
          "value.serializer",
          "key.deserializer",
          "value.deserializer",
          "group.id",
          "enable.auto.commit",
          "enable.idempotence",
          "acks");

  private static final Pattern OPTION_NAME = Pattern.compile("[a-z0-9._-]+");
  private static final AtomicInteger CLIENTS = new AtomicInteger();

  static boolean supports(String url) {
    return url.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
  }

  /**
   * Reads {@code url}.
   *
   * @throws PubSubException naming what is wrong, when the URL or an option is malformed
   */
  static KafkaSettings parse(String url) {
    if (!supports(url)) {
      throw new PubSubException("not a Kafka URL (expected kafka://host:port): " + url);
    }
    int q = url.indexOf('?');
    String serverPart = q < 0 ? url : url.substring(0, q);
    Map<String, String> query = q < 0 ? Map.of() : query(url.substring(q + 1), url);

    List<String> servers = new ArrayList<>();
    for (String raw : serverPart.split(",", -1)) {
      String s = raw.strip();
      if (!s.contains("://")) {
        s = SCHEME + s; // "kafka://a:9092,b:9092": the scheme is given once
      }
      URI uri;
      try {
        uri = new URI(s);
      } catch (URISyntaxException e) {
        throw new PubSubException("malformed server '" + s + "' in Kafka URL " + redact(url), e);
      }
      if (!"kafka".equalsIgnoreCase(uri.getScheme())
          || uri.getHost() == null
          || uri.getUserInfo() != null
          || !(uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/"))) {
        throw new PubSubException(
            "malformed server '"
                + s
                + "' in Kafka URL "
                + redact(url)
                + " (kafka://host:port[,host:port][?option=value&...]; credentials go in the"
                + " sasl.* options)");
      }
      String host = uri.getHost();
      int port = uri.getPort() < 0 ? 9092 : uri.getPort();
      servers.add(
          (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port);
    }

    Map<String, String> clientOptions = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : query.entrySet()) {
      String key = e.getKey();
      if (ADAPTER_OPTIONS.contains(key)) {
        continue;
      }
      if (FIXED.contains(key)) {
        throw new PubSubException(
            "option '"
                + key
                + "' in Kafka URL "
                + redact(url)
                + " is set by the adapter and cannot be changed; fixed: "
                + new TreeSet<>(FIXED));
      }
      if (!isClientConfig(key)) {
        throw new PubSubException(
            "unknown option '"
                + key
                + "' in Kafka URL "
                + redact(url)
                + "; the adapter's options are "
                + new TreeSet<>(ADAPTER_OPTIONS)
                + ", and any Kafka producer, consumer or admin client setting is passed through");
      }
      clientOptions.put(key, e.getValue());
    }

    Duration redelivery = millis(query, REDELIVERY_DELAY, 500, 0, url);
    Duration maxRedelivery = millis(query, MAX_REDELIVERY_DELAY, 30_000, 0, url);
    if (maxRedelivery.compareTo(redelivery) < 0) {
      maxRedelivery = redelivery;
    }
    long maxDeliveries = number(query, MAX_DELIVERIES, -1, -1, Long.MAX_VALUE, url);
    if (maxDeliveries == 0) {
      throw new PubSubException(
          MAX_DELIVERIES + " must be -1 (unlimited) or positive in Kafka URL " + redact(url));
    }
    int partitions = (int) number(query, PARTITIONS, 3, -1, Integer.MAX_VALUE, url);
    short replication = (short) number(query, REPLICATION, 1, -1, Short.MAX_VALUE, url);
    if (partitions == 0 || replication == 0) {
      throw new PubSubException(
          PARTITIONS
              + " and "
              + REPLICATION
              + " must be positive, or -1 for the broker's default, in Kafka URL "
              + redact(url));
    }
    String clientId = clientOptions.getOrDefault("client.id", "blacksmith");
    clientOptions.remove("client.id");
    KafkaSettings settings =
        new KafkaSettings(
            List.copyOf(servers),
            Map.copyOf(clientOptions),
            partitions,
            replication,
            millis(query, INIT_TIMEOUT, 5_000, 1, url),
            redelivery,
            maxRedelivery,
            maxDeliveries,
            clientId);
    settings.validate(url);
    return settings;
  }

  /** Checks the pass-through settings as the clients will, so a typo fails at open, not later. */
  private void validate(String url) {
    try {
      ProducerConfig.configDef().parse(producerDefaults());
      ConsumerConfig.configDef().parse(consumerDefaults());
      AdminClientConfig.configDef().parse(adminConfig());
    } catch (ConfigException e) {
      throw new PubSubException(
          "invalid Kafka client setting in Kafka URL " + redact(url) + ": " + e.getMessage(), e);
    }
  }

  /** The servers as one URL, without options (which may hold credentials), for logs and errors. */
  String displayUrl() {
    return SCHEME + String.join(",", servers);
  }

  String bootstrapServers() {
    return String.join(",", servers);
  }

  /** The producer's settings: idempotent, acks from every in-sync replica, bounded blocking. */
  Map<String, Object> producerConfig() {
    Map<String, Object> c = producerDefaults();
    c.put(ProducerConfig.CLIENT_ID_CONFIG, nextClientId("producer"));
    return c;
  }

  private Map<String, Object> producerDefaults() {
    Map<String, Object> c = new HashMap<>();
    // Defaults chosen for wake-ups: send waits for the ack, so batching only comes from concurrent
    // senders; a dead broker fails a send within max.block.ms + delivery.timeout.ms, never hangs.
    c.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
    c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
    putKnown(c, ProducerConfig.configNames());
    c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    c.put(ProducerConfig.ACKS_CONFIG, "all");
    c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return c;
  }

  /** A consumer's settings for {@code group}: manual commits, a modest batch per poll. */
  Map<String, Object> consumerConfig(String group) {
    Map<String, Object> c = consumerDefaults();
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, nextClientId(group));
    c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    return c;
  }

  private Map<String, Object> consumerDefaults() {
    Map<String, Object> c = new HashMap<>();
    // Earliest only matters where the group has no committed offset (see Offsets), so no message
    // sent after the subscription was created is skipped.
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "50");
    c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
    putKnown(c, ConsumerConfig.configNames());
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return c;
  }

  /** The admin client's settings; its calls are bounded by {@link #initTimeout()}. */
  Map<String, Object> adminConfig() {
    Map<String, Object> c = new HashMap<>();
    int timeout = (int) Math.min(Integer.MAX_VALUE, initTimeout.toMillis());
    c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(timeout));
    c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(timeout));
    putKnown(c, AdminClientConfig.configNames());
    c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    c.put(AdminClientConfig.CLIENT_ID_CONFIG, nextClientId("admin"));
    return c;
  }

  /** The consumer's batch size: the most records one subscriber holds unacknowledged. */
  int maxPollRecords() {
    return (Integer) consumerSetting(ConsumerConfig.MAX_POLL_RECORDS_CONFIG);
  }

  /**
   * How long a rebalance waits for handlers still running on revoked partitions before it lets the
   * partitions go: well within the group's rebalance timeout (max.poll.interval.ms).
   */
  Duration revokeWait() {
    Duration interval =
        Duration.ofMillis((Integer) consumerSetting(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG));
    Duration half = interval.dividedBy(2);
    return half.compareTo(MAX_REVOKE_WAIT) > 0 ? MAX_REVOKE_WAIT : half;
  }

  /** The longest a publisher's send may take before it fails: blocking plus delivery. */
  Duration sendTimeout() {
    Map<String, Object> p = ProducerConfig.configDef().parse(producerDefaults());
    long block = (Long) p.get(ProducerConfig.MAX_BLOCK_MS_CONFIG);
    long delivery = (Integer) p.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
    return Duration.ofMillis(block + delivery + 1_000);
  }

  private Object consumerSetting(String key) {
    return ConsumerConfig.configDef().parse(consumerDefaults()).get(key);
  }

  /** The pause before redelivery {@code attempt + 1} of a message whose handler threw. */
  Duration redeliveryDelayAfter(long attempt) {
    long shift = Math.clamp(attempt - 1, 0, 20);
    Duration d = redeliveryDelay.multipliedBy(1L << shift);
    return d.compareTo(maxRedeliveryDelay) > 0 ? maxRedeliveryDelay : d;
  }

  @Override
  public String toString() {
    return "KafkaSettings{" + displayUrl() + "}";
  }

  /** Client ids are unique in the JVM, so the clients' JMX beans do not collide. */
  private String nextClientId(String role) {
    return clientId + "-" + role + "-" + CLIENTS.incrementAndGet();
  }

  private void putKnown(Map<String, Object> config, Set<String> known) {
    clientOptions.forEach((k, v) -> {
      if (known.contains(k)) {
        config.put(k, v);
      }
    });
  }

  private static boolean isClientConfig(String key) {
    return ProducerConfig.configNames().contains(key)
        || ConsumerConfig.configNames().contains(key)
        || AdminClientConfig.configNames().contains(key)
        // Per-listener and per-mechanism SASL/SSL settings are open-ended names.
        || key.startsWith("sasl.")
        || key.startsWith("ssl.");
  }

  /** {@code url} without its options' values, which may hold passwords. */
  static String redact(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q) + "?…";
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
            "malformed option in Kafka URL " + redact(url) + " (expected key=value)");
      }
      String key =
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8)
              .strip()
              .toLowerCase(Locale.ROOT);
      String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      if (!OPTION_NAME.matcher(key).matches()) {
        throw new PubSubException(
            "malformed option name '" + key + "' in Kafka URL " + redact(url));
      }
      if (out.put(key, value) != null) {
        throw new PubSubException("option '" + key + "' given twice in Kafka URL " + redact(url));
      }
    }
    return out;
  }

  private static long number(
      Map<String, String> query, String key, long dflt, long min, long max, String url) {
    String v = query.get(key);
    if (v == null) {
      return dflt;
    }
    long n;
    try {
      n = Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw new PubSubException(
          key + " must be a whole number, not '" + v + "', in Kafka URL " + redact(url), e);
    }
    if (n < min || n > max) {
      throw new PubSubException(
          key + " out of range (" + n + "; " + min + ".." + max + ") in Kafka URL " + redact(url));
    }
    return n;
  }

  private static Duration millis(
      Map<String, String> query, String key, long dflt, long min, String url) {
    return Duration.ofMillis(number(query, key, dflt, min, Long.MAX_VALUE / 2, url));
  }
}
