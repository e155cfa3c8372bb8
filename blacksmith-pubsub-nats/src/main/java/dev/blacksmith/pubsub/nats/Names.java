package dev.blacksmith.pubsub.nats;

import dev.blacksmith.spi.pubsub.PubSubException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Topic, stream and consumer names: what NATS accepts, derived without collisions. */
final class Names {

  private Names() {}

  /**
   * Checks that {@code topic} can be a NATS subject as it is: the topic is the subject, so a
   * wildcard or a blank would silently mean something else.
   */
  static String subject(String topic) {
    if (topic.isEmpty()) {
      throw new PubSubException("a topic must not be empty");
    }
    for (int i = 0; i < topic.length(); i++) {
      char c = topic.charAt(i);
      if (c <= ' ' || c == 127 || c == '*' || c == '>') {
        throw new PubSubException(
            "topic '"
                + topic
                + "' is not a valid NATS subject: no spaces, control characters, '*' or '>'");
      }
    }
    if (topic.startsWith(".") || topic.endsWith(".") || topic.contains("..")) {
      throw new PubSubException(
          "topic '" + topic + "' is not a valid NATS subject: empty token between dots");
    }
    return topic;
  }

  /** The stream created for {@code topic}: the prefix and the topic, made safe. */
  static String stream(String prefix, String topic) {
    return prefix + safe(topic);
  }

  /** The durable consumer of subscription group {@code subscription}. */
  static String durable(String subscription) {
    if (subscription.isEmpty()) {
      throw new PubSubException("a subscription name must not be empty");
    }
    return safe(subscription);
  }

  /**
   * {@code name} with every character NATS refuses in stream and consumer names replaced by {@code
   * _}; a changed name gets a hash of the original, so {@code a.b} and {@code a_b} differ.
   */
  static String safe(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '-';
      sb.append(ok ? c : '_');
    }
    String s = sb.toString();
    return s.equals(name) ? s : s + "_" + hash(name);
  }

  private static String hash(String name) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
