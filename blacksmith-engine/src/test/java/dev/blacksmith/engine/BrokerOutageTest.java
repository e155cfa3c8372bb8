package dev.blacksmith.engine;

import static dev.blacksmith.engine.Recording.Call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.blacksmith.destination.Actions;
import dev.blacksmith.destination.Options;
import dev.blacksmith.destination.Schedule;
import dev.blacksmith.engine.Recording.RecordingAction;
import dev.blacksmith.engine.Recording.RecordingDestination;
import dev.blacksmith.engine.internal.InProcessPubSub;
import dev.blacksmith.source.Event;
import dev.blacksmith.spi.pubsub.PubSub;
import dev.blacksmith.spi.pubsub.PubSubException;
import dev.blacksmith.spi.pubsub.Publisher;
import dev.blacksmith.spi.pubsub.Subscriber;
import dev.blacksmith.store.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerOutageTest {

  @TempDir Path dir;

  /** A broker that refuses connections until {@link #up} is set, then behaves like one. */
  static final class Outage implements PubSub {
    final AtomicBoolean up = new AtomicBoolean();
    final InProcessPubSub broker = new InProcessPubSub();

    @Override
    public String name() {
      return "flaky";
    }

    @Override
    public Publisher publisher() {
      Publisher real = broker.publisher();
      return new Publisher() {
        @Override
        public void init() {
          if (!up.get()) {
            throw new PubSubException("connection refused: flaky://broker");
          }
          real.init();
        }

        @Override
        public void send(String topic, dev.blacksmith.pubsub.Message message) {
          real.send(topic, message);
        }

        @Override
        public void shutdown() {
          real.shutdown();
        }
      };
    }

    @Override
    public Subscriber subscriber(String topic, String subscription) {
      return broker.subscriber(topic, subscription);
    }

    @Override
    public void close() {
      broker.close();
    }
  }

  @Test
  void with_the_broker_down_at_start_up_the_platform_starts_and_the_sweep_loads_realtime_jobs()
      throws Exception {
    Outage outage = new Outage();
    RecordingAction push = new RecordingAction("push", Schedule.inRealtime());
    Blacksmith blacksmith =
        Blacksmith.create(
            dev.blacksmith.engine.Options.builder()
                .storeUrl("sqlite:" + dir.resolve("b.db"))
                .pubsub(outage)
                .sweepInterval(Duration.ofMillis(200))
                .source(new EngineFixture.AppSource())
                .destination(new RecordingDestination("crm", Options.builder().build(), push))
                .build());
    ch.qos.logback.classic.Logger log =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("blacksmith");
    var logs =
        new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
    logs.start();
    log.addAppender(logs);
    var level = log.getLevel();
    log.setLevel(ch.qos.logback.classic.Level.INFO);
    blacksmith.start();
    try {
      String first = send(blacksmith);
      LifecycleBehaviourTest.awaitStatus(blacksmith.store(), first, Status.SUCCEEDED);

      // Once the broker is back, wake-ups resume (the reconnect loop retries with backoff).
      outage.up.set(true);
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() ->
              logs.list.stream()
                  .anyMatch(e -> e.getFormattedMessage().contains("reachable again")));
      String second = send(blacksmith);
      LifecycleBehaviourTest.awaitStatus(blacksmith.store(), second, Status.SUCCEEDED);
      assertThat(push.loadedJobs()).isEqualTo(2);
      assertThat(logs.list)
          .anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("flaky is unreachable"));
    } finally {
      blacksmith.close();
      log.detachAppender(logs);
      log.setLevel(level);
    }
  }

  private static String send(Blacksmith blacksmith) {
    return blacksmith
        .gateway()
        .ingest(
            "app", "track", Event.builder().actions(Actions.of("crm", Call.of("push", 1))).build())
        .join()
        .jobIds()
        .get(0);
  }
}
