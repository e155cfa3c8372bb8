package dev.blacksmith.modules.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blacksmith.destination.Actions;
import dev.blacksmith.engine.Accepted;
import dev.blacksmith.engine.Blacksmith;
import dev.blacksmith.engine.Options;
import dev.blacksmith.engine.internal.InProcessPubSub;
import dev.blacksmith.json.Json;
import dev.blacksmith.pubsub.Message;
import dev.blacksmith.source.Event;
import dev.blacksmith.source.HttpRequest;
import dev.blacksmith.source.HttpTrigger;
import dev.blacksmith.source.Route;
import dev.blacksmith.source.Source;
import dev.blacksmith.source.Toolkit;
import dev.blacksmith.source.Trigger;
import dev.blacksmith.spi.pubsub.PubSub;
import dev.blacksmith.spi.pubsub.PubSubException;
import dev.blacksmith.spi.pubsub.Publisher;
import dev.blacksmith.spi.pubsub.Subscriber;
import dev.blacksmith.store.Status;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicDestinationTest {

  @TempDir Path dir;

  /** Source {@code app} whose events are built by the test and ingested directly. */
  static final class App implements Source {
    @Override
    public String name() {
      return "app";
    }

    @Override
    public Map<String, Trigger> triggers() {
      return Map.of(
          "track",
          new HttpTrigger() {
            @Override
            public String name() {
              return "track";
            }

            @Override
            public Route route() {
              return Route.post("/app/track");
            }

            @Override
            public Event extract(Toolkit toolkit, HttpRequest request) {
              return Event.builder().build();
            }
          });
    }
  }

  private Blacksmith start(TopicDestination destination) {
    Blacksmith b =
        Blacksmith.create(
            Options.builder()
                .storeUrl("sqlite:" + dir.resolve("b.db"))
                .sweepInterval(Duration.ofMillis(200))
                .source(new App())
                .destination(destination)
                .build());
    b.start();
    return b;
  }

  private static Accepted send(Blacksmith b, Actions actions) {
    return b.gateway().ingest("app", "track", Event.builder().actions(actions).build()).join();
  }

  @Test
  void each_job_is_published_to_its_topic_with_the_job_id_as_key() {
    InProcessPubSub broker = new InProcessPubSub();
    List<Message> orders = new CopyOnWriteArrayList<>();
    List<Message> audit = new CopyOnWriteArrayList<>();
    Subscriber s1 = broker.subscriber("orders", "test");
    s1.receive(orders::add);
    Subscriber s2 = broker.subscriber("audit", "test");
    s2.receive(audit::add);
    Blacksmith b = start(new TopicDestination("topic", broker.connect(), "orders"));
    try {
      Accepted accepted =
          send(
              b,
              Actions.of(
                  TopicDestination.NAME,
                  TopicDestination.publish(Map.of("order", 1)),
                  TopicDestination.publish(Map.of("order", 2)),
                  TopicDestination.publish("audit", Map.of("who", "ada"))));

      await().atMost(Duration.ofSeconds(10)).until(() -> orders.size() == 2 && audit.size() == 1);
      assertThat(orders)
          .extracting(m -> Json.tree(m.bodyAsString()).get("order").asInt())
          .containsExactlyInAnyOrder(1, 2);
      assertThat(orders)
          .extracting(m -> m.metadata().get("key"))
          .containsExactlyInAnyOrderElementsOf(accepted.jobIds().subList(0, 2));
      assertThat(audit.get(0).metadata())
          .containsEntry("job_id", accepted.jobIds().get(2))
          .containsEntry("event_id", accepted.eventId());
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() ->
              accepted.jobIds().stream()
                  .allMatch(
                      id -> b.store().findJob(id).orElseThrow().status() == Status.SUCCEEDED));
    } finally {
      b.close();
      s1.shutdown();
      s2.shutdown();
    }
  }

  @Test
  void a_broker_refusing_the_messages_fails_the_jobs_for_a_retry() {
    PubSub refusing =
        new PubSub() {
          @Override
          public String name() {
            return "refusing";
          }

          @Override
          public Publisher publisher() {
            return new Publisher() {
              @Override
              public void init() {}

              @Override
              public void send(String topic, Message message) {
                throw new PubSubException("broker refused the message: queue full");
              }

              @Override
              public void shutdown() {}
            };
          }

          @Override
          public Subscriber subscriber(String topic, String subscription) {
            throw new UnsupportedOperationException();
          }

          @Override
          public void close() {}
        };
    Blacksmith b = start(new TopicDestination("topic", refusing, "orders"));
    try {
      String id =
          send(b, Actions.of(TopicDestination.NAME, TopicDestination.publish(Map.of("n", 1))))
              .jobIds()
              .get(0);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> b.store().findJob(id).orElseThrow().status() == Status.FAILED);
      assertThat(b.store().findJob(id).orElseThrow().transition().error()).contains("queue full");
    } finally {
      b.close();
    }
  }

  @Test
  void jobs_are_published_to_a_real_rabbitmq_broker_by_url() {
    String url =
        System.getenv()
            .getOrDefault("BLACKSMITH_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/");
    requireBroker("127.0.0.1", 5672, "RabbitMQ");
    String topic = "topic-destination-" + UUID.randomUUID().toString().substring(0, 8);
    try {
      assertPublishedThrough(
          url, topic, new dev.blacksmith.pubsub.rabbitmq.RabbitMqPubSubProvider().open(url));
    } finally {
      deleteRabbitMqTopic(url, topic, "test");
    }
  }

  /**
   * Publishes two jobs through a {@code topic} destination on {@code url} and checks that {@code
   * reader}, subscribed before, receives both with their job ids.
   */
  private void assertPublishedThrough(String url, String topic, PubSub reader) {
    List<Message> received = new CopyOnWriteArrayList<>();
    Subscriber s = reader.subscriber(topic, "test");
    s.init();
    s.receive(received::add);
    Blacksmith b = start(new TopicDestination(url, topic));
    try {
      Accepted accepted =
          send(
              b,
              Actions.of(
                  TopicDestination.NAME,
                  TopicDestination.publish(Map.of("n", 1)),
                  TopicDestination.publish(Map.of("n", 2))));
      await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 2);
      assertThat(received)
          .extracting(m -> m.metadata().get("job_id"))
          .containsExactlyInAnyOrderElementsOf(accepted.jobIds());
    } finally {
      b.close();
      s.shutdown();
      reader.close();
    }
  }

  /** Removes what the test declared: the topic's exchange and the subscription's queue. */
  private static void deleteRabbitMqTopic(String url, String topic, String subscription) {
    com.rabbitmq.client.ConnectionFactory factory = new com.rabbitmq.client.ConnectionFactory();
    try {
      // The Java client reads a trailing "/" as the empty vhost; the adapter reads it as "/".
      factory.setUri(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
      try (var connection = factory.newConnection();
          var channel = connection.createChannel()) {
        channel.queueDelete(topic + "." + subscription);
        channel.exchangeDelete(topic);
      }
    } catch (Exception e) {
      throw new AssertionError("cleaning up RabbitMQ failed", e);
    }
  }

  @Test
  void jobs_are_published_to_a_real_nats_server_by_url() {
    requireBroker("127.0.0.1", 4222, "NATS");
    String url = "nats://127.0.0.1:4222";
    String topic = "topic-destination-" + UUID.randomUUID().toString().substring(0, 8);
    try {
      assertPublishedThrough(
          url, topic, new dev.blacksmith.pubsub.nats.NatsPubSubProvider().open(url));
    } finally {
      deleteNatsStream(url, "blacksmith_" + topic);
    }
  }

  /** Removes the stream the adapter created for the test's topic. */
  private static void deleteNatsStream(String url, String stream) {
    try (io.nats.client.Connection nats = io.nats.client.Nats.connect(url)) {
      nats.jetStreamManagement().deleteStream(stream);
    } catch (Exception e) {
      throw new AssertionError("cleaning up NATS stream " + stream + " failed", e);
    }
  }

  static void requireBroker(String host, int port, String what) {
    try (Socket socket = new Socket(host, port)) {
      socket.setSoTimeout(1000);
    } catch (java.io.IOException e) {
      String message = what + " is not reachable at " + host + ":" + port;
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(message + "; CI=true requires it", e);
      }
      Assumptions.abort(message + "; skipping (start it to run this test)");
    }
  }
}
