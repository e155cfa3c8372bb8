package dev.blacksmith.pubsub.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.LongString;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Message metadata as AMQP headers, and back. */
final class Headers {

  /** Headers the broker adds on its own; they are not the sender's metadata. */
  private static final Set<String> BROKER_HEADERS = Set.of("x-delivery-count", "x-death");

  private static final int PERSISTENT = 2;

  private Headers() {}

  static AMQP.BasicProperties properties(Map<String, String> metadata) {
    return new AMQP.BasicProperties.Builder()
        .deliveryMode(PERSISTENT)
        .contentType("application/octet-stream")
        .headers(Map.<String, Object>copyOf(metadata))
        .build();
  }

  static Map<String, String> metadata(AMQP.BasicProperties properties) {
    Map<String, Object> headers = properties.getHeaders();
    if (headers == null || headers.isEmpty()) {
      return Map.of();
    }
    Map<String, String> metadata = new HashMap<>();
    headers.forEach((k, v) -> {
      if (v != null && !isBrokerHeader(k)) {
        // Strings arrive as LongString (UTF-8); other publishers may send numbers or booleans.
        metadata.put(k, v instanceof LongString ls ? ls.toString() : String.valueOf(v));
      }
    });
    return metadata;
  }

  /** How many times the broker delivered this message before (quorum queues count them). */
  static long previousDeliveries(AMQP.BasicProperties properties) {
    Map<String, Object> headers = properties.getHeaders();
    Object count = headers == null ? null : headers.get("x-delivery-count");
    return count instanceof Number n ? n.longValue() : 0;
  }

  private static boolean isBrokerHeader(String key) {
    return BROKER_HEADERS.contains(key)
        || key.startsWith("x-first-death-")
        || key.startsWith("x-last-death-");
  }
}
