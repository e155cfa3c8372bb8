package dev.blacksmith.pubsub.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.blacksmith.pubsub.Message;
import dev.blacksmith.spi.pubsub.PubSub;
import dev.blacksmith.spi.pubsub.PubSubException;
import dev.blacksmith.spi.pubsub.Publisher;
import dev.blacksmith.spi.pubsub.Subscriber;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.ConsumerInfo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The adapter against a broker that goes away: each test runs its own nats-server (never the
 * machine's), stops and restarts it.
 */
class NatsPubSubFaultTest {

  @BeforeAll
  static void natsServerIsInstalled() {
    PrivateNatsServer.requireBinary();
  }

  @Test
  void init_with_the_broker_down_fails_fast_with_an_error_naming_the_url() throws Exception {
    int port = PrivateNatsServer.freePort(); // Nothing listens there.
    PubSub pubsub = new NatsPubSubProvider().open("nats://app:s3cret@127.0.0.1:" + port);
    try {
      Publisher publisher = pubsub.publisher();
      long t0 = System.nanoTime();
      assertThatThrownBy(publisher::init)
          .isInstanceOf(PubSubException.class)
          .hasMessageContaining("cannot connect to NATS at nats://127.0.0.1:" + port)
          .message()
          .doesNotContain("s3cret");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));

      Subscriber subscriber = pubsub.subscriber("wakeups", "schedulers");
      long t1 = System.nanoTime();
      assertThatThrownBy(subscriber::init)
          .isInstanceOf(PubSubException.class)
          .hasMessageContaining("nats://127.0.0.1:" + port);
      assertThat(Duration.ofNanos(System.nanoTime() - t1)).isLessThan(Duration.ofSeconds(5));
    } finally {
      pubsub.close();
    }
  }

  @Test
  void a_broker_that_accepts_but_never_answers_fails_init_within_the_connect_timeout()
      throws Exception {
    List<Socket> accepted = new CopyOnWriteArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          Thread.ofVirtual()
              .start(() -> {
                while (!silent.isClosed()) {
                  try {
                    accepted.add(silent.accept()); // Never says INFO.
                  } catch (IOException closed) {
                    return;
                  }
                }
              });
      String url = "nats://127.0.0.1:" + silent.getLocalPort();
      try (NatsPubSub pubsub = new NatsPubSub(url + "?connect_timeout=1s")) {
        Publisher publisher = pubsub.publisher();
        long t0 = System.nanoTime();
        assertThatThrownBy(publisher::init)
            .isInstanceOf(PubSubException.class)
            .hasMessageContaining(url);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));

        // Sends right after are refused at once, not after one connect timeout each.
        long t1 = System.nanoTime();
        for (int i = 0; i < 20; i++) {
          assertThatThrownBy(() -> publisher.send("t", Message.of("x", Map.of())))
              .isInstanceOf(PubSubException.class)
              .hasMessageContaining(url);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t1)).isLessThan(Duration.ofSeconds(1));
      } finally {
        silent.close();
        acceptor.join();
        for (Socket s : accepted) {
          s.close();
        }
      }
    }
  }

  @Test
  void a_publisher_whose_init_failed_fails_fast_then_connects_once_the_broker_is_up()
      throws Exception {
    int port = PrivateNatsServer.freePort();
    try (NatsPubSub pubsub = new NatsPubSub("nats://127.0.0.1:" + port)) {
      Publisher publisher = pubsub.publisher();
      assertThatThrownBy(publisher::init).isInstanceOf(PubSubException.class);
      long t0 = System.nanoTime();
      for (int i = 0; i < 100; i++) {
        assertThatThrownBy(() -> publisher.send("late", Message.of("x", Map.of())))
            .isInstanceOf(PubSubException.class)
            .hasMessageContaining("nats://127.0.0.1:" + port);
      }
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));

      try (PrivateNatsServer server = PrivateNatsServer.startOn(port)) {
        await()
            .atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(200))
            .ignoreExceptionsInstanceOf(PubSubException.class)
            .untilAsserted(() -> publisher.send("late", Message.of("x", Map.of())));
      }
    }
  }

  @Test
  void no_message_acknowledged_by_send_is_lost_when_the_broker_restarts() throws Exception {
    restartWhileMessagesFlow(false);
  }

  @Test
  void no_message_acknowledged_by_send_is_lost_when_the_broker_is_killed_and_restarted()
      throws Exception {
    restartWhileMessagesFlow(true);
  }

  private static void restartWhileMessagesFlow(boolean kill) throws Exception {
    try (PrivateNatsServer server = PrivateNatsServer.start();
        NatsPubSub pubsub =
            new NatsPubSub(server.url() + "?reconnect_wait=100ms&request_timeout=2s")) {
      Set<String> received = ConcurrentHashMap.newKeySet();
      AtomicInteger deliveries = new AtomicInteger();
      Subscriber subscriber = pubsub.subscriber("flow", "group");
      subscriber.init();
      subscriber.receive(m -> {
        deliveries.incrementAndGet();
        received.add(m.bodyAsString());
      });
      Publisher publisher = pubsub.publisher();
      publisher.init();

      List<String> acknowledged = new CopyOnWriteArrayList<>();
      List<Long> failureMillis = new CopyOnWriteArrayList<>();
      AtomicBoolean stop = new AtomicBoolean();
      Thread sender =
          Thread.ofPlatform()
              .start(() -> {
                for (int i = 0; !stop.get(); i++) {
                  String body = "m" + i;
                  long t0 = System.nanoTime();
                  try {
                    publisher.send("flow", Message.of(body, Map.of("i", Integer.toString(i))));
                    acknowledged.add(body);
                  } catch (PubSubException e) {
                    failureMillis.add((System.nanoTime() - t0) / 1_000_000);
                    sleepQuietly(5);
                  }
                }
              });
      try {
        await().atMost(Duration.ofSeconds(20)).until(() -> acknowledged.size() >= 300);
        if (kill) {
          server.kill();
        } else {
          server.stop();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> failureMillis.size() >= 20);
        int ackedDuringOutage = acknowledged.size();
        Thread.sleep(500);
        assertThat(acknowledged)
            .as("no send succeeds while the broker is down")
            .hasSize(ackedDuringOutage);
        server.restart();
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> acknowledged.size() >= ackedDuringOutage + 300);
      } finally {
        stop.set(true);
        sender.join();
      }

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(received).containsAll(acknowledged));
      assertThat(failureMillis)
          .as("sends during the outage fail within the request timeout, not hang")
          .allSatisfy(ms -> assertThat(ms).isLessThan(3_000L));
      System.out.printf(
          (kill ? "broker killed" : "broker stopped")
              + ": %d acknowledged, %d failed sends (slowest %d ms), %d deliveries of %d"
              + " distinct messages%n",
          acknowledged.size(),
          failureMillis.size(),
          failureMillis.stream().mapToLong(Long::longValue).max().orElse(0),
          deliveries.get(),
          received.size());
    }
  }

  @Test
  void a_slow_group_holds_at_most_max_ack_pending_messages_and_leaves_the_rest_on_the_broker()
      throws Exception {
    try (PrivateNatsServer server = PrivateNatsServer.start();
        NatsPubSub pubsub = new NatsPubSub(server.url() + "?max_ack_pending=5&concurrency=16");
        Connection observer = Nats.connect(server.url())) {
      AtomicInteger running = new AtomicInteger();
      AtomicInteger peak = new AtomicInteger();
      Set<String> done = ConcurrentHashMap.newKeySet();
      NatsSubscriber subscriber = (NatsSubscriber) pubsub.subscriber("slow", "slow-group");
      subscriber.init();
      subscriber.receive(m -> {
        peak.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
          Thread.sleep(100);
          done.add(m.bodyAsString());
        } finally {
          running.decrementAndGet();
        }
      });
      Publisher publisher = pubsub.publisher();
      publisher.init();
      for (int i = 0; i < 60; i++) {
        publisher.send("slow", Message.of("s" + i, Map.of()));
      }

      JetStreamManagement jsm = observer.jetStreamManagement();
      AtomicLong maxAckPending = new AtomicLong();
      AtomicLong maxBacklog = new AtomicLong();
      AtomicInteger maxInFlight = new AtomicInteger();
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> {
            ConsumerInfo info = jsm.getConsumerInfo("blacksmith_slow", "slow-group");
            maxAckPending.accumulateAndGet(info.getNumAckPending(), Math::max);
            maxBacklog.accumulateAndGet(info.getNumPending(), Math::max);
            maxInFlight.accumulateAndGet(subscriber.inFlight(), Math::max);
            return done.size() == 60;
          });

      assertThat(peak.get()).as("handlers running at once").isEqualTo(5);
      assertThat(maxInFlight.get()).as("messages held by the subscriber").isLessThanOrEqualTo(5);
      assertThat(maxAckPending.get()).as("unacknowledged on the broker").isLessThanOrEqualTo(5);
      assertThat(maxBacklog.get()).as("backlog left on the broker").isGreaterThanOrEqualTo(40);
    }
  }

  @Test
  void a_subscriber_runs_at_most_its_concurrency_and_pulls_at_most_one_batch_ahead()
      throws Exception {
    try (PrivateNatsServer server = PrivateNatsServer.start();
        NatsPubSub pubsub = new NatsPubSub(server.url() + "?concurrency=3&max_ack_pending=1000");
        Connection observer = Nats.connect(server.url())) {
      AtomicInteger running = new AtomicInteger();
      AtomicInteger peak = new AtomicInteger();
      Set<String> done = ConcurrentHashMap.newKeySet();
      Subscriber subscriber = pubsub.subscriber("bounded", "g");
      subscriber.init();
      subscriber.receive(m -> {
        peak.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
          Thread.sleep(50);
          done.add(m.bodyAsString());
        } finally {
          running.decrementAndGet();
        }
      });
      Publisher publisher = pubsub.publisher();
      publisher.init();
      for (int i = 0; i < 60; i++) {
        publisher.send("bounded", Message.of("b" + i, Map.of()));
      }

      JetStreamManagement jsm = observer.jetStreamManagement();
      AtomicLong maxAckPending = new AtomicLong();
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> {
            ConsumerInfo info = jsm.getConsumerInfo("blacksmith_bounded", "g");
            maxAckPending.accumulateAndGet(info.getNumAckPending(), Math::max);
            return done.size() == 60;
          });

      assertThat(peak.get()).isEqualTo(3);
      // Acks travel asynchronously, so the server may still count up to 3 messages that were
      // already acked; an unbounded prefetch would show all 60.
      assertThat(maxAckPending.get())
          .as("3 being handled, at most one pull batch of 3, up to 3 acks on the wire")
          .isLessThanOrEqualTo(9);
    }
  }

  @Test
  void credentials_in_the_url_apply_to_every_server_of_the_list() throws Exception {
    try (PrivateNatsServer server = PrivateNatsServer.start("--user", "app", "--pass", "s3cret")) {
      int dead = PrivateNatsServer.freePort();
      try (NatsPubSub pubsub =
          new NatsPubSub("nats://app:s3cret@127.0.0.1:" + dead + ",127.0.0.1:" + server.port())) {
        Set<String> received = ConcurrentHashMap.newKeySet();
        Subscriber subscriber = pubsub.subscriber("auth", "g");
        subscriber.init();
        subscriber.receive(m -> received.add(m.bodyAsString()));
        Publisher publisher = pubsub.publisher();
        publisher.init();
        publisher.send("auth", Message.of("hello", Map.of()));
        await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("hello"));
      }

      try (NatsPubSub wrong = new NatsPubSub("nats://app:wrong@127.0.0.1:" + server.port())) {
        assertThatThrownBy(() -> wrong.publisher().init())
            .isInstanceOf(PubSubException.class)
            .hasMessageContaining("nats://127.0.0.1:" + server.port())
            .message()
            .doesNotContain("wrong");
      }
    }
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
