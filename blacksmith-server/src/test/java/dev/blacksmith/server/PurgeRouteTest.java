package dev.blacksmith.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blacksmith.server.TestApp.Answer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PurgeRouteTest {

  @TempDir Path dir;
  private TestApp app;

  @BeforeEach
  void start() {
    app = TestApp.start(dir);
    for (int i = 0; i < 3; i++) {
      assertThat(app.post(app.gateway(), "/shop/acme/orders", "{\"id\":\"o-" + i + "\"}").status())
          .isEqualTo(202);
    }
  }

  @AfterEach
  void stop() {
    app.close();
  }

  @Test
  void a_purge_answers_202_at_once_and_deletes_matching_events_in_the_background() {
    app.clock.advance(Duration.ofSeconds(1));
    Answer answer =
        app.post(
            app.scheduler(),
            "/admin/api/store/purge?jobs.status_in=succeeded&jobs.status_in=acknowledged"
                + "&events.sources_in=shop",
            "");

    assertThat(answer.status()).isEqualTo(202);
    assertThat(answer.json().get("meta").get("where").get("events.sources_in").get(0).asString())
        .isEqualTo("shop");
    await().atMost(Duration.ofSeconds(10)).until(() -> app.storedEvents() == 0);
    assertThat(app.storedJobs()).isZero();
  }

  @Test
  void the_default_purge_keeps_events_with_jobs_that_did_not_succeed() throws Exception {
    app.clock.advance(Duration.ofSeconds(1));
    assertThat(app.post(app.scheduler(), "/admin/api/store/purge", "").status()).isEqualTo(202);

    Thread.sleep(300); // The purge runs in the background; give it time to do (nothing).
    assertThat(app.storedEvents()).isEqualTo(3);
  }

  @Test
  void a_purge_refuses_job_filters_it_cannot_apply_and_paging() {
    Answer answer =
        app.post(app.scheduler(), "/admin/api/store/purge?jobs.min_attempts=2&limit=5", "");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body()).contains("jobs.min_attempts").contains("limit");
    assertThat(app.storedEvents()).isEqualTo(3);
  }
}
