package dev.blacksmith.pubsub.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.blacksmith.pubsub.Message;
import dev.blacksmith.spi.pubsub.MessageHandler;
import dev.blacksmith.spi.pubsub.PubSub;
import dev.blacksmith.spi.pubsub.PubSubException;
import dev.blacksmith.spi.pubsub.Publisher;
import dev.blacksmith.spi.pubsub.Subscriber;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Kafka-specific behaviour, beyond the shared contract, against a real in-process broker. */
class KafkaPubSubTest {

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private final List<PubSub> opened = new ArrayList<>();
  private final String topic = "kafka-" + UUID.randomUUID().toString().substring(0, 8);

  @AfterEach
  void closeAll() {
    opened.forEach(PubSub::close);
  }

  private PubSub open(String options) {
    PubSub p = KafkaPubSub.open(KAFKA.url(KafkaBroker.FAST_GROUPS + options));
    opened.add(p);
    return p;
  }

  private static Publisher publisher(PubSub on) {
    Publisher p = on.publisher();
    p.init();
    return p;
  }

  private Subscriber subscribe(PubSub on, String group, MessageHandler handler) {
    Subscriber s = on.subscriber(topic, group);
    s.init();
    s.receive(handler);
    return s;
  }

  @Test
  void init_without_a_broker_fails_fast_naming_the_url() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    String url = "kafka://127.0.0.1:" + closedPort;
    PubSub pubsub = KafkaPubSub.open(url);
    opened.add(pubsub);

    long start = System.nanoTime();
    assertThatThrownBy(() -> pubsub.publisher().init())
        .isInstanceOf(PubSubException.class)
        .hasMessageContaining(url)
        .hasMessageContaining("unreachable");
    Duration publisherTook = Duration.ofNanos(System.nanoTime() - start);

    PubSub quicker = KafkaPubSub.open(url + "?init.timeout.ms=1000");
    opened.add(quicker);
    start = System.nanoTime();
    assertThatThrownBy(() -> quicker.subscriber(topic, "g").init())
        .isInstanceOf(PubSubException.class)
        .hasMessageContaining(url)
        .hasMessageContaining("unreachable");
    Duration subscriberTook = Duration.ofNanos(System.nanoTime() - start);

    assertThat(publisherTook).isLessThan(Duration.ofSeconds(8)); // default init.timeout.ms: 5 s
    assertThat(subscriberTook).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void metadata_round_trips_and_the_key_keeps_messages_in_order() {
    PubSub pubsub = open("");
    List<Message> received = new CopyOnWriteArrayList<>();
    subscribe(pubsub, "ordered", received::add);
    Publisher publisher = publisher(pubsub);

    for (int i = 0; i < 30; i++) {
      publisher.send(
          topic, Message.of("m" + i, Map.of("key", "customer-7", "n", Integer.toString(i))));
    }

    await().atMost(PATIENCE).until(() -> received.size() == 30);
    for (int i = 0; i < 30; i++) {
      assertThat(received.get(i))
          .isEqualTo(Message.of("m" + i, Map.of("key", "customer-7", "n", Integer.toString(i))));
    }
  }

  @Test
  void a_record_from_another_producer_exposes_its_key_as_metadata() throws Exception {
    PubSub pubsub = open("");
    List<Message> received = new CopyOnWriteArrayList<>();
    subscribe(pubsub, "foreign", received::add);

    try (KafkaProducer<byte[], byte[]> foreign =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                    ByteArraySerializer.class.getName()))) {
      foreign
          .send(
              new ProducerRecord<>(
                  topic,
                  "order-1".getBytes(StandardCharsets.UTF_8),
                  "{\"total\":3}".getBytes(StandardCharsets.UTF_8)))
          .get(10, TimeUnit.SECONDS);
    }

    await().atMost(PATIENCE).until(() -> received.size() == 1);
    assertThat(received.get(0)).isEqualTo(Message.of("{\"total\":3}", Map.of("key", "order-1")));
  }

  @Test
  void a_new_subscription_gets_what_is_sent_after_its_init_and_not_the_history() {
    PubSub pubsub = open("");
    Publisher publisher = publisher(pubsub);
    publisher.send(topic, Message.of("history", Map.of()));

    Subscriber s = pubsub.subscriber(topic, "late");
    s.init();
    publisher.send(topic, Message.of("after-init", Map.of()));
    Set<String> received = ConcurrentHashMap.newKeySet();
    s.receive(m -> received.add(m.bodyAsString()));
    publisher.send(topic, Message.of("after-receive", Map.of()));

    await().atMost(PATIENCE).until(() -> received.size() == 2);
    await().pollDelay(Duration.ofMillis(500)).until(() -> true);
    assertThat(received).containsExactlyInAnyOrder("after-init", "after-receive");
  }

  @Test
  void a_slow_consumer_holds_at_most_max_poll_records_unacknowledged() throws Exception {
    PubSub pubsub = open("&max.poll.records=5");
    Semaphore gate = new Semaphore(0);
    AtomicInteger started = new AtomicInteger();
    Set<String> handled = ConcurrentHashMap.newKeySet();
    KafkaSubscriber s =
        (KafkaSubscriber)
            subscribe(
                pubsub,
                "slow",
                m -> {
                  started.incrementAndGet();
                  gate.acquire();
                  handled.add(m.bodyAsString());
                });
    Publisher publisher = publisher(pubsub);
    for (int i = 0; i < 40; i++) {
      publisher.send(topic, Message.of("m" + i, Map.of()));
    }

    AtomicInteger maxInFlight = new AtomicInteger();
    Thread sampler =
        Thread.ofVirtual()
            .start(() -> {
              while (!Thread.currentThread().isInterrupted()) {
                maxInFlight.accumulateAndGet(s.inFlight(), Math::max);
                try {
                  Thread.sleep(1);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    try {
      await().atMost(PATIENCE).until(() -> started.get() > 0);
      // Held back: the subscriber fetched one batch and waits, however much is on the topic.
      await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
      assertThat(s.inFlight()).isBetween(1, 5);
      assertThat(started.get()).isLessThanOrEqualTo(3); // one handler per partition at most
      for (int i = 0; i < 40; i++) {
        gate.release();
        Thread.sleep(5);
      }
      await().atMost(PATIENCE).until(() -> handled.size() == 40);
    } finally {
      sampler.interrupt();
      gate.release(100);
    }
    assertThat(maxInFlight.get()).isBetween(1, 5);
    await().atMost(PATIENCE).until(() -> s.inFlight() == 0);
    await().atMost(PATIENCE).until(() -> committed("slow") == 40);
  }

  @Test
  void a_handler_slower_than_max_poll_interval_keeps_its_partition_and_is_not_redelivered() {
    PubSub pubsub = open("&max.poll.interval.ms=1500");
    Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    subscribe(
        pubsub,
        "patient",
        m -> {
          deliveries.computeIfAbsent(m.bodyAsString(), k -> new AtomicInteger()).incrementAndGet();
          if (m.bodyAsString().equals("slow")) {
            Thread.sleep(4_000);
          }
        });
    Publisher publisher = publisher(pubsub);

    publisher.send(topic, Message.of("slow", Map.of("key", "k")));
    publisher.send(topic, Message.of("next", Map.of("key", "k")));

    await().atMost(PATIENCE).until(() -> deliveries.containsKey("next"));
    await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
    assertThat(deliveries.get("slow").get()).isEqualTo(1);
    assertThat(deliveries.get("next").get()).isEqualTo(1);
  }

  @Test
  void a_message_failing_max_deliveries_times_is_given_up_and_its_partition_moves_on() {
    PubSub pubsub = open("&max.deliveries=3&redelivery.delay.ms=100");
    AtomicInteger poisonAttempts = new AtomicInteger();
    Set<String> handled = ConcurrentHashMap.newKeySet();
    subscribe(
        pubsub,
        "poisoned",
        m -> {
          if (m.bodyAsString().equals("poison")) {
            poisonAttempts.incrementAndGet();
            throw new IllegalArgumentException("cannot handle poison");
          }
          handled.add(m.bodyAsString());
        });
    Publisher publisher = publisher(pubsub);

    publisher.send(topic, Message.of("poison", Map.of("key", "k")));
    publisher.send(topic, Message.of("after", Map.of("key", "k")));

    await().atMost(PATIENCE).until(() -> handled.contains("after"));
    assertThat(poisonAttempts.get()).isEqualTo(3);
  }

  @Test
  void shutdown_lets_a_running_handler_finish_and_commits_its_message() throws Exception {
    PubSub pubsub = open("");
    CountDownLatch started = new CountDownLatch(1);
    Set<String> done = ConcurrentHashMap.newKeySet();
    Subscriber s =
        subscribe(
            pubsub,
            "graceful",
            m -> {
              started.countDown();
              Thread.sleep(1_000);
              done.add(m.bodyAsString());
            });
    Publisher publisher = publisher(pubsub);
    publisher.send(topic, Message.of("in-flight", Map.of()));
    assertThat(started.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();

    s.shutdown();

    assertThat(done).containsExactly("in-flight");
    assertThat(committed("graceful")).isEqualTo(1);
  }

  @Test
  void sending_to_an_invalid_topic_name_fails_clearly() {
    Publisher publisher = publisher(open(""));
    assertThatThrownBy(() -> publisher.send("no spaces/allowed", Message.of("x", Map.of())))
        .isInstanceOf(PubSubException.class)
        .hasMessageContaining("not a valid Kafka topic name");
  }

  /** The sum of the group's committed offsets on this test's topic. */
  private long committed(String group) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
      Map<?, OffsetAndMetadata> offsets =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(10, TimeUnit.SECONDS);
      return offsets.values().stream().filter(o -> o != null).mapToLong(o -> o.offset()).sum();
    }
  }
}
