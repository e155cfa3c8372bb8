package dev.blacksmith.pubsub.rabbitmq;

import dev.blacksmith.spi.pubsub.PubSub;
import dev.blacksmith.testkit.pubsub.PubSubConformanceTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pub/sub contract with classic single-active-consumer queues, the choice on brokers without
 * quorum queues.
 */
class RabbitMqClassicQueueConformanceTest extends PubSubConformanceTest {

  @RegisterExtension final RabbitMqTestBroker broker = RabbitMqTestBroker.required();

  @Override
  protected PubSub newPubSub() {
    return broker.open("?queueType=classic");
  }
}
