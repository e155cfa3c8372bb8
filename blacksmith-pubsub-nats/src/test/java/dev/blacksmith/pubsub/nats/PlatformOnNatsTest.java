package dev.blacksmith.pubsub.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Actions;
import dev.blacksmith.destination.Destination;
import dev.blacksmith.destination.Job;
import dev.blacksmith.destination.Schedule;
import dev.blacksmith.destination.Then;
import dev.blacksmith.destination.ThenSink;
import dev.blacksmith.destination.Toolkit;
import dev.blacksmith.engine.Blacksmith;
import dev.blacksmith.engine.Options;
import dev.blacksmith.engine.ServiceKind;
import dev.blacksmith.source.Event;
import dev.blacksmith.source.HttpRequest;
import dev.blacksmith.source.HttpTrigger;
import dev.blacksmith.source.Route;
import dev.blacksmith.source.Source;
import dev.blacksmith.source.Trigger;
import dev.blacksmith.store.Queue;
import dev.blacksmith.store.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform on NATS, with the gateway and the scheduler in separate instances so that realtime
 * loads depend on the broker's wake-ups: when the broker is down, nothing is lost and the store
 * sweep loads the jobs; when it is back, wake-ups resume.
 */
class PlatformOnNatsTest {

  @TempDir Path dir;

  /** When each job's load was called, by job id. */
  static final Map<String, Long> LOADED_AT = new ConcurrentHashMap<>();

  @BeforeAll
  static void nats() {
    PrivateNatsServer.requireBinary();
  }

  static final class Sink implements Destination {
    @Override
    public String name() {
      return "sink";
    }

    @Override
    public Map<String, Action> actions() {
      return Map.of("push", new Push());
    }
  }

  static final class Push implements Action {
    @Override
    public String name() {
      return "push";
    }

    @Override
    public Schedule schedule() {
      return Schedule.inRealtime();
    }

    @Override
    public Job marshal(Toolkit toolkit) {
      return Job.of(Map.of());
    }

    @Override
    public void load(Toolkit toolkit, Queue queue, ThenSink then) {
      long now = System.nanoTime();
      queue.jobs().forEach(j -> LOADED_AT.putIfAbsent(j.id(), now));
      then.send(Then.succeeded());
    }
  }

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
            public Event extract(dev.blacksmith.source.Toolkit toolkit, HttpRequest request) {
              return Event.builder().build();
            }
          });
    }
  }

  private Blacksmith instance(String natsUrl, ServiceKind service, Duration sweep) {
    Blacksmith b =
        Blacksmith.create(
            Options.builder()
                .storeUrl("sqlite:" + dir.resolve("shared.db"))
                .pubsubUrl(natsUrl + "?connect_timeout=1s&request_timeout=1s&stream_prefix=it_")
                .topic("wakeups-" + dir.getFileName().toString().replaceAll("[^a-zA-Z0-9]", ""))
                .services(service)
                .sweepInterval(sweep)
                .source(new App())
                .destination(new Sink())
                .build());
    b.start();
    return b;
  }

  private static String send(Blacksmith gateway) {
    return gateway
        .gateway()
        .ingest("app", "track", Event.builder().actions(Actions.of("sink", new Push())).build())
        .join()
        .jobIds()
        .get(0);
  }

  /** Sends a job and says whether it was loaded quickly: only a wake-up can do that. */
  private static boolean loadedByAWakeUp(Blacksmith gateway, Blacksmith scheduler)
      throws InterruptedException {
    long sent = System.nanoTime();
    String id = send(gateway);
    long deadline = sent + Duration.ofSeconds(2).toNanos();
    while (System.nanoTime() < deadline) {
      if (LOADED_AT.containsKey(id)) {
        return true;
      }
      Thread.sleep(10);
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> LOADED_AT.containsKey(id));
    return false;
  }

  @Test
  void with_nats_down_at_start_up_the_sweep_loads_realtime_jobs_and_wake_ups_resume_with_it()
      throws Exception {
    int port = PrivateNatsServer.freePort();
    String url = "nats://127.0.0.1:" + port;
    Blacksmith gateway = instance(url, ServiceKind.GATEWAY, Duration.ofSeconds(5));
    Blacksmith scheduler = instance(url, ServiceKind.SCHEDULER, Duration.ofSeconds(5));
    try {
      String early = send(gateway);
      await().atMost(Duration.ofSeconds(20)).until(() -> LOADED_AT.containsKey(early));

      try (PrivateNatsServer nats = PrivateNatsServer.startOn(port)) {
        // The scheduler's reconnect loop backs off up to 30 s; a wake-up must come back.
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> loadedByAWakeUp(gateway, scheduler));
        assertThat(nats.port()).isEqualTo(port);
      }
    } finally {
      gateway.close();
      scheduler.close();
    }
  }

  @Test
  void a_broker_restart_mid_load_loses_no_job() throws Exception {
    try (PrivateNatsServer nats = PrivateNatsServer.start()) {
      Blacksmith gateway = instance(nats.url(), ServiceKind.GATEWAY, Duration.ofSeconds(2));
      Blacksmith scheduler = instance(nats.url(), ServiceKind.SCHEDULER, Duration.ofSeconds(2));
      try {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
          ids.add(send(gateway));
          if (i == 100) {
            nats.stop();
          }
          if (i == 200) {
            nats.restart();
          }
        }
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() ->
                ids.stream()
                    .allMatch(id ->
                        scheduler.store().findJob(id).orElseThrow().status() == Status.SUCCEEDED));
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> loadedByAWakeUp(gateway, scheduler));
      } finally {
        gateway.close();
        scheduler.close();
      }
    }
  }
}
