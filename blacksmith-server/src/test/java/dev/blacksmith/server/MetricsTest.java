package dev.blacksmith.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blacksmith.spi.store.Query;
import dev.blacksmith.store.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics} after real loads: counters, load timer, queue gauges, JVM meters. */
class MetricsTest {

  @TempDir Path dir;

  /** The value of the sample {@code name{labels}}, labels in Prometheus' (alphabetical) order. */
  private static double sample(String scrape, String name, String labels) {
    Matcher m =
        Pattern.compile(
                "^"
                    + Pattern.quote(name + (labels.isEmpty() ? "" : "{" + labels + "}"))
                    + " (\\S+)$",
                Pattern.MULTILINE)
            .matcher(scrape);
    assertThat(m.find()).as("%s{%s} in%n%s", name, labels, scrape).isTrue();
    return Double.parseDouble(m.group(1));
  }

  private static String labels(String action) {
    return "action=\"" + action + "\",destination=\"warehouse\"";
  }

  private static long succeededNotify(TestApp app) {
    return app.blacksmith
        .store()
        .findJobs(
            Query.all()
                .withJobs(
                    new Query.JobFilter(
                        Set.of(),
                        Set.of(),
                        Set.of("notify"),
                        Set.of(),
                        Set.of(Status.SUCCEEDED),
                        Set.of(),
                        null,
                        null,
                        null)))
        .count();
  }

  @Test
  void metrics_show_events_jobs_by_status_loads_retries_and_queues_after_loads() {
    try (TestApp app = TestApp.start(dir, b -> b.queueMetricsInterval(Duration.ZERO))) {
      for (int i = 1; i <= 2; i++) {
        assertThat(
                app.post(app.gateway(), "/shop/acme/orders", "{\"id\":\"o-" + i + "\"}").status())
            .isEqualTo(202);
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> succeededNotify(app) == 2);
      // The hourly export jobs wait; the clock says how long.
      app.clock.advance(Duration.ofMinutes(30));
      String before = app.get(app.scheduler(), "/metrics").body();
      assertThat(sample(before, "blacksmith_events_received_total", "")).isEqualTo(2);
      assertThat(sample(before, "blacksmith_jobs_marshalled_total", "")).isEqualTo(4);
      assertThat(sample(before, "blacksmith_queue_depth", labels("export"))).isEqualTo(2);
      assertThat(sample(before, "blacksmith_queue_oldest_due_age_seconds", labels("export")))
          .isEqualTo(1800);
      assertThat(sample(before, "blacksmith_queue_depth", labels("notify"))).isZero();
      assertThat(sample(before, "blacksmith_queue_oldest_due_age_seconds", labels("notify")))
          .isZero();
      assertThat(sample(before, "blacksmith_action_schedule_seconds", labels("export")))
          .isEqualTo(3600);
      assertThat(sample(before, "blacksmith_action_schedule_seconds", labels("notify"))).isZero();
      assertThat(
              sample(
                  before,
                  "blacksmith_jobs_total",
                  "action=\"notify\",destination=\"warehouse\",status=\"succeeded\""))
          .isEqualTo(2);
      assertThat(sample(before, "blacksmith_load_duration_seconds_count", labels("notify")))
          .isGreaterThanOrEqualTo(1);

      app.clock.advance(Duration.ofHours(1));
      app.blacksmith.scheduler().runDue();
      String after = app.get(app.gateway(), "/metrics").body();
      assertThat(
              sample(
                  after,
                  "blacksmith_jobs_total",
                  "action=\"export\",destination=\"warehouse\",status=\"failed\""))
          .isEqualTo(2);
      assertThat(sample(after, "blacksmith_retries_total", labels("export"))).isEqualTo(2);
      assertThat(sample(after, "blacksmith_load_duration_seconds_count", labels("export")))
          .isEqualTo(1);
      // Failed jobs wait for their retry: still queued, no longer new.
      assertThat(sample(after, "blacksmith_queue_depth", labels("export"))).isEqualTo(2);
      assertThat(sample(after, "blacksmith_queue_oldest_due_age_seconds", labels("export")))
          .isZero();
      assertThat(sample(after, "blacksmith_store_errors_total", "")).isZero();
      assertThat(sample(after, "blacksmith_broker_errors_total", "")).isZero();
      assertThat(after).contains("jvm_memory_used_bytes", "jvm_threads_live_threads");
    }
  }

  @Test
  void queue_gauges_keep_a_store_reading_for_their_interval() {
    try (TestApp app = TestApp.start(dir, b -> b.queueMetricsInterval(Duration.ofHours(1)))) {
      String first = app.get(app.scheduler(), "/metrics").body();
      assertThat(sample(first, "blacksmith_queue_depth", labels("export"))).isZero();
      assertThat(app.post(app.gateway(), "/shop/acme/orders", "{\"id\":\"o-1\"}").status())
          .isEqualTo(202);
      String second = app.get(app.scheduler(), "/metrics").body();
      assertThat(sample(second, "blacksmith_events_received_total", "")).isEqualTo(1);
      assertThat(sample(second, "blacksmith_queue_depth", labels("export"))).isZero();
    }
  }
}
