package dev.blacksmith.pubsub.rabbitmq;

import dev.blacksmith.spi.pubsub.PubSub;
import dev.blacksmith.spi.pubsub.PubSubProvider;

/**
 * Opens {@link RabbitMqPubSub} for {@code amqp://} and {@code amqps://} URLs; registered for {@link
 * java.util.ServiceLoader}.
 */
public final class RabbitMqPubSubProvider implements PubSubProvider {

  @Override
  public boolean supports(String url) {
    return url != null && RabbitMqSettings.supports(url);
  }

  /**
   * An adapter for {@code url}; nothing connects until a publisher or subscriber is initialised.
   *
   * @throws dev.blacksmith.spi.pubsub.PubSubException when the URL is malformed
   */
  @Override
  public PubSub open(String url) {
    return new RabbitMqPubSub(url);
  }
}
