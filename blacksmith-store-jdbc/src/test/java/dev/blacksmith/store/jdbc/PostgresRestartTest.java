package dev.blacksmith.store.jdbc;

import static dev.blacksmith.testkit.store.StoreFixtures.anEvent;
import static dev.blacksmith.testkit.store.StoreFixtures.claim;
import static dev.blacksmith.testkit.store.StoreFixtures.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blacksmith.pubsub.Message;
import dev.blacksmith.spi.pubsub.PubSub;
import dev.blacksmith.spi.pubsub.Publisher;
import dev.blacksmith.spi.pubsub.Subscriber;
import dev.blacksmith.spi.store.NewEvent;
import dev.blacksmith.spi.store.NewJob;
import dev.blacksmith.spi.store.StoreException;
import dev.blacksmith.store.Event;
import dev.blacksmith.store.Job;
import dev.blacksmith.store.Status;
import dev.blacksmith.store.Transition;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stops and starts a private PostgreSQL server (the machine's one is shared) under an open store:
 * the store answers again without being reopened, its LISTEN connection comes back, and nothing
 * committed is lost.
 */
class PostgresRestartTest {

  private static final Duration LEASE = Duration.ofMinutes(5);

  @TempDir Path dir;

  @Test
  void a_store_survives_a_postgres_restart_without_being_reopened_and_loses_nothing_committed()
      throws Exception {
    Path data = dir.resolve("data");
    int port = freePort();
    EmbeddedPostgres server = start(data, port);
    try (JdbcStore store =
        JdbcStore.open("postgres://postgres@127.0.0.1:" + port + "/postgres?poolSize=4")) {
      store.migrate();
      Instant now = Instant.parse("2030-01-01T00:00:00Z");
      List<NewEvent> events = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        events.add(anEvent().receivedAt(now).withJobs(2).build());
      }
      store.insert(events, now);
      List<Job> started =
          store.claimAndStart(claim("webhook", "post", "before", now, LEASE, 60)).jobs();
      store.complete(
          "before",
          started.subList(0, 30).stream().map(job -> succeeded(job.id())).toList(),
          List.of(),
          now);
      Map<String, Event> committed = new HashMap<>();
      Map<String, List<Transition>> histories = new HashMap<>();
      for (NewEvent event : events) {
        committed.put(event.id(), store.findEvent(event.id()).orElseThrow());
        for (NewJob job : event.jobs()) {
          histories.put(job.id(), store.findTransitions(job.id()));
        }
      }
      PubSub notifications = store.notifications().orElseThrow();
      ConcurrentLinkedQueue<Message> wakeups = new ConcurrentLinkedQueue<>();
      Subscriber subscriber = notifications.subscriber("wakeups", "scheduler");
      subscriber.init();
      subscriber.receive(wakeups::add);
      Publisher publisher = notifications.publisher();
      publisher.init();
      Instant firstStart = serverStart(store);

      server.close();
      // A write issued while the server is down waits for a connection: it is committed once the
      // server is back, or fails; never half done.
      NewEvent during = anEvent().receivedAt(now).withJobs(1).build();
      CompletableFuture<Void> write =
          CompletableFuture.runAsync(() -> store.insert(List.of(during), now));
      server = start(data, port);
      boolean writtenDuring = completed(write);

      assertThat(serverStart(store)).isAfter(firstStart);

      for (Map.Entry<String, Event> entry : committed.entrySet()) {
        assertThat(store.findEvent(entry.getKey())).contains(entry.getValue());
      }
      histories.forEach(
          (job, history) -> assertThat(store.findTransitions(job)).isEqualTo(history));
      assertThat(store.findEvent(during.id()).isPresent()).isEqualTo(writtenDuring);
      NewEvent after = anEvent().receivedAt(now).withJobs(1).build();
      store.insert(List.of(after), now);
      assertThat(store.findEvent(after.id())).isPresent();
      List<Job> rest =
          store.claimAndStart(claim("webhook", "post", "after", now, LEASE, 500)).jobs();
      assertThat(rest).hasSize(40 + 1 + (writtenDuring ? 1 : 0));
      assertThat(store.complete("before", List.of(succeeded(started.get(40).id())), List.of(), now))
          .containsExactly(started.get(40).id());
      assertThat(store.findJob(started.get(40).id()).orElseThrow().status())
          .isEqualTo(Status.SUCCEEDED);
      // The listener reconnects by itself; notifications sent before it is back are lost.
      Message wakeUp = Message.of("", Map.of("destination", "webhook", "action", "post"));
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> {
            publisher.send("wakeups", wakeUp);
            return wakeups.contains(wakeUp);
          });
      subscriber.shutdown();
    } finally {
      server.close();
    }
  }

  private static Instant serverStart(JdbcStore store) throws Exception {
    return store
        .database()
        .read(c -> {
          try (var statement = c.createStatement();
              var rs = statement.executeQuery("SELECT pg_postmaster_start_time()")) {
            rs.next();
            return rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
          }
        });
  }

  private static boolean completed(CompletableFuture<Void> write) throws Exception {
    try {
      write.get(60, TimeUnit.SECONDS);
      return true;
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(StoreException.class);
      return false;
    }
  }

  private static EmbeddedPostgres start(Path data, int port) throws IOException {
    return EmbeddedPostgres.builder()
        .setDataDirectory(data)
        .setCleanDataDirectory(false)
        .setPort(port)
        .setRegisterShutdownHook(true)
        .setPGStartupWait(Duration.ofSeconds(60))
        .start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
