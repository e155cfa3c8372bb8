package dev.blacksmith.pubsub.kafka;

import dev.blacksmith.spi.pubsub.PubSub;
import dev.blacksmith.spi.pubsub.PubSubProvider;

/**
 * Opens {@link KafkaPubSub} for {@code kafka://host:port[,host:port...][?option=value&...]}.
 *
 * <p>Adapter options (defaults in brackets):
 *
 * <ul>
 *   <li>{@code topic.partitions} [3] and {@code topic.replication.factor} [1] for topics the
 *       adapter creates; -1 takes the broker's default.
 *   <li>{@code init.timeout.ms} [5000]: how long {@code init()} and topic creation wait for the
 *       cluster before failing.
 *   <li>{@code redelivery.delay.ms} [500], doubling up to {@code redelivery.max.delay.ms} [30000]:
 *       the pause before a message whose handler threw is delivered again.
 *   <li>{@code max.deliveries} [-1, unlimited]: deliveries of one message before it is skipped with
 *       an error in the log.
 * </ul>
 *
 * <p>Every other option must be a Kafka producer, consumer or admin client setting ({@code
 * security.protocol}, {@code sasl.*}, {@code ssl.*}, {@code client.id}, {@code max.poll.records}
 * [50], {@code linger.ms} [0], {@code max.block.ms} [5000], {@code delivery.timeout.ms} [15000],
 * {@code session.timeout.ms}, {@code group.protocol}, ...) and is given to the clients that know
 * it. Settings the adapter's guarantees depend on ({@code acks}, {@code enable.idempotence}, {@code
 * enable.auto.commit}, {@code group.id}, serializers) cannot be changed.
 */
public final class KafkaPubSubProvider implements PubSubProvider {

  @Override
  public boolean supports(String url) {
    return KafkaSettings.supports(url);
  }

  @Override
  public PubSub open(String url) {
    return KafkaPubSub.open(url);
  }
}
