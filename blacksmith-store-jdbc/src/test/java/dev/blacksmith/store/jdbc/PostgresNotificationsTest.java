package dev.blacksmith.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.blacksmith.pubsub.Message;
import dev.blacksmith.spi.pubsub.PubSub;
import dev.blacksmith.spi.pubsub.PubSubException;
import dev.blacksmith.spi.pubsub.Publisher;
import dev.blacksmith.spi.pubsub.Subscriber;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL store's LISTEN/NOTIFY wake-ups. Not the pub/sub conformance suite: notifications
 * are at most once and not durable, by design.
 */
class PostgresNotificationsTest {

  private static final String SCHEMA = "blacksmith_notify_test";
  private static final String OTHER_SCHEMA = "blacksmith_notify_other";
  private static final Message WAKE_UP =
      Message.of("", Map.of("destination", "webhook", "action", "post"));

  private final List<JdbcStore> stores = new ArrayList<>();
  private final List<Subscriber> subscribers = new ArrayList<>();
  private JdbcStore gateway;
  private JdbcStore scheduler;

  @BeforeAll
  static void database() {
    PostgresTestDatabase.require();
  }

  @BeforeEach
  void open() {
    gateway = open(SCHEMA);
    scheduler = open(SCHEMA);
  }

  @AfterEach
  void close() {
    subscribers.forEach(Subscriber::shutdown);
    stores.forEach(JdbcStore::close);
  }

  @Test
  void a_notification_sent_through_one_store_reaches_a_subscriber_of_another() throws Exception {
    BlockingQueue<Message> received = subscribe(scheduler, "wakeups", "scheduler");

    publisher(gateway).send("wakeups", WAKE_UP);

    assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(WAKE_UP);
    assertThat(gateway.notifications()).get().extracting(PubSub::name).isEqualTo("postgres-notify");
  }

  @Test
  void every_subscriber_of_the_topic_gets_every_notification_whatever_its_group() throws Exception {
    BlockingQueue<Message> first = subscribe(scheduler, "wakeups", "group-a");
    BlockingQueue<Message> second = subscribe(scheduler, "wakeups", "group-b");
    BlockingQueue<Message> third = subscribe(gateway, "wakeups", "group-a");

    publisher(gateway).send("wakeups", WAKE_UP);

    for (BlockingQueue<Message> queue : List.of(first, second, third)) {
      assertThat(queue.poll(10, TimeUnit.SECONDS)).isEqualTo(WAKE_UP);
    }
  }

  @Test
  void topics_and_schemas_keep_notifications_apart() throws Exception {
    JdbcStore elsewhere = open(OTHER_SCHEMA);
    BlockingQueue<Message> here = subscribe(scheduler, "wakeups", "s");
    BlockingQueue<Message> there = subscribe(elsewhere, "wakeups", "s");
    Message other = Message.of("other topic", Map.of());
    Message mark = Message.of("mark", Map.of());

    Publisher publisher = publisher(gateway);
    publisher.send("other-topic", other);
    publisher.send("wakeups", mark);
    publisher(elsewhere).send("wakeups", Message.of("elsewhere", Map.of()));

    // Notifications of one session arrive in commit order: the mark comes after anything earlier.
    assertThat(here.poll(10, TimeUnit.SECONDS)).isEqualTo(mark);
    assertThat(there.poll(10, TimeUnit.SECONDS)).isEqualTo(Message.of("elsewhere", Map.of()));
    assertThat(here).isEmpty();
    assertThat(there).isEmpty();
  }

  @Test
  void bodies_and_metadata_arrive_intact() throws Exception {
    BlockingQueue<Message> received = subscribe(scheduler, "wakeups", "s");
    Message text =
        Message.of("h\u00e9llo \"w\u00f6rld\" \u2713\n", Map.of("k", "v \u00e9", "e", ""));
    Message binary = new Message(new byte[] {0, (byte) 0xff, (byte) 0xc3, 0x28, 10}, Map.of());

    publisher(gateway).send("wakeups", text);
    publisher(gateway).send("wakeups", binary);

    assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(text);
    assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(binary);
  }

  @Test
  void a_payload_over_the_notify_limit_is_refused_with_a_clear_error() throws Exception {
    BlockingQueue<Message> received = subscribe(scheduler, "wakeups", "s");
    int overhead = PostgresNotifications.payload(Message.of("", Map.of())).length();
    Message largest =
        Message.of("a".repeat(PostgresNotifications.MAX_PAYLOAD_BYTES - overhead), Map.of());
    Message tooLarge = Message.of("a".repeat(8000), Map.of());
    Publisher publisher = publisher(gateway);

    assertThatThrownBy(() -> publisher.send("wakeups", tooLarge))
        .isInstanceOf(PubSubException.class)
        .hasMessageContaining("takes " + (overhead + 8000) + " bytes")
        .hasMessageContaining("at most 7999");
    publisher.send("wakeups", largest);

    assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(largest);
  }

  @Test
  void the_listener_reconnects_after_its_connection_is_killed() throws Exception {
    BlockingQueue<Message> received = subscribe(scheduler, "wakeups", "s");
    PostgresNotifications notifications =
        (PostgresNotifications) scheduler.notifications().orElseThrow();
    int pid = notifications.listenerPid();
    assertThat(pid).isPositive();

    PostgresTestDatabase.execute("SELECT pg_terminate_backend(" + pid + ")");

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> notifications.listenerPid() > 0 && notifications.listenerPid() != pid);
    publisher(gateway).send("wakeups", WAKE_UP);
    assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(WAKE_UP);
  }

  @Test
  void a_handler_that_throws_still_gets_the_next_notifications() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    BlockingQueue<Message> received = new LinkedBlockingQueue<>();
    Subscriber subscriber = scheduler.notifications().orElseThrow().subscriber("wakeups", "s");
    subscriber.init();
    subscriber.receive(message -> {
      if (calls.incrementAndGet() == 1) {
        throw new IllegalStateException("boom");
      }
      received.add(message);
    });
    subscribers.add(subscriber);
    Message second = Message.of("second", Map.of());

    publisher(gateway).send("wakeups", Message.of("first", Map.of()));
    publisher(gateway).send("wakeups", second);

    // At most once: the first is not redelivered.
    assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(second);
    assertThat(calls).hasValue(2);
  }

  @Test
  void after_shutdown_a_subscriber_gets_nothing_and_a_closed_store_sends_nothing()
      throws Exception {
    BlockingQueue<Message> stopped = new LinkedBlockingQueue<>();
    Subscriber subscriber = scheduler.notifications().orElseThrow().subscriber("wakeups", "s");
    subscriber.init();
    subscriber.receive(stopped::add);
    BlockingQueue<Message> running = subscribe(scheduler, "wakeups", "t");
    Publisher publisher = publisher(gateway);

    subscriber.shutdown();
    publisher.send("wakeups", WAKE_UP);

    assertThat(running.poll(10, TimeUnit.SECONDS)).isEqualTo(WAKE_UP);
    assertThat(stopped).isEmpty();
    gateway.close();
    assertThatThrownBy(() -> publisher.send("wakeups", WAKE_UP))
        .isInstanceOf(PubSubException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void channels_are_named_from_schema_and_topic_and_stay_distinct_when_sanitised() {
    assertThat(PostgresNotifications.channel("blacksmith_store", "blacksmith.realtime"))
        .isEqualTo("blacksmith_store.blacksmith.realtime");
    String dashed = PostgresNotifications.channel("s", "Wake-Ups");
    String underscored = PostgresNotifications.channel("s", "wake_ups");
    assertThat(dashed).startsWith("s.wake_ups_").isNotEqualTo(underscored);
    String longer = PostgresNotifications.channel("blacksmith_store", "t".repeat(200));
    assertThat(longer.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(63);
    assertThat(longer)
        .isNotEqualTo(PostgresNotifications.channel("blacksmith_store", "t".repeat(201)));
  }

  private JdbcStore open(String schema) {
    JdbcStore store = JdbcStore.open(PostgresTestDatabase.url(schema));
    stores.add(store);
    return store;
  }

  private Publisher publisher(JdbcStore store) {
    Publisher publisher = store.notifications().orElseThrow().publisher();
    publisher.init();
    return publisher;
  }

  private BlockingQueue<Message> subscribe(JdbcStore store, String topic, String group) {
    BlockingQueue<Message> received = new LinkedBlockingQueue<>();
    Subscriber subscriber = store.notifications().orElseThrow().subscriber(topic, group);
    subscriber.init();
    subscriber.receive(received::add);
    subscribers.add(subscriber);
    return received;
  }
}
