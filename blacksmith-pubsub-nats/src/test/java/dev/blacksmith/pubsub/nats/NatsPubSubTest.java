package dev.blacksmith.pubsub.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.blacksmith.pubsub.Message;
import dev.blacksmith.spi.pubsub.PubSubException;
import dev.blacksmith.spi.pubsub.PubSubProvider;
import dev.blacksmith.spi.pubsub.Publisher;
import dev.blacksmith.spi.pubsub.Subscriber;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** NATS-specific behaviour, on the machine's NATS (streams under a prefix of this run). */
class NatsPubSubTest {

  private static final String PREFIX = MachineNats.newPrefix();

  private final List<NatsPubSub> opened = new ArrayList<>();
  private Connection admin;
  private JetStreamManagement jsm;
  private String topic;

  @BeforeAll
  static void natsIsRunning() {
    MachineNats.requireRunning();
  }

  @AfterAll
  static void deleteTestStreams() throws Exception {
    MachineNats.deleteStreams(MachineNats.URL, PREFIX);
  }

  @BeforeEach
  void connect() throws Exception {
    admin = Nats.connect(MachineNats.URL);
    jsm = admin.jetStreamManagement();
    topic = "nats-test-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void close() throws Exception {
    opened.forEach(NatsPubSub::close);
    admin.close();
  }

  private NatsPubSub open(String options) {
    NatsPubSub p =
        new NatsPubSub(
            MachineNats.URL
                + "?stream_prefix="
                + PREFIX
                + (options.isEmpty() ? "" : "&" + options));
    opened.add(p);
    return p;
  }

  private static Subscriber receive(
      NatsPubSub on, String topic, String group, dev.blacksmith.spi.pubsub.MessageHandler h) {
    Subscriber s = on.subscriber(topic, group);
    s.init();
    s.receive(h);
    return s;
  }

  @Test
  void the_provider_is_found_through_the_service_loader_for_nats_urls_only() {
    List<PubSubProvider> nats = new ArrayList<>();
    for (PubSubProvider p : ServiceLoader.load(PubSubProvider.class)) {
      if (p.supports("nats://127.0.0.1:4222")) {
        nats.add(p);
      }
    }
    assertThat(nats).singleElement().isInstanceOf(NatsPubSubProvider.class);
    assertThat(new NatsPubSubProvider().supports("amqp://localhost")).isFalse();
    assertThat(new NatsPubSubProvider().open(MachineNats.URL).name()).isEqualTo("nats");
  }

  @Test
  void any_metadata_and_an_empty_body_arrive_unchanged_through_the_broker() {
    NatsPubSub pubsub = open("");
    List<Message> received = new CopyOnWriteArrayList<>();
    receive(pubsub, topic, "g", received::add);
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("destination", "crm");
    metadata.put("unicode", "héllo – 世界");
    metadata.put("multi", "line1\nline2");
    metadata.put("empty", "");
    metadata.put("Nats-Msg-Id", "user data, not a server instruction");
    Publisher publisher = pubsub.publisher();
    publisher.init();

    publisher.send(topic, new Message(new byte[0], metadata));
    publisher.send(
        topic, new Message(new byte[0], metadata)); // Same Nats-Msg-Id: not deduplicated.

    await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
    assertThat(received.get(0).body()).isEmpty();
    assertThat(received.get(0).metadata()).isEqualTo(metadata);
  }

  @Test
  void a_topic_that_is_not_a_nats_subject_is_refused_before_anything_is_sent() {
    NatsPubSub pubsub = open("");
    Publisher publisher = pubsub.publisher();
    publisher.init();

    assertThatThrownBy(() -> publisher.send("orders.*", Message.of("x", Map.of())))
        .isInstanceOf(PubSubException.class)
        .hasMessageContaining("not a valid NATS subject");
    assertThatThrownBy(() -> pubsub.subscriber("has space", "g"))
        .isInstanceOf(PubSubException.class);
  }

  @Test
  void a_stream_is_created_per_topic_with_file_storage_and_the_configured_age() throws Exception {
    NatsPubSub pubsub = open("max_age=2h");
    Publisher publisher = pubsub.publisher();
    publisher.init();

    publisher.send(topic, Message.of("x", Map.of()));

    StreamConfiguration c = jsm.getStreamInfo(PREFIX + topic).getConfiguration();
    assertThat(c.getSubjects()).containsExactly(topic);
    assertThat(c.getStorageType()).isEqualTo(StorageType.File);
    assertThat(c.getMaxAge()).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void an_existing_stream_that_captures_the_topic_is_used_as_it_is() throws Exception {
    String root = topic;
    String custom = PREFIX + "custom";
    jsm.addStream(
        StreamConfiguration.builder()
            .name(custom)
            .subjects(root + ".>")
            .storageType(StorageType.Memory)
            .build());
    NatsPubSub pubsub = open("");
    Set<String> received = ConcurrentHashMap.newKeySet();
    receive(pubsub, root + ".orders", "g", m -> received.add(m.bodyAsString()));
    Publisher publisher = pubsub.publisher();
    publisher.init();

    publisher.send(root + ".orders", Message.of("o1", Map.of()));

    await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("o1"));
    assertThat(jsm.getStreamInfo(custom).getStreamState().getMsgCount()).isEqualTo(1);
    assertThat(jsm.getStreamNames()).noneMatch(n -> n.startsWith(PREFIX + root));
  }

  @Test
  void a_group_receives_what_is_sent_after_it_was_created_not_the_history() {
    NatsPubSub pubsub = open("");
    Publisher publisher = pubsub.publisher();
    publisher.init();
    publisher.send(topic, Message.of("before", Map.of()));

    Set<String> received = ConcurrentHashMap.newKeySet();
    receive(pubsub, topic, "late", m -> received.add(m.bodyAsString()));
    publisher.send(topic, Message.of("after", Map.of()));

    await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("after"));
    assertThat(received).containsExactly("after");
  }

  @Test
  void a_stream_deleted_behind_the_adapters_back_is_made_again_and_consuming_resumes()
      throws Exception {
    NatsPubSub pubsub = open("");
    Set<String> received = ConcurrentHashMap.newKeySet();
    receive(pubsub, topic, "g", m -> received.add(m.bodyAsString()));
    Publisher publisher = pubsub.publisher();
    publisher.init();
    publisher.send(topic, Message.of("first", Map.of()));
    await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("first"));

    jsm.deleteStream(PREFIX + topic);

    publisher.send(topic, Message.of("second", Map.of())); // Recreates the stream.
    AtomicInteger n = new AtomicInteger();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> {
          publisher.send(topic, Message.of("again" + n.incrementAndGet(), Map.of()));
          return received.stream().anyMatch(b -> b.startsWith("again"));
        });
  }

  @Test
  void a_handler_slower_than_the_ack_wait_keeps_its_message() {
    NatsPubSub pubsub = open("ack_wait=1s");
    AtomicInteger deliveries = new AtomicInteger();
    Set<String> done = ConcurrentHashMap.newKeySet();
    receive(
        pubsub,
        topic,
        "g",
        m -> {
          deliveries.incrementAndGet();
          Thread.sleep(2_500);
          done.add(m.bodyAsString());
        });
    Publisher publisher = pubsub.publisher();
    publisher.init();

    publisher.send(topic, Message.of("long", Map.of()));

    await().atMost(Duration.ofSeconds(10)).until(() -> done.contains("long"));
    await().pollDelay(Duration.ofMillis(1_500)).until(() -> true);
    assertThat(deliveries.get()).isEqualTo(1);
  }

  @Test
  void a_message_whose_handler_keeps_failing_is_offered_max_deliver_times() {
    NatsPubSub pubsub = open("max_deliver=3&nak_delay=100ms");
    AtomicInteger deliveries = new AtomicInteger();
    receive(
        pubsub,
        topic,
        "g",
        m -> {
          deliveries.incrementAndGet();
          throw new IllegalStateException("always fails");
        });
    Publisher publisher = pubsub.publisher();
    publisher.init();

    publisher.send(topic, Message.of("poison", Map.of()));

    await().atMost(Duration.ofSeconds(10)).until(() -> deliveries.get() == 3);
    await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
    assertThat(deliveries.get()).isEqualTo(3);
  }

  @Test
  void a_closed_adapter_refuses_new_work_and_its_publishers_fail() {
    NatsPubSub pubsub = open("");
    Publisher publisher = pubsub.publisher();
    publisher.init();
    pubsub.close();

    assertThatThrownBy(pubsub::publisher).isInstanceOf(PubSubException.class);
    assertThatThrownBy(() -> pubsub.subscriber(topic, "g")).isInstanceOf(PubSubException.class);
    assertThatThrownBy(() -> publisher.send(topic, Message.of("late", Map.of())))
        .isInstanceOf(PubSubException.class);
  }
}
