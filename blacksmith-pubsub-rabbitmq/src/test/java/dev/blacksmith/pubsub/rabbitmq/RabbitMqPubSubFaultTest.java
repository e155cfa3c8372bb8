package dev.blacksmith.pubsub.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Connection;
import dev.blacksmith.pubsub.Message;
import dev.blacksmith.spi.pubsub.PubSubException;
import dev.blacksmith.spi.pubsub.Publisher;
import dev.blacksmith.spi.pubsub.Subscriber;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The adapter when the broker is missing, drops its connections, or outpaces a consumer. */
class RabbitMqPubSubFaultTest {

  @RegisterExtension final RabbitMqTestBroker broker = RabbitMqTestBroker.lazy();

  private final String topic = "rmq-fault-" + UUID.randomUUID().toString().substring(0, 8);

  @Test
  void init_against_a_closed_port_fails_fast_naming_the_url_without_its_password()
      throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String url = "amqp://guest:s3cret@127.0.0.1:" + port + "/";
    try (RabbitMqPubSub pubsub = new RabbitMqPubSub(url)) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> pubsub.publisher().init())
          .isInstanceOf(PubSubException.class)
          .hasMessageContaining("cannot connect to RabbitMQ at amqp://guest:***@127.0.0.1:" + port)
          .hasMessageNotContaining("s3cret");
      assertThatThrownBy(() -> pubsub.subscriber(topic, "g").init())
          .isInstanceOf(PubSubException.class)
          .hasMessageContaining("amqp://guest:***@127.0.0.1:" + port)
          .hasMessageNotContaining("s3cret");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }
  }

  @Test
  void publishing_resumes_after_the_broker_closes_the_connections_and_no_confirmed_message_is_lost()
      throws Exception {
    RabbitMqPubSub pubsub = broker.open("?recoveryIntervalMs=300");
    Set<String> received = ConcurrentHashMap.newKeySet();
    Subscriber subscriber = pubsub.subscriber(topic, "g");
    subscriber.init();
    subscriber.receive(m -> received.add(m.bodyAsString()));
    Publisher publisher = pubsub.publisher();
    publisher.init();

    Set<String> confirmed = ConcurrentHashMap.newKeySet();
    AtomicInteger failedSends = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    long sendUntil = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Thread sender =
        Thread.ofPlatform()
            .name("fault-sender")
            .start(() -> {
              // Bounded in count and time; stops as soon as the test has seen enough.
              for (int i = 0; i < 200_000 && !stop.get() && System.nanoTime() < sendUntil; i++) {
                String id = "m" + i;
                try {
                  publisher.send(topic, Message.of(id, Map.of("i", Integer.toString(i))));
                  confirmed.add(id);
                } catch (PubSubException e) {
                  failedSends.incrementAndGet(); // Not confirmed: the caller may retry.
                }
              }
            });
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> confirmed.size() >= 300);

      int closed = RabbitMqTestBroker.closeConnections(pubsub.connectionNamePrefix());

      assertThat(closed).as("publish and consume connections closed by the broker").isEqualTo(2);
      await().atMost(Duration.ofSeconds(30)).until(() -> pubsub.recoveries() >= 2);
      int atRecovery = confirmed.size();
      await()
          .alias("publishing resumes after recovery")
          .atMost(Duration.ofSeconds(30))
          .until(() -> confirmed.size() >= atRecovery + 300);
    } finally {
      stop.set(true);
      sender.join(Duration.ofSeconds(30));
    }

    await()
        .alias("every confirmed message arrives (duplicates allowed)")
        .atMost(Duration.ofSeconds(30))
        .until(() -> received.containsAll(confirmed));
    assertThat(failedSends.get())
        .as("sends during the outage wait for recovery instead of failing")
        .isZero();
  }

  @Test
  void a_message_the_broker_refuses_fails_the_send_with_a_negative_confirm() throws Exception {
    RabbitMqPubSub pubsub = broker.open("");
    Publisher publisher = pubsub.publisher();
    publisher.init();
    publisher.send(topic, Message.of("declares the exchange", Map.of()));
    String full = topic + ".full";
    try (Connection admin = RabbitMqTestBroker.admin()) {
      // A queue that holds one message and refuses more: the broker nacks what it cannot take.
      RabbitMqTestBroker.withChannel(
          admin,
          ch -> {
            ch.queueDeclare(
                full,
                true,
                false,
                false,
                Map.of("x-max-length", 1, "x-overflow", "reject-publish"));
            ch.queueBind(full, topic, "");
          });
      try {
        publisher.send(topic, Message.of("fits", Map.of()));

        assertThatThrownBy(() -> publisher.send(topic, Message.of("refused", Map.of())))
            .isInstanceOf(PubSubException.class)
            .hasMessageContaining("refused a message to topic '" + topic + "'")
            .hasMessageContaining("negative confirm");
      } finally {
        RabbitMqTestBroker.withChannel(admin, ch -> ch.queueDelete(full));
      }
    }
  }

  @Test
  void a_send_whose_confirm_never_comes_fails_after_the_confirm_timeout() throws Exception {
    RabbitMqTestBroker.assumeAvailable();
    RabbitMqSettings target = RabbitMqSettings.parse(RabbitMqTestBroker.URL);
    try (StallingProxy proxy = new StallingProxy(target.host(), target.port())) {
      RabbitMqPubSub pubsub =
          broker.openAt("amqp://guest:guest@127.0.0.1:" + proxy.port() + "/?confirmTimeoutMs=1500");
      Publisher publisher = pubsub.publisher();
      publisher.init();
      publisher.send(topic, Message.of("answered", Map.of()));

      proxy.stall();
      long start = System.nanoTime();
      assertThatThrownBy(() -> publisher.send(topic, Message.of("unanswered", Map.of())))
          .isInstanceOf(PubSubException.class)
          .hasMessageContaining("not confirmed")
          .hasMessageContaining("within 1500 ms");
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isBetween(Duration.ofMillis(1400), Duration.ofSeconds(5));
      proxy.resume();

      publisher.send(topic, Message.of("answered again", Map.of()));
      pubsub.close();
    }
  }

  @Test
  void a_topic_whose_exchange_was_deleted_is_declared_again_on_the_next_send() throws Exception {
    RabbitMqPubSub pubsub = broker.open("");
    Set<String> received = ConcurrentHashMap.newKeySet();
    Publisher publisher = pubsub.publisher();
    publisher.init();
    publisher.send(topic, Message.of("first", Map.of()));
    try (Connection admin = RabbitMqTestBroker.admin()) {
      RabbitMqTestBroker.withChannel(admin, ch -> ch.exchangeDelete(topic));
    }
    // Publishing to a missing exchange makes the broker close the channel (404); the send
    // opens another, declares the exchange again and publishes.
    publisher.send(topic, Message.of("after delete", Map.of()));
    Subscriber subscriber = pubsub.subscriber(topic, "g");
    subscriber.init();
    subscriber.receive(m -> received.add(m.bodyAsString()));

    publisher.send(topic, Message.of("to the new exchange", Map.of()));

    await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("to the new exchange"));
  }

  @Test
  void a_topic_taken_by_an_exchange_of_another_type_fails_the_send_clearly() throws Exception {
    try (Connection admin = RabbitMqTestBroker.admin()) {
      RabbitMqTestBroker.withChannel(admin, ch -> ch.exchangeDeclare(topic, "direct", false));
      RabbitMqPubSub pubsub = broker.open("");
      Publisher publisher = pubsub.publisher();
      publisher.init();

      try {
        assertThatThrownBy(() -> publisher.send(topic, Message.of("x", Map.of())))
            .isInstanceOf(PubSubException.class)
            .hasMessageContaining("refused to declare exchange '" + topic + "'")
            .hasMessageContaining("PRECONDITION_FAILED");
      } finally {
        RabbitMqTestBroker.withChannel(admin, ch -> ch.exchangeDelete(topic));
      }
    }
  }

  @Test
  void a_publish_the_broker_forbids_fails_at_once_instead_of_retrying() throws Exception {
    RabbitMqTestBroker.assumeAvailable();
    String user = "blacksmith-" + UUID.randomUUID().toString().substring(0, 8);
    // A temporary user who may declare exchanges but not write to them.
    RabbitMqTestBroker.rabbitmqctl("add_user", user, "pw");
    try {
      RabbitMqTestBroker.rabbitmqctl("set_permissions", "-p", "/", user, ".*", "^$", ".*");
      RabbitMqSettings target = RabbitMqSettings.parse(RabbitMqTestBroker.URL);
      RabbitMqPubSub pubsub =
          broker.openAt(
              "amqp://"
                  + user
                  + ":pw@"
                  + target.host()
                  + ":"
                  + target.port()
                  + "/?confirmTimeoutMs=10000");
      Publisher publisher = pubsub.publisher();
      publisher.init();

      long start = System.nanoTime();
      assertThatThrownBy(() -> publisher.send(topic, Message.of("x", Map.of())))
          .isInstanceOf(PubSubException.class)
          .hasMessageContaining("closed the channel publishing to topic '" + topic + "'")
          .hasMessageContaining("403 ACCESS_REFUSED");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    } finally {
      RabbitMqTestBroker.rabbitmqctl("delete_user", user);
    }
  }

  @Test
  void a_slow_consumer_never_holds_more_unacknowledged_messages_than_the_prefetch()
      throws Exception {
    int prefetch = 5;
    int total = 40;
    RabbitMqPubSub pubsub = broker.open("?prefetch=" + prefetch);
    Subscriber subscriber = pubsub.subscriber(topic, "slow");
    subscriber.init();
    Publisher publisher = pubsub.publisher();
    publisher.init();
    for (int i = 0; i < total; i++) {
      publisher.send(topic, Message.of("m" + i, Map.of()));
    }
    String queue = topic + ".slow";

    Semaphore permits = new Semaphore(0);
    AtomicInteger handled = new AtomicInteger();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostRunning = new AtomicInteger();
    subscriber.receive(m -> {
      mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        permits.acquire();
        handled.incrementAndGet();
      } finally {
        running.decrementAndGet();
      }
    });

    try (Connection admin = RabbitMqTestBroker.admin()) {
      // Handler stuck on the first message, nothing acknowledged: the broker has handed out
      // exactly the prefetch and keeps the rest, however long the consumer takes.
      awaitReadyStaysAt(admin, queue, total - prefetch);
      awaitUnacknowledged(queue, prefetch);

      // Ten handled and acknowledged: ten more handed out, never more.
      permits.release(10);
      await().atMost(Duration.ofSeconds(10)).until(() -> handled.get() == 10);
      awaitReadyStaysAt(admin, queue, total - 10 - prefetch);
      awaitUnacknowledged(queue, prefetch);

      permits.release(total);
      await().atMost(Duration.ofSeconds(10)).until(() -> handled.get() == total);
      await().atMost(Duration.ofSeconds(10)).until(() -> ready(admin, queue) == 0);
    } finally {
      permits.release(total); // Never leave the handler stuck, even when an assertion failed.
    }
    assertThat(mostRunning.get()).as("handlers of one subscriber run one at a time").isEqualTo(1);
  }

  /** The broker's live count of ready messages reaches {@code expected} and holds there. */
  private static void awaitReadyStaysAt(Connection admin, String queue, long expected) {
    await().atMost(Duration.ofSeconds(10)).until(() -> ready(admin, queue) == expected);
    await()
        .during(Duration.ofMillis(700))
        .atMost(Duration.ofSeconds(3))
        .until(() -> ready(admin, queue) == expected);
  }

  /** The broker's own count; its statistics lag by a few seconds behind the queue. */
  private static void awaitUnacknowledged(String queue, int expected) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() ->
            Integer.toString(expected)
                .equals(RabbitMqTestBroker.queueInfo(queue, "messages_unacknowledged")));
  }

  private static long ready(Connection admin, String queue) throws IOException {
    return RabbitMqTestBroker.ready(admin, queue);
  }
}
