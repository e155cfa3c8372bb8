package dev.blacksmith.pubsub.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.blacksmith.pubsub.Message;
import dev.blacksmith.spi.pubsub.PubSub;
import dev.blacksmith.spi.pubsub.PubSubException;
import dev.blacksmith.spi.pubsub.Publisher;
import dev.blacksmith.spi.pubsub.Subscriber;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broker goes away and comes back (same port, same log directories) while messages flow: every
 * message whose send returned is received; sends meanwhile wait or fail, never hang.
 */
class KafkaBrokerRestartTest {

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  @Test
  void no_acknowledged_message_is_lost_when_the_broker_restarts_mid_flow() throws Exception {
    String topic = "restart";
    try (PubSub pubsub = KafkaPubSub.open(KAFKA.url(KafkaBroker.FAST_GROUPS));
        PubSub impatient =
            KafkaPubSub.open(
                KAFKA.url(
                    "max.block.ms=1000&request.timeout.ms=1000&delivery.timeout.ms=2000"
                        + "&init.timeout.ms=2000"))) {
      Set<String> received = ConcurrentHashMap.newKeySet();
      Subscriber subscriber = pubsub.subscriber(topic, "survivors");
      subscriber.init();
      subscriber.receive(m -> received.add(m.bodyAsString()));
      Publisher publisher = pubsub.publisher();
      publisher.init();
      Publisher quick = impatient.publisher();
      quick.init();
      quick.send(topic, Message.of("warm-up", Map.of()));

      Set<String> acknowledged = ConcurrentHashMap.newKeySet();
      AtomicInteger failed = new AtomicInteger();
      AtomicBoolean sending = new AtomicBoolean(true);
      Thread sender =
          Thread.ofPlatform()
              .start(() -> {
                for (int i = 0; sending.get(); i++) {
                  String body = "m" + i;
                  try {
                    publisher.send(topic, Message.of(body, Map.of("key", "k" + (i % 7))));
                    acknowledged.add(body);
                  } catch (PubSubException e) {
                    failed.incrementAndGet(); // Not acknowledged: allowed to be lost.
                  }
                }
              });

      await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 100);
      await().atMost(Duration.ofSeconds(30)).until(() -> received.size() >= 50);
      KAFKA.stopBroker();
      int acknowledgedWhileUp = acknowledged.size();

      // With the broker gone, a send with short client timeouts fails within them.
      long start = System.nanoTime();
      assertThatThrownBy(() -> quick.send(topic, Message.of("into-the-void", Map.of())))
          .isInstanceOf(PubSubException.class)
          .hasMessageContaining("did not acknowledge");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

      KAFKA.startBroker();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> acknowledged.size() >= acknowledgedWhileUp + 100);
      sending.set(false);
      sender.join(Duration.ofSeconds(30));
      assertThat(sender.isAlive()).isFalse();

      await().atMost(Duration.ofSeconds(60)).until(() -> received.containsAll(acknowledged));
      assertThat(acknowledged.size()).isGreaterThanOrEqualTo(acknowledgedWhileUp + 100);
    }
  }
}
