package dev.blacksmith.pubsub.rabbitmq;

import dev.blacksmith.spi.pubsub.PubSubException;
import java.nio.charset.StandardCharsets;

/** Exchange and queue names, checked before the broker would close a channel over them. */
final class Names {

  /** AMQP 0-9-1 short strings, which carry exchange and queue names, hold 255 bytes. */
  private static final int MAX_BYTES = 255;

  private Names() {}

  static String exchange(String topic) {
    return topic;
  }

  static String queue(String topic, String subscription) {
    return topic + "." + subscription;
  }

  static void checkTopic(String topic) {
    if (topic == null || topic.isBlank()) {
      throw new PubSubException("a topic name must not be blank");
    }
    if (topic.startsWith("amq.")) {
      throw new PubSubException("topic '" + topic + "': names starting with amq. are reserved");
    }
    if (bytes(topic) > MAX_BYTES) {
      throw new PubSubException("topic '" + topic + "' is longer than 255 bytes");
    }
  }

  static void checkSubscription(String topic, String subscription) {
    if (subscription == null || subscription.isBlank()) {
      throw new PubSubException("a subscription name must not be blank");
    }
    String queue = queue(topic, subscription);
    if (bytes(queue) > MAX_BYTES) {
      throw new PubSubException("queue name '" + queue + "' is longer than 255 bytes");
    }
  }

  private static int bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
