package dev.blacksmith.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blacksmith.engine.internal.InProcessPubSub;
import dev.blacksmith.json.Json;
import dev.blacksmith.pubsub.Message;
import dev.blacksmith.source.Event;
import dev.blacksmith.source.Source;
import dev.blacksmith.source.SubscriptionTrigger;
import dev.blacksmith.source.Toolkit;
import dev.blacksmith.source.Trigger;
import dev.blacksmith.spi.pubsub.Publisher;
import dev.blacksmith.spi.store.Query;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubscriptionTriggerTest {

  @TempDir Path dir;

  /** Source {@code orders}: each message of topic {@code orders} becomes an event. */
  static final class Orders implements Source {
    final AtomicInteger poisonAttempts = new AtomicInteger();

    @Override
    public String name() {
      return "orders";
    }

    @Override
    public Map<String, Trigger> triggers() {
      return Map.of(
          "created",
          new SubscriptionTrigger() {
            @Override
            public String name() {
              return "created";
            }

            @Override
            public Subscription subscription() {
              return new Subscription("orders", "blacksmith");
            }

            @Override
            public Event extract(Toolkit toolkit, Message message) {
              var body = Json.tree(message.bodyAsString());
              if (body.has("poison") && poisonAttempts.incrementAndGet() < 3) {
                throw new IllegalStateException("cannot read this message yet");
              }
              return Event.builder()
                  .dataJson(message.bodyAsString())
                  .context(Map.of("key", message.metadata().getOrDefault("key", "")))
                  .build();
            }
          });
    }
  }

  @Test
  void a_message_becomes_an_event_and_a_failed_extract_leaves_it_for_redelivery() {
    InProcessPubSub broker = new InProcessPubSub();
    Orders orders = new Orders();
    Blacksmith blacksmith =
        Blacksmith.create(
            Options.builder()
                .storeUrl("sqlite:" + dir.resolve("b.db"))
                .pubsub(broker)
                .backgroundLoops(false)
                .source(orders)
                .build());
    blacksmith.start();
    Publisher publisher = broker.connect().publisher();
    try {
      publisher.send("orders", Message.of("{\"id\":1}", Map.of("key", "o-1")));
      publisher.send("orders", Message.of("{\"id\":2,\"poison\":true}", Map.of()));

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> blacksmith.store().findEvents(Query.all()).count() == 2);
      var events = blacksmith.store().findEvents(Query.all()).items();
      assertThat(events).allSatisfy(e -> assertThat(e.trigger()).isEqualTo("created"));
      assertThat(events)
          .extracting(e -> Json.tree(e.data()).get("id").asInt())
          .containsExactlyInAnyOrder(1, 2);
      // The poison message failed twice, was redelivered, and was stored once.
      assertThat(orders.poisonAttempts.get()).isEqualTo(3);
    } finally {
      blacksmith.close();
    }
  }
}
