package dev.blacksmith.modules.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blacksmith.destination.Then;
import dev.blacksmith.destination.Toolkit;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Loads driven by the test, as the scheduler would drive them, without an engine around. */
class DirectLoadTest {

  private static final Toolkit TOOLKIT =
      new Toolkit(LoggerFactory.getLogger(DirectLoadTest.class), null, null, null);

  @Test
  void a_load_interrupted_by_a_stopping_scheduler_ends_promptly_and_fails_every_job()
      throws Exception {
    try (ScriptedServer server = new ScriptedServer()) {
      server.then(ScriptedServer.silence(), ScriptedServer.silence());
      HttpDestination d =
          new HttpDestination(
              HttpDestinationConfig.builder(server.url("/hook"))
                  .concurrency(1)
                  .timeout(Duration.ofSeconds(30))
                  .build());
      d.init(TOOLKIT);
      List<Then> thens = new CopyOnWriteArrayList<>();
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      Thread load =
          Thread.ofVirtual()
              .start(() -> {
                try {
                  d.actions()
                      .get(HttpDestination.SEND)
                      .load(TOOLKIT, Queues.of("{\"n\":0}", "{\"n\":1}", "{\"n\":2}"), thens::add);
                } catch (Exception e) {
                  thrown.set(e);
                }
              });
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> server.received.size() == 1);

      long start = System.nanoTime();
      load.interrupt();
      load.join(Duration.ofSeconds(10));

      assertThat(load.isAlive()).isFalse();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertThat(thrown.get()).isNull();
      assertThat(thens.stream().flatMap(t -> t.jobs().stream()))
          .containsExactlyInAnyOrder("job-0", "job-1", "job-2");
      assertThat(thens)
          .allSatisfy(t -> assertThat(t.error()).isInstanceOf(HttpLoadException.class));
      assertThat(thens)
          .extracting(t -> t.error().getMessage())
          .anySatisfy(m -> assertThat(m).contains("the scheduler is stopping"));
      assertThat(server.received).hasSize(1);
      d.shutdown(TOOLKIT);
    }
  }

  @Test
  void a_load_error_exposes_status_retry_after_and_response() throws Exception {
    try (ScriptedServer server = new ScriptedServer()) {
      server.then(
          ScriptedServer.status(503, "<html>\n  <body>busy</body>\n</html>", "Retry-After", "120"));
      HttpDestination d =
          new HttpDestination(HttpDestinationConfig.builder(server.url("/")).build());
      d.init(TOOLKIT);
      List<Then> thens = new CopyOnWriteArrayList<>();

      d.actions().get(HttpDestination.SEND).load(TOOLKIT, Queues.of("{}"), thens::add);
      d.shutdown(TOOLKIT);

      assertThat(thens)
          .singleElement()
          .satisfies(t -> {
            assertThat(t.forceDiscard()).isFalse();
            HttpLoadException e = (HttpLoadException) t.error();
            assertThat(e.status()).hasValue(503);
            assertThat(e.retryAfter()).hasValue("120");
            assertThat(e.responseExcerpt()).isEqualTo("<html>\n  <body>busy</body>\n</html>");
            assertThat(e.getMessage())
                .isEqualTo(
                    "job job-0: HTTP 503 from POST "
                        + server.url("")
                        + " (Retry-After: 2m); response: <html> <body>busy</body> </html>");
          });
    }
  }

  @Test
  void a_retry_after_date_is_shown_with_how_far_away_it_is() {
    Clock clock = Clock.fixed(java.time.Instant.parse("2026-01-05T10:00:00Z"), ZoneOffset.UTC);
    try (Sender sender =
        new Sender(HttpDestinationConfig.builder("http://127.0.0.1:1/").build(), clock)) {
      assertThat(sender.describeRetryAfter("Mon, 05 Jan 2026 10:01:30 GMT"))
          .isEqualTo("Mon, 05 Jan 2026 10:01:30 GMT, in 1m30s");
      assertThat(sender.describeRetryAfter("Mon, 05 Jan 2026 09:00:00 GMT")).endsWith("in 0s");
      assertThat(sender.describeRetryAfter("3600")).isEqualTo("1h");
      assertThat(sender.describeRetryAfter("soon")).isEqualTo("soon");
    }
  }
}
