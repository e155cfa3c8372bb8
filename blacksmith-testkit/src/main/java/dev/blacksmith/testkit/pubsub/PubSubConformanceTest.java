package dev.blacksmith.testkit.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.blacksmith.pubsub.Message;
import dev.blacksmith.spi.pubsub.MessageHandler;
import dev.blacksmith.spi.pubsub.PubSub;
import dev.blacksmith.spi.pubsub.PubSubException;
import dev.blacksmith.spi.pubsub.Publisher;
import dev.blacksmith.spi.pubsub.Subscriber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every pub/sub adapter must have. A subclass supplies {@link #newPubSub()}; each
 * test uses its own topic and subscription names, so a shared broker needs no cleaning.
 *
 * <p>The contract: a message sent to a topic is received once by each subscription group that
 * existed when it was sent, with its body and metadata; within a group, each message goes to one
 * member; a message whose handler throws is delivered again; a group's messages sent while none of
 * its members is receiving are delivered when one comes back.
 */
public abstract class PubSubConformanceTest {

  /** How long a test waits for deliveries; brokers may be slow to rebalance. */
  protected Duration patience() {
    return Duration.ofSeconds(30);
  }

  /** A new adapter connected to the backend under test. */
  protected abstract PubSub newPubSub();

  private final List<PubSub> opened = new ArrayList<>();
  private final List<Subscriber> subscribers = new ArrayList<>();
  private PubSub pubsub;
  private Publisher publisher;
  private String topic;

  @BeforeEach
  void open() {
    pubsub = track(newPubSub());
    publisher = pubsub.publisher();
    publisher.init();
    topic = "conformance-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void close() {
    subscribers.forEach(Subscriber::shutdown);
    if (publisher != null) {
      publisher.shutdown();
    }
    opened.forEach(PubSub::close);
  }

  private PubSub track(PubSub p) {
    opened.add(p);
    return p;
  }

  private Subscriber subscribe(PubSub on, String group, MessageHandler handler) {
    Subscriber s = on.subscriber(topic, group);
    s.init();
    s.receive(handler);
    subscribers.add(s);
    return s;
  }

  private void send(int count, String prefix) {
    for (int i = 0; i < count; i++) {
      publisher.send(topic, Message.of(prefix + i, Map.of("n", Integer.toString(i))));
    }
  }

  @Test
  void a_message_is_received_with_its_body_and_metadata() {
    List<Message> received = new CopyOnWriteArrayList<>();
    subscribe(pubsub, "group", received::add);

    publisher.send(
        topic, Message.of("{\"hello\":\"world\"}", Map.of("destination", "crm", "action", "push")));

    await().atMost(patience()).until(() -> received.size() == 1);
    Message m = received.get(0);
    assertThat(m.bodyAsString()).isEqualTo("{\"hello\":\"world\"}");
    assertThat(m.metadata()).containsEntry("destination", "crm").containsEntry("action", "push");
  }

  @Test
  void every_message_reaches_one_member_of_each_subscription_group() {
    Map<String, AtomicInteger> groupA = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> groupB = new ConcurrentHashMap<>();
    MessageHandler countA =
        m -> groupA.computeIfAbsent(m.bodyAsString(), k -> new AtomicInteger()).incrementAndGet();
    subscribe(pubsub, "a", countA);
    subscribe(track(newPubSub()), "a", countA);
    subscribe(
        pubsub,
        "b",
        m -> groupB.computeIfAbsent(m.bodyAsString(), k -> new AtomicInteger()).incrementAndGet());

    send(200, "m");

    await().atMost(patience()).until(() -> groupA.size() == 200 && groupB.size() == 200);
    // Let late duplicates, if any, arrive before checking there are none.
    await().pollDelay(Duration.ofMillis(500)).until(() -> true);
    assertThat(groupA.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    assertThat(groupB.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
  }

  @Test
  void a_message_whose_handler_throws_is_delivered_again() {
    AtomicInteger attempts = new AtomicInteger();
    Set<String> done = ConcurrentHashMap.newKeySet();
    subscribe(
        pubsub,
        "group",
        m -> {
          if (attempts.incrementAndGet() == 1) {
            throw new IllegalStateException("first delivery fails");
          }
          done.add(m.bodyAsString());
        });

    publisher.send(topic, Message.of("retry-me", Map.of()));

    await().atMost(patience()).until(() -> done.contains("retry-me"));
    assertThat(attempts.get()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void messages_sent_while_a_group_is_away_are_delivered_when_it_comes_back() {
    Set<String> first = ConcurrentHashMap.newKeySet();
    Subscriber s = subscribe(pubsub, "durable", m -> first.add(m.bodyAsString()));
    send(5, "before");
    await().atMost(patience()).until(() -> first.size() == 5);
    s.shutdown();
    subscribers.remove(s);

    send(5, "while-away");

    Set<String> second = ConcurrentHashMap.newKeySet();
    subscribe(track(newPubSub()), "durable", m -> second.add(m.bodyAsString()));
    await()
        .atMost(patience())
        .until(() ->
            second.containsAll(
                Set.of("while-away0", "while-away1", "while-away2", "while-away3", "while-away4")));
  }

  @Test
  void a_thousand_messages_all_arrive() {
    Set<String> received = ConcurrentHashMap.newKeySet();
    subscribe(pubsub, "bulk", m -> received.add(m.bodyAsString()));

    send(1000, "bulk");

    await().atMost(patience()).until(() -> received.size() == 1000);
  }

  @Test
  void sending_after_shutdown_fails_clearly() {
    publisher.shutdown();
    assertThatThrownBy(() -> publisher.send(topic, Message.of("late", Map.of())))
        .isInstanceOf(PubSubException.class);
    publisher = pubsub.publisher();
    publisher.init();
  }
}
