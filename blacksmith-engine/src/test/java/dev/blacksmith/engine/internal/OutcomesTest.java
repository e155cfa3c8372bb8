package dev.blacksmith.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blacksmith.destination.Then;
import dev.blacksmith.spi.LoadOutcomes;
import dev.blacksmith.store.Job;
import dev.blacksmith.store.Status;
import dev.blacksmith.store.Transition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class OutcomesTest {

  private static Job job(String id, int attempt) {
    Instant t = Instant.EPOCH;
    return new Job(
        id,
        "d",
        "a",
        null,
        "{}",
        "{}",
        new Transition("t" + id, attempt, Status.AWAITING, Status.EXECUTING, null, t, "e", id),
        t,
        "e",
        null);
  }

  @Provide
  Arbitrary<List<Then>> thens() {
    Arbitrary<Then> one =
        Arbitraries.of(
                Then.succeeded(),
                Then.failed(new RuntimeException("f")),
                Then.discarded(new RuntimeException("d")))
            .flatMap(t ->
                Arbitraries.of("j0", "j1", "j2", "j3", "stranger")
                    .list()
                    .ofMaxSize(3)
                    .map(ids -> ids.isEmpty() ? t : t.forJobs(ids)));
    return one.list().ofMaxSize(4);
  }

  @Property
  void every_job_gets_exactly_one_allowed_outcome_of_a_load(
      @ForAll("thens") List<Then> thens,
      @ForAll boolean threw,
      @ForAll @IntRange(min = 1, max = 5) int attempt,
      @ForAll @IntRange(min = 0, max = 4) int maxRetries) {
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      jobs.add(job("j" + i, attempt));
    }
    var decisions =
        LoadOutcomes.decide(jobs, thens, threw ? new RuntimeException("boom") : null, maxRetries);

    assertThat(decisions).extracting(d -> d.job().id()).containsExactly("j0", "j1", "j2", "j3");
    for (var d : decisions) {
      assertThat(Status.isAllowed(Status.EXECUTING, d.status())).isTrue();
      assertThat(d.status()).isNotEqualTo(Status.AWAITING);
      if (d.status() == Status.FAILED) {
        assertThat(attempt).isLessThanOrEqualTo(maxRetries);
      }
      if (d.status() == Status.UNKNOWN) {
        assertThat(threw).isFalse();
      }
    }
  }
}
