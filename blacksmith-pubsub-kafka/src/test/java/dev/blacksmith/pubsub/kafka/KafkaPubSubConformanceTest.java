package dev.blacksmith.pubsub.kafka;

import dev.blacksmith.spi.pubsub.PubSub;
import dev.blacksmith.testkit.pubsub.PubSubConformanceTest;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The shared pub/sub contract, against a real in-process Kafka broker. */
class KafkaPubSubConformanceTest extends PubSubConformanceTest {

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  @Override
  protected Duration patience() {
    return Duration.ofSeconds(60); // Consumer group rebalances take seconds.
  }

  @Override
  protected PubSub newPubSub() {
    return KafkaPubSub.open(KAFKA.url(KafkaBroker.FAST_GROUPS));
  }
}
