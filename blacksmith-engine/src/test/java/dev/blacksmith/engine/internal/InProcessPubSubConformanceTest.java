package dev.blacksmith.engine.internal;

import dev.blacksmith.spi.pubsub.PubSub;
import dev.blacksmith.testkit.pubsub.PubSubConformanceTest;
import org.junit.jupiter.api.AfterEach;

class InProcessPubSubConformanceTest extends PubSubConformanceTest {

  private InProcessPubSub broker;

  @Override
  protected PubSub newPubSub() {
    if (broker == null) {
      broker = new InProcessPubSub();
      return broker;
    }
    return broker.connect();
  }

  @AfterEach
  void forgetBroker() {
    broker = null;
  }
}
