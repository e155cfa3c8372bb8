package dev.blacksmith.pubsub.rabbitmq;

import dev.blacksmith.spi.pubsub.PubSub;
import dev.blacksmith.testkit.pubsub.PubSubConformanceTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The pub/sub contract on the machine's RabbitMQ, with the default (quorum) queues. */
class RabbitMqPubSubConformanceTest extends PubSubConformanceTest {

  @RegisterExtension final RabbitMqTestBroker broker = RabbitMqTestBroker.required();

  @Override
  protected PubSub newPubSub() {
    return broker.open("");
  }
}
