package dev.blacksmith.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blacksmith.store.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the harness with tiny numbers: correctness of what it counts, not timing. */
class BenchTest {

  @TempDir Path dir;

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

  @Test
  void throughput_run_waits_until_every_job_of_every_event_succeeded() throws Exception {
    for (String client : new String[] {"raw", "jdk"}) {
      BenchConfig config =
          BenchConfig.parse(
              "--mode", "throughput",
              "--events", "200",
              "--warmup-events", "20",
              "--jobs-per-event", "3",
              "--concurrency", "8",
              "--client", client,
              "--dir", dir.resolve(client).toString());

      ThroughputRun.Result r = Bench.run(config, out).throughput();

      assertThat(r).isNotNull();
      assertThat(r.complete()).as(client).isTrue();
      assertThat(r.accepted()).as(client).isEqualTo(200);
      assertThat(r.refused() + r.failed()).as(client).isZero();
      assertThat(r.expectedJobs()).isEqualTo(600);
      assertThat(r.succeededJobs()).as(client).isEqualTo(600);
      // Warm-up and measured jobs, all succeeded and nothing else.
      assertThat(r.finalCounts()).containsEntry(Status.SUCCEEDED, 660L);
      assertThat(r.finalCounts().values().stream().mapToLong(Long::longValue).sum())
          .isEqualTo(660L);
    }
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("jobs/s end to end");
  }

  @Test
  void latency_run_measures_every_job_sent_after_the_warm_up() throws Exception {
    BenchConfig config =
        BenchConfig.parse(
            "--mode", "latency",
            "--rate", "200",
            "--duration", "1s",
            "--warmup", "250ms",
            "--dir", dir.toString());

    LatencyRun.Result r = Bench.run(config, out).latency();

    assertThat(r).isNotNull();
    assertThat(r.sent()).isEqualTo(200);
    assertThat(r.accepted()).isEqualTo(200);
    assertThat(r.notAccepted()).isZero();
    assertThat(r.missing()).isZero();
    // Events 50..199 are due after the first 250 ms; a send of 0..49 that lagged its schedule may
    // fall after it too, so never fewer.
    assertThat(r.measured()).isBetween(150, 160);
    assertThat(r.acceptedToLoad().count()).isEqualTo(r.measured());
    assertThat(r.finalCounts()).containsEntry(Status.SUCCEEDED, 200L);
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("202 answer -> load called");
  }

  @Test
  void options_override_the_defaults_and_unknown_ones_are_refused() {
    BenchConfig c =
        BenchConfig.parse(
            "--mode=latency", "--rate", "500", "--duration", "5s", "--claim-batch-size", "100");

    assertThat(c.mode()).isEqualTo(BenchConfig.Mode.LATENCY);
    assertThat(c.rate()).isEqualTo(500);
    assertThat(c.duration()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.claimBatchSize()).isEqualTo(100);
    assertThat(c.events()).isEqualTo(BenchConfig.defaults().events());
    assertThatThrownBy(() -> BenchConfig.parse("--evnets", "5"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--evnets");
  }

  @Test
  void the_sink_reads_back_the_sequence_number_of_the_body_it_was_sent() {
    String data = new String(BenchApp.body(123_456), StandardCharsets.US_ASCII);

    assertThat(BenchApp.seq(data)).isEqualTo(123_456);
    assertThat(BenchApp.seq("{\"other\":1}")).isEqualTo(-1);
  }
}
