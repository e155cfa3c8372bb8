package dev.blacksmith.pubsub.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.blacksmith.pubsub.Message;
import dev.blacksmith.spi.pubsub.PubSubException;
import dev.blacksmith.spi.pubsub.Publisher;
import dev.blacksmith.spi.pubsub.Subscriber;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the RabbitMQ adapter builds on the broker and how it behaves beyond the shared contract. */
class RabbitMqPubSubTest {

  @RegisterExtension final RabbitMqTestBroker broker = RabbitMqTestBroker.lazy();

  private final String topic = "rmq-test-" + UUID.randomUUID().toString().substring(0, 8);

  @Test
  void a_subscription_is_a_durable_quorum_queue_bound_to_a_durable_fanout_exchange()
      throws Exception {
    RabbitMqPubSub pubsub = broker.open("");
    pubsub.subscriber(topic, "wakeups").init();

    assertThat(RabbitMqTestBroker.queueInfo(topic + ".wakeups", "type", "durable", "arguments"))
        .startsWith("quorum\ttrue")
        .contains("x-queue-type", "x-delivery-limit");
    String exchange =
        RabbitMqTestBroker.rabbitmqctl("list_exchanges", "-q", "name", "type", "durable").stream()
            .filter(l -> l.startsWith(topic + "\t"))
            .findFirst()
            .orElseThrow();
    assertThat(exchange).isEqualTo(topic + "\tfanout\ttrue");
    assertThat(
            RabbitMqTestBroker.rabbitmqctl(
                "list_bindings", "-q", "source_name", "destination_name"))
        .contains(topic + "\t" + topic + ".wakeups");
  }

  @Test
  void classic_queues_have_a_single_active_consumer() throws Exception {
    RabbitMqPubSub pubsub = broker.open("?queueType=classic");
    pubsub.subscriber(topic, "g").init();

    assertThat(RabbitMqTestBroker.queueInfo(topic + ".g", "type", "durable", "arguments"))
        .startsWith("classic\ttrue")
        .contains("x-single-active-consumer");
  }

  @Test
  void messages_are_persistent_with_their_metadata_as_headers() throws Exception {
    RabbitMqPubSub pubsub = broker.open("");
    pubsub.subscriber(topic, "raw").init(); // declared, not consuming: the message waits
    Publisher publisher = pubsub.publisher();
    publisher.init();

    publisher.send(topic, Message.of("body", Map.of("destination", "crm", "action", "push")));

    try (Connection admin = RabbitMqTestBroker.admin()) {
      GetResponse[] got = new GetResponse[1];
      RabbitMqTestBroker.withChannel(admin, ch -> got[0] = ch.basicGet(topic + ".raw", true));
      assertThat(got[0]).isNotNull();
      assertThat(new String(got[0].getBody(), StandardCharsets.UTF_8)).isEqualTo("body");
      assertThat(got[0].getProps().getDeliveryMode()).isEqualTo(2);
      assertThat(Headers.metadata(got[0].getProps()))
          .isEqualTo(Map.of("destination", "crm", "action", "push"));
    }
  }

  @Test
  void shutdown_lets_the_running_handler_finish_and_acknowledges_its_message() throws Exception {
    RabbitMqPubSub pubsub = broker.open("");
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> handled = new CopyOnWriteArrayList<>();
    Subscriber s = pubsub.subscriber(topic, "g");
    s.init();
    s.receive(m -> {
      started.countDown();
      release.await();
      handled.add(m.bodyAsString());
    });
    Publisher publisher = pubsub.publisher();
    publisher.init();
    publisher.send(topic, Message.of("in-flight", Map.of()));
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Void> stopping = CompletableFuture.runAsync(s::shutdown);
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> !stopping.isDone());
    release.countDown();
    stopping.get(10, TimeUnit.SECONDS);

    assertThat(handled).containsExactly("in-flight");
    try (Connection admin = RabbitMqTestBroker.admin()) {
      // Acknowledged before the channel closed: nothing went back to the queue.
      assertThat(RabbitMqTestBroker.ready(admin, topic + ".g")).isZero();
    }
  }

  @Test
  void a_message_nobody_subscribes_to_is_confirmed_and_dropped() {
    RabbitMqPubSub pubsub = broker.open("");
    Publisher publisher = pubsub.publisher();
    publisher.init();

    publisher.send(topic, Message.of("to nobody", Map.of()));

    assertThat(pubsub.declaredExchanges()).containsExactly(topic);
  }

  @Test
  void misuse_fails_with_clear_messages() {
    RabbitMqPubSub pubsub = broker.open("");
    Publisher publisher = pubsub.publisher();

    assertThatThrownBy(() -> publisher.send(topic, Message.of("x", Map.of())))
        .isInstanceOf(PubSubException.class)
        .hasMessageContaining("before init()");
    publisher.init();
    assertThatThrownBy(() -> publisher.send("amq.topic", Message.of("x", Map.of())))
        .isInstanceOf(PubSubException.class)
        .hasMessageContaining("reserved");
    assertThatThrownBy(() -> pubsub.subscriber(topic, " "))
        .isInstanceOf(PubSubException.class)
        .hasMessageContaining("blank");
    Subscriber s = pubsub.subscriber(topic, "g");
    assertThatThrownBy(() -> s.receive(m -> {}))
        .isInstanceOf(PubSubException.class)
        .hasMessageContaining("before init()");
    pubsub.close();
    assertThatThrownBy(pubsub::publisher)
        .isInstanceOf(PubSubException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void a_queue_declared_with_other_settings_is_reported_not_silently_reused() {
    broker.open("?deliveryLimit=3").subscriber(topic, "g").init();
    Subscriber other = broker.open("?deliveryLimit=5").subscriber(topic, "g");

    assertThatThrownBy(other::init)
        .isInstanceOf(PubSubException.class)
        .hasMessageContaining("PRECONDITION_FAILED")
        .hasMessageContaining(topic + ".g")
        .hasMessageContaining("deliveryLimit");
  }
}
