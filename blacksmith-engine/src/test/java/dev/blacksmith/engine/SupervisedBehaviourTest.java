package dev.blacksmith.engine;

import static dev.blacksmith.engine.Recording.Call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.blacksmith.destination.Actions;
import dev.blacksmith.destination.Options;
import dev.blacksmith.engine.Recording.RecordingAction;
import dev.blacksmith.engine.Recording.RecordingDestination;
import dev.blacksmith.engine.internal.InProcessSupervisor;
import dev.blacksmith.source.Event;
import dev.blacksmith.supervisor.Service;
import dev.blacksmith.testkit.authoring.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several instances sharing a store and a supervisor split exclusive work between them. */
class SupervisedBehaviourTest {

  @TempDir Path dir;

  private final SettableClock clock = new SettableClock(EngineFixture.START);
  private final InProcessSupervisor supervisor = new InProcessSupervisor(clock);

  private Blacksmith instance(RecordingAction sync) {
    Blacksmith b =
        Blacksmith.create(
            dev.blacksmith.engine.Options.builder()
                .storeUrl("sqlite:" + dir.resolve("shared.db"))
                .supervisor(supervisor.connect())
                .clock(clock)
                .lockLease(Duration.ofSeconds(30))
                .backgroundLoops(false)
                .source(new EngineFixture.AppSource())
                .destination(new RecordingDestination("crm", Options.builder().build(), sync))
                .build());
    b.start();
    return b;
  }

  @Test
  void a_cron_trigger_runs_on_one_instance_at_a_time_and_moves_when_its_holder_dies() {
    Blacksmith first = instance(new RecordingAction("sync", null));
    Blacksmith second = instance(new RecordingAction("sync", null));
    try {
      var one = first.internals().triggers();
      var two = second.internals().triggers();
      clock.advance(Duration.ofMinutes(5));
      int ran = one.runDueCronTriggers() + two.runDueCronTriggers();
      assertThat(ran).isEqualTo(1);
      assertThat(supervisor.locks())
          .singleElement()
          .satisfies(l -> {
            assertThat(l.key()).isEqualTo("triggers/app/tick");
            assertThat(l.holder().id()).isEqualTo(first.service(ServiceKind.GATEWAY).id());
          });

      // While the holder lives it renews its lock at every tick, so the other never runs it.
      for (int i = 0; i < 15; i++) {
        clock.advance(Duration.ofSeconds(20));
        assertThat(one.runDueCronTriggers() + two.runDueCronTriggers()).isLessThanOrEqualTo(1);
      }
      assertThat(supervisor.locks())
          .singleElement()
          .satisfies(
              l -> assertThat(l.holder().id()).isEqualTo(first.service(ServiceKind.GATEWAY).id()));

      // The holder dies: once its lease has run out, the other instance takes the trigger over.
      clock.advance(Duration.ofMinutes(5));
      assertThat(two.runDueCronTriggers()).isEqualTo(1);
      assertThat(supervisor.locks())
          .singleElement()
          .satisfies(
              l -> assertThat(l.holder().id()).isEqualTo(second.service(ServiceKind.GATEWAY).id()));
    } finally {
      first.close();
      second.close();
    }
  }

  @Test
  void an_interval_action_is_loaded_by_one_instance_at_a_time() {
    RecordingAction sync = new RecordingAction("sync", null);
    Blacksmith b = instance(sync);
    try {
      b.gateway()
          .ingest(
              "app",
              "track",
              Event.builder().actions(Actions.of("crm", Call.of("sync", 1))).build())
          .join();
      clock.advance(Duration.ofHours(1));
      // Another instance is loading this action right now.
      Service other = new Service("other", "scheduler", "test", "10.0.0.9:9091");
      var held = supervisor.tryAcquire("actions/crm/sync", other, Duration.ofSeconds(30));
      assertThat(held).isPresent();
      assertThat(b.scheduler().runDue()).isZero();

      supervisor.release(held.get());
      clock.advance(Duration.ofHours(1));
      assertThat(b.scheduler().runDue()).isEqualTo(1);
      assertThat(supervisor.locks()).as("released after the run").isEmpty();
    } finally {
      b.close();
    }
  }

  @Test
  void running_instances_are_registered_with_their_identity_and_leave_on_shutdown() {
    Blacksmith b = instance(new RecordingAction("sync", null));
    Service gateway = b.service(ServiceKind.GATEWAY);
    assertThat(supervisor.services())
        .extracting(Service::name)
        .containsExactlyInAnyOrder("gateway", "scheduler");
    assertThat(gateway.version()).isEqualTo(Blacksmith.VERSION);
    assertThat(gateway.address()).endsWith(":9090");
    b.close();
    assertThat(supervisor.services()).isEmpty();
  }
}
