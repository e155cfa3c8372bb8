package dev.blacksmith.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blacksmith.destination.Options;
import dev.blacksmith.destination.Schedule;
import dev.blacksmith.engine.Recording.RecordingAction;
import dev.blacksmith.engine.Recording.RecordingDestination;
import dev.blacksmith.spi.store.ForwardingStore;
import dev.blacksmith.spi.store.Page;
import dev.blacksmith.spi.store.Query;
import dev.blacksmith.store.Job;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Error counters and the store-read queue gauges of the engine's meters. */
class MetricsBehaviourTest {

  @TempDir Path dir;

  private static double counter(MeterRegistry registry, String name) {
    return registry.get(name).functionCounter().count();
  }

  private static double depth(MeterRegistry registry) {
    return registry
        .get("blacksmith.queue.depth")
        .tag("destination", "crm")
        .tag("action", "push")
        .gauge()
        .value();
  }

  @Test
  void a_broker_down_at_start_up_counts_as_a_broker_error() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    BrokerOutageTest.Outage outage = new BrokerOutageTest.Outage();
    try (EngineFixture app =
        new EngineFixture(
            dir,
            b ->
                b.pubsub(outage)
                    .meterRegistry(registry)
                    .destination(
                        new RecordingDestination(
                            "crm",
                            Options.builder().build(),
                            new RecordingAction("push", Schedule.inRealtime()))))) {
      assertThat(app.blacksmith.internals().metrics().registry()).isSameAs(registry);
      assertThat(counter(registry, "blacksmith.broker.errors")).isGreaterThanOrEqualTo(1);
      assertThat(counter(registry, "blacksmith.store.errors")).isZero();
    }
  }

  @Test
  void
      a_store_that_cannot_answer_the_queue_gauge_counts_a_store_error_and_keeps_the_last_reading() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AtomicBoolean storeDown = new AtomicBoolean();
    ForwardingStore store =
        new ForwardingStore(LifecycleBehaviourTest.openSqlite(dir.resolve("b.db"))) {
          @Override
          public Page<Job> findJobs(Query query) {
            if (storeDown.get()) {
              throw new dev.blacksmith.spi.store.StoreException("database is gone");
            }
            return super.findJobs(query);
          }
        };
    try (EngineFixture app =
        new EngineFixture(
            dir,
            b ->
                b.store(store)
                    .meterRegistry(registry)
                    .queueMetricsInterval(Duration.ZERO)
                    .destination(
                        new RecordingDestination(
                            "crm",
                            Options.builder().build(),
                            new RecordingAction("push", Schedule.every("@every 1h")))))) {
      app.send(
          dev.blacksmith.source.Event.builder()
              .actions(dev.blacksmith.destination.Actions.of("crm", Recording.Call.of("push", 1)))
              .build());
      assertThat(depth(registry)).isEqualTo(1);

      storeDown.set(true);
      assertThat(depth(registry)).isEqualTo(1);
      assertThat(counter(registry, "blacksmith.store.errors")).isGreaterThanOrEqualTo(1);
      storeDown.set(false);
    }
  }
}
