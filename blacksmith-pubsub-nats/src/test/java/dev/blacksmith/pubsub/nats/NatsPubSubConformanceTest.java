package dev.blacksmith.pubsub.nats;

import dev.blacksmith.spi.pubsub.PubSub;
import dev.blacksmith.testkit.pubsub.PubSubConformanceTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The shared pub/sub contract, on the machine's NATS JetStream. */
class NatsPubSubConformanceTest extends PubSubConformanceTest {

  private static final String PREFIX = MachineNats.newPrefix();

  @BeforeAll
  static void natsIsRunning() {
    MachineNats.requireRunning();
  }

  @AfterAll
  static void deleteTestStreams() throws Exception {
    MachineNats.deleteStreams(MachineNats.URL, PREFIX);
  }

  @Override
  protected PubSub newPubSub() {
    return new NatsPubSubProvider().open(MachineNats.URL + "?stream_prefix=" + PREFIX);
  }
}
