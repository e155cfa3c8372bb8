package dev.blacksmith.pubsub.kafka;

import dev.blacksmith.spi.pubsub.PubSub;
import dev.blacksmith.spi.pubsub.PubSubException;
import dev.blacksmith.spi.pubsub.Publisher;
import dev.blacksmith.spi.pubsub.Subscriber;
import java.util.ArrayList;
import java.util.List;

/**
 * Pub/sub on Apache Kafka. A topic is a Kafka topic, created on first use when missing; a
 * subscription is a consumer group, so each message is handled once per group, by one of its
 * members.
 *
 * <ul>
 *   <li>{@link Publisher#send} returns once every in-sync replica has the message (idempotent
 *       producer, {@code acks=all}); it fails with a {@link PubSubException} within {@code
 *       max.block.ms + delivery.timeout.ms} (20 s by default) when the cluster cannot be reached.
 *   <li>A subscriber receives every message sent after its {@link Subscriber#init()} (a new group
 *       starts at the end of the topic); its offsets are committed only after the handler returned,
 *       so delivery is at-least-once: after a crash or a rebalance, messages may be delivered
 *       again, never skipped.
 *   <li>A handler that throws has its message delivered again after a growing pause ({@code
 *       redelivery.delay.ms}, doubling up to {@code redelivery.max.delay.ms}); later messages of
 *       the same partition wait for it, so per-partition order holds.
 *   <li>A subscriber holds at most {@code max.poll.records} unacknowledged messages; a slow handler
 *       slows its own consumption and nothing else.
 * </ul>
 *
 * <p>Open one with {@link KafkaPubSubProvider} (through {@link java.util.ServiceLoader} and a
 * {@code kafka://} URL) or {@link #open(String)}. Closing it shuts down the publishers and
 * subscribers it made.
 */
public final class KafkaPubSub implements PubSub {

  private final KafkaSettings settings;
  private final KafkaAdmin admin;
  private final List<Publisher> publishers = new ArrayList<>();
  private final List<Subscriber> subscribers = new ArrayList<>();
  private boolean closed;

  private KafkaPubSub(KafkaSettings settings) {
    this.settings = settings;
    this.admin = new KafkaAdmin(settings);
  }

  /**
   * An adapter for {@code url}, such as {@code kafka://localhost:9092}. Nothing is connected yet:
   * an unreachable cluster is reported by {@code init()} of a publisher or subscriber.
   *
   * @throws PubSubException when the URL or one of its options is malformed
   */
  public static KafkaPubSub open(String url) {
    return new KafkaPubSub(KafkaSettings.parse(url));
  }

  @Override
  public String name() {
    return "kafka";
  }

  @Override
  public synchronized Publisher publisher() {
    checkOpen();
    KafkaPublisher p = new KafkaPublisher(settings, admin);
    publishers.add(p);
    return p;
  }

  @Override
  public synchronized Subscriber subscriber(String topic, String subscription) {
    checkOpen();
    if (subscription.isBlank()) {
      throw new PubSubException("a Kafka subscription (consumer group) needs a name");
    }
    KafkaSubscriber s = new KafkaSubscriber(settings, admin, topic, subscription);
    subscribers.add(s);
    return s;
  }

  private void checkOpen() {
    if (closed) {
      throw new PubSubException("Kafka pub/sub for " + settings.displayUrl() + " is closed");
    }
  }

  @Override
  public void close() {
    List<Subscriber> subs;
    List<Publisher> pubs;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      subs = List.copyOf(subscribers);
      pubs = List.copyOf(publishers);
    }
    subs.forEach(Subscriber::shutdown);
    pubs.forEach(Publisher::shutdown);
    admin.close();
  }

  @Override
  public String toString() {
    return "KafkaPubSub{" + settings.displayUrl() + "}";
  }
}
