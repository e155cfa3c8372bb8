package dev.blacksmith.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blacksmith.server.TestApp.Answer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The operator's routes on a real server: each test posts three orders (each with a realtime {@code
 * notify} job that succeeds and an hourly {@code export} job that fails), loads them, then retries
 * or discards.
 */
class OperatorRoutesTest {

  private static final String JOBS = "/admin/api/store/jobs";

  @TempDir Path dir;
  private TestApp app;
  private final List<String> exportIds = new ArrayList<>();
  private final List<String> notifyIds = new ArrayList<>();

  @BeforeEach
  void seed() {
    app = TestApp.start(dir);
    for (int i = 1; i <= 3; i++) {
      assertThat(app.post(app.gateway(), "/shop/acme/orders", "{\"id\":\"o-" + i + "\"}").status())
          .isEqualTo(202);
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> count("notify", "succeeded") == 3);
    app.clock.advance(Duration.ofHours(2));
    app.blacksmith.scheduler().runDue();
    await().atMost(Duration.ofSeconds(20)).until(() -> count("export", "failed") == 3);
    get(JOBS + "?jobs.actions_in=export").path("data").forEach(j -> exportIds.add(id(j)));
    get(JOBS + "?jobs.actions_in=notify").path("data").forEach(j -> notifyIds.add(id(j)));
  }

  @AfterEach
  void stop() {
    app.close();
  }

  @Test
  void retry_of_a_failed_job_appends_acknowledged_and_its_next_load_is_its_next_attempt() {
    String id = exportIds.getFirst();

    Answer answer = post(JOBS + "/" + id + "/retry");

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    JsonNode json = answer.json();
    assertThat(json.path("statusCode").asInt()).isEqualTo(200);
    assertThat(json.path("message").asString()).isEqualTo("Successful");
    JsonNode job = json.path("data");
    assertThat(job.path("id").asString()).isEqualTo(id);
    assertThat(job.path("status").asString()).isEqualTo("acknowledged");
    assertThat(job.path("attempt").asInt()).isEqualTo(1);
    assertThat(job.path("transition").path("state_before").asString()).isEqualTo("failed");
    assertThat(job.path("transition").path("error").path("message").asString())
        .isEqualTo("retried by an operator");

    // An interval action loads its due jobs on its next tick.
    app.clock.advance(Duration.ofHours(1));
    app.blacksmith.scheduler().runDue();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> get(JOBS + "/" + id).path("data").path("attempt").asInt() == 2);
    JsonNode transitions = get(JOBS + "/" + id + "/transitions").path("data");
    List<String> afters = new ArrayList<>();
    transitions.forEach(t -> afters.add(t.path("state_after").asString()));
    assertThat(afters)
        .containsExactly(
            "acknowledged",
            "awaiting",
            "executing",
            "failed",
            "acknowledged",
            "awaiting",
            "executing",
            "failed");
  }

  @Test
  void discard_of_a_failed_job_appends_discarded_and_it_is_never_loaded_again() {
    String id = exportIds.getFirst();

    Answer answer = post(JOBS + "/" + id + "/discard");

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    JsonNode job = answer.json().path("data");
    assertThat(job.path("status").asString()).isEqualTo("discarded");
    assertThat(job.path("transition").path("error").path("message").asString())
        .isEqualTo("discarded by an operator");
    app.clock.advance(Duration.ofHours(5));
    app.blacksmith.scheduler().runDue();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> count("export", "failed") == 2 && maxAttempt("export") == 2);
    assertThat(get(JOBS + "/" + id).path("data").path("attempt").asInt()).isEqualTo(1);
    assertThat(get(JOBS + "/" + id + "/transitions").path("meta").path("count").asLong())
        .isEqualTo(5);
  }

  @Test
  void a_discarded_job_can_be_retried() {
    String id = exportIds.getFirst();
    assertThat(post(JOBS + "/" + id + "/discard").status()).isEqualTo(200);

    Answer answer = post(JOBS + "/" + id + "/retry");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().path("data").path("transition").path("state_before").asString())
        .isEqualTo("discarded");
  }

  @Test
  void retry_of_a_succeeded_job_is_a_conflict_naming_its_status() {
    String id = notifyIds.getFirst();

    Answer answer = post(JOBS + "/" + id + "/retry");

    assertThat(answer.status()).isEqualTo(409);
    JsonNode json = answer.json();
    assertThat(json.path("statusCode").asInt()).isEqualTo(409);
    assertThat(json.path("message").asString()).isEqualTo("Conflict");
    JsonNode validation = json.path("validations").get(0);
    assertThat(validation.path("message").asString())
        .isEqualTo(
            "job '"
                + id
                + "' is succeeded; only jobs that are discarded, failed, unknown can be retried");
    assertThat(validation.path("path").get(0).asString()).isEqualTo("status");
    assertThat(get(JOBS + "/" + id + "/transitions").path("meta").path("count").asLong())
        .isEqualTo(4);
  }

  @Test
  void discard_of_a_succeeded_or_discarded_job_is_a_conflict() {
    Answer succeeded = post(JOBS + "/" + notifyIds.getFirst() + "/discard");
    String id = exportIds.getFirst();
    assertThat(post(JOBS + "/" + id + "/discard").status()).isEqualTo(200);
    Answer again = post(JOBS + "/" + id + "/discard");

    assertThat(succeeded.status()).isEqualTo(409);
    assertThat(succeeded.json().path("validations").get(0).path("message").asString())
        .contains(
            "is succeeded; only jobs that are acknowledged, failed, unknown can be discarded");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().path("validations").get(0).path("message").asString())
        .contains("is discarded");
  }

  @Test
  void retry_and_discard_of_an_unknown_job_are_not_found() {
    for (String verb : List.of("retry", "discard")) {
      Answer answer = post(JOBS + "/no-such-job/" + verb);

      assertThat(answer.status()).isEqualTo(404);
      assertThat(answer.json().path("message").asString()).isEqualTo("Not Found");
      assertThat(answer.json().path("validations").get(0).path("message").asString())
          .isEqualTo("job 'no-such-job' does not exist");
    }
  }

  @Test
  void bulk_retry_retries_the_failed_jobs_matching_the_filters_and_answers_how_many() {
    String discarded = exportIds.getFirst();
    assertThat(post(JOBS + "/" + discarded + "/discard").status()).isEqualTo(200);

    Answer onlyFailed = post(JOBS + "/retry?jobs.actions_in=export&jobs.status_in=failed");

    assertThat(onlyFailed.status()).as(onlyFailed.body()).isEqualTo(200);
    JsonNode json = onlyFailed.json();
    assertThat(json.path("statusCode").asInt()).isEqualTo(200);
    assertThat(json.path("data").path("retried").asInt()).isEqualTo(2);
    assertThat(json.path("meta").path("where").toString())
        .isEqualTo("{\"jobs.actions_in\":[\"export\"],\"jobs.status_in\":[\"failed\"]}");
    assertThat(count("export", "acknowledged")).isEqualTo(2);
    assertThat(count("export", "discarded")).isEqualTo(1);

    // Without a status filter every retryable status is taken; succeeded jobs are not.
    Answer all = post(JOBS + "/retry");
    assertThat(all.json().path("data").path("retried").asInt()).isEqualTo(1);
    assertThat(all.json().path("meta").path("where").path("jobs.status_in").toString())
        .isEqualTo("[\"discarded\",\"failed\",\"unknown\"]");
    assertThat(count("export", "acknowledged")).isEqualTo(3);
    assertThat(count("notify", "succeeded")).isEqualTo(3);
  }

  @Test
  void bulk_retry_with_no_match_retries_nothing() {
    Answer answer = post(JOBS + "/retry?events.sources_in=elsewhere");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().path("data").path("retried").asInt()).isZero();
    assertThat(count("export", "failed")).isEqualTo(3);
  }

  @Test
  void bulk_retry_refuses_statuses_that_cannot_be_retried_paging_and_bad_filters() {
    Answer status = post(JOBS + "/retry?jobs.status_in=succeeded");
    Answer paged = post(JOBS + "/retry?limit=10");
    Answer bad = post(JOBS + "/retry?jobs.min_attempts=many");

    assertThat(status.status()).isEqualTo(400);
    assertThat(status.json().path("validations").get(0).path("message").asString())
        .isEqualTo("jobs that are succeeded cannot be retried");
    assertThat(status.json().path("validations").get(0).path("path").get(0).asString())
        .isEqualTo("jobs.status_in");
    assertThat(paged.status()).isEqualTo(400);
    assertThat(paged.json().path("validations").get(0).path("message").asString())
        .isEqualTo("a bulk retry is not paged");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().path("validations").get(0).path("path").get(0).asString())
        .isEqualTo("jobs.min_attempts");
    assertThat(count("export", "failed")).isEqualTo(3);
  }

  private Answer post(String path) {
    return app.post(app.scheduler(), path, "");
  }

  private JsonNode get(String pathAndQuery) {
    Answer answer = app.get(app.scheduler(), pathAndQuery);
    assertThat(answer.status()).as(pathAndQuery + " -> " + answer.body()).isEqualTo(200);
    return answer.json();
  }

  private long count(String action, String status) {
    return get(JOBS + "?jobs.actions_in=" + action + "&jobs.status_in=" + status + "&limit=1")
        .path("meta")
        .path("count")
        .asLong();
  }

  private int maxAttempt(String action) {
    int max = 0;
    for (JsonNode job : get(JOBS + "?jobs.actions_in=" + action).path("data")) {
      max = Math.max(max, job.path("attempt").asInt());
    }
    return max;
  }

  private static String id(JsonNode job) {
    return job.path("id").asString();
  }
}
