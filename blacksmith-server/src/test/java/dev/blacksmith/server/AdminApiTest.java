package dev.blacksmith.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blacksmith.server.TestApp.Answer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * The admin store routes over one data set: three {@code orders} events (version v1) received at
 * T0, T0+1m and T0+2m, each with a {@code notify} job (realtime, succeeded at attempt 1) and an
 * {@code export} job (hourly, failed at attempt 1); and one {@code quiet} event (v2) at T0+3m with
 * a {@code notify} job (succeeded) and an {@code archive} job (daily, still acknowledged, attempt
 * 0). Eight jobs in all.
 */
class AdminApiTest {

  private static final String EVENTS = "/admin/api/store/events";
  private static final String JOBS = "/admin/api/store/jobs";

  @TempDir static Path dir;
  private static TestApp app;
  private static final List<String> orderEventIds = new ArrayList<>();
  private static final List<String> notifyJobIds = new ArrayList<>();
  private static final List<String> exportJobIds = new ArrayList<>();

  @BeforeAll
  static void seed() {
    app = TestApp.start(dir);
    for (int i = 1; i <= 3; i++) {
      JsonNode meta =
          app.post(app.gateway(), "/shop/acme/orders", "{\"id\":\"o-" + i + "\"}")
              .json()
              .path("meta");
      orderEventIds.add(meta.path("event_id").asString());
      app.clock.advance(Duration.ofMinutes(1));
    }
    assertThat(app.post(app.gateway(), "/shop/quiet", "{\"id\":\"q-1\"}").status()).isEqualTo(202);
    for (JsonNode job : get(JOBS + "?jobs.actions_in=notify").path("data")) {
      notifyJobIds.add(job.path("id").asString());
    }
    for (JsonNode job : get(JOBS + "?jobs.actions_in=export").path("data")) {
      exportJobIds.add(job.path("id").asString());
    }
    // Realtime jobs are loaded on their own; the hourly ones wait for the clock.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> count(JOBS, "jobs.actions_in=notify&jobs.status_in=succeeded") == 4);
    app.clock.advance(Duration.ofHours(2));
    app.blacksmith.scheduler().runDue();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> count(JOBS, "jobs.actions_in=export&jobs.status_in=failed") == 3);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void events_list_carries_count_pagination_where_and_events_newest_first() {
    JsonNode json = get(EVENTS);

    assertThat(json.path("statusCode").asInt()).isEqualTo(200);
    assertThat(json.path("message").asString()).isEqualTo("Successful");
    JsonNode meta = json.path("meta");
    assertThat(meta.path("count").asLong()).isEqualTo(4);
    assertThat(meta.path("pagination").toString())
        .isEqualTo("{\"current\":1,\"first\":1,\"last\":1,\"previous\":null,\"next\":null}");
    assertThat(meta.path("where").toString()).isEqualTo("{\"offset\":0,\"limit\":100}");
    JsonNode data = json.path("data");
    assertThat(data).hasSize(4);
    assertThat(data.get(0).path("trigger").asString()).isEqualTo("quiet");
    assertThat(data.get(3).path("id").asString()).isEqualTo(orderEventIds.get(0));
    assertThat(data.get(0).path("jobs")).hasSize(2);
    assertThat(data.get(0).path("data").isObject()).isTrue();
  }

  @Test
  void events_filter_by_source() {
    assertThat(count(EVENTS, "events.sources_in=shop")).isEqualTo(4);
    assertThat(count(EVENTS, "events.sources_in=elsewhere")).isZero();
    assertThat(count(EVENTS, "events.sources_notin=shop")).isZero();
    assertThat(count(EVENTS, "events.sources_notin=elsewhere")).isEqualTo(4);
  }

  @Test
  void events_filter_by_trigger() {
    assertThat(count(EVENTS, "events.triggers_in=quiet")).isEqualTo(1);
    assertThat(count(EVENTS, "events.triggers_in=quiet&events.triggers_in=orders")).isEqualTo(4);
    assertThat(count(EVENTS, "events.triggers_notin=quiet")).isEqualTo(3);
  }

  @Test
  void events_filter_by_version() {
    assertThat(count(EVENTS, "events.versions_in=v2")).isEqualTo(1);
    assertThat(count(EVENTS, "events.versions_in=v1")).isEqualTo(3);
    assertThat(count(EVENTS, "events.versions_notin=v2")).isEqualTo(3);
  }

  @Test
  void events_filter_by_reception_time() {
    String t90s = TestApp.T0.plusSeconds(90).toString();
    assertThat(count(EVENTS, "events.received_before=" + t90s)).isEqualTo(2);
    assertThat(count(EVENTS, "events.received_after=" + t90s)).isEqualTo(2);
    assertThat(
            count(
                EVENTS,
                "events.received_after="
                    + TestApp.T0.plusSeconds(30)
                    + "&events.received_before="
                    + TestApp.T0.plusSeconds(150)))
        .isEqualTo(2);
    // An offset, and a local date-time read as UTC, are accepted too.
    assertThat(count(EVENTS, "events.received_before=" + enc("2024-05-01T12:01:30+02:00")))
        .isEqualTo(2);
    assertThat(count(EVENTS, "events.received_before=2024-05-01T10:01:30")).isEqualTo(2);
  }

  @Test
  void events_filter_by_their_jobs() {
    JsonNode json = get(EVENTS + "?jobs.status_in=acknowledged");

    assertThat(json.path("meta").path("count").asLong()).isEqualTo(1);
    assertThat(json.path("data").get(0).path("trigger").asString()).isEqualTo("quiet");
  }

  @Test
  void jobs_filter_by_destination() {
    assertThat(count(JOBS, "jobs.destinations_in=warehouse")).isEqualTo(8);
    assertThat(count(JOBS, "jobs.destinations_notin=warehouse")).isZero();
  }

  @Test
  void jobs_filter_by_action() {
    assertThat(count(JOBS, "jobs.actions_in=export")).isEqualTo(3);
    assertThat(count(JOBS, "jobs.actions_in=notify&jobs.actions_in=archive")).isEqualTo(5);
    assertThat(count(JOBS, "jobs.actions_notin=export")).isEqualTo(5);
  }

  @Test
  void jobs_filter_by_status() {
    assertThat(count(JOBS, "jobs.status_in=failed")).isEqualTo(3);
    assertThat(count(JOBS, "jobs.status_in=succeeded&jobs.status_in=acknowledged")).isEqualTo(5);
    assertThat(count(JOBS, "jobs.status_notin=succeeded")).isEqualTo(4);
    assertThat(count(JOBS, "jobs.status_in=discarded")).isZero();
  }

  @Test
  void jobs_filter_by_attempts() {
    assertThat(count(JOBS, "jobs.min_attempts=1")).isEqualTo(7);
    assertThat(count(JOBS, "jobs.max_attempts=0")).isEqualTo(1);
    assertThat(count(JOBS, "jobs.min_attempts=1&jobs.max_attempts=1")).isEqualTo(7);
    assertThat(count(JOBS, "jobs.min_attempts=2")).isZero();
  }

  @Test
  void jobs_filter_by_their_event() {
    assertThat(count(JOBS, "events.triggers_in=quiet")).isEqualTo(2);
    assertThat(count(JOBS, "events.versions_in=v1&jobs.actions_in=notify")).isEqualTo(3);
  }

  @Test
  void where_echoes_the_filters_applied_with_statuses_in_lowercase() {
    JsonNode where =
        get(JOBS + "?events.sources_in=shop&jobs.status_in=FAILED&jobs.min_attempts=1&limit=5")
            .path("meta")
            .path("where");

    assertThat(where.toString())
        .isEqualTo(
            "{\"events.sources_in\":[\"shop\"],\"jobs.status_in\":[\"failed\"],"
                + "\"jobs.min_attempts\":1,\"offset\":0,\"limit\":5}");
  }

  @Test
  void jobs_are_paged_by_offset_and_limit() {
    JsonNode first = get(JOBS + "?limit=3");
    JsonNode second = get(JOBS + "?offset=3&limit=3");
    JsonNode third = get(JOBS + "?offset=6&limit=3");

    assertThat(first.path("meta").path("count").asLong()).isEqualTo(8);
    assertThat(first.path("meta").path("pagination").toString())
        .isEqualTo("{\"current\":1,\"first\":1,\"last\":3,\"previous\":null,\"next\":2}");
    assertThat(second.path("meta").path("pagination").toString())
        .isEqualTo("{\"current\":2,\"first\":1,\"last\":3,\"previous\":1,\"next\":3}");
    assertThat(third.path("meta").path("pagination").toString())
        .isEqualTo("{\"current\":3,\"first\":1,\"last\":3,\"previous\":2,\"next\":null}");
    Set<String> ids = new HashSet<>();
    for (JsonNode page : List.of(first, second, third)) {
      page.path("data").forEach(j -> ids.add(j.path("id").asString()));
    }
    assertThat(first.path("data")).hasSize(3);
    assertThat(third.path("data")).hasSize(2);
    assertThat(ids).hasSize(8);
  }

  @Test
  void job_is_shown_with_its_status_attempt_and_latest_transition() {
    JsonNode job = get(JOBS + "/" + exportJobIds.get(0)).path("data");

    assertThat(job.path("action").asString()).isEqualTo("export");
    assertThat(job.path("status").asString()).isEqualTo("failed");
    assertThat(job.path("attempt").asInt()).isEqualTo(1);
    assertThat(job.path("transition").path("state_before").asString()).isEqualTo("executing");
    assertThat(job.path("transition").path("state_after").asString()).isEqualTo("failed");
    assertThat(job.path("data").isObject()).isTrue();
    assertThat(job.path("context").isObject()).isTrue();
    assertThat(job.path("created_at").asString()).startsWith("2024-05-01T");
  }

  @Test
  void transitions_list_the_history_of_a_job_oldest_first() {
    JsonNode json = get(JOBS + "/" + notifyJobIds.get(0) + "/transitions");

    assertThat(json.path("meta").path("count").asLong()).isEqualTo(4);
    assertThat(json.path("meta").path("where").path("job_id").asString())
        .isEqualTo(notifyJobIds.get(0));
    List<String> steps = new ArrayList<>();
    for (JsonNode t : json.path("data")) {
      steps.add(
          (t.path("state_before").isNull() ? "none" : t.path("state_before").asString())
              + ">"
              + t.path("state_after").asString()
              + "@"
              + t.path("attempt").asInt());
      assertThat(t.path("job_id").asString()).isEqualTo(notifyJobIds.get(0));
    }
    assertThat(steps)
        .containsExactly(
            "none>acknowledged@0",
            "acknowledged>awaiting@1",
            "awaiting>executing@1",
            "executing>succeeded@1");
  }

  @Test
  void transition_errors_are_emitted_as_json() {
    JsonNode data = get(JOBS + "/" + exportJobIds.get(0) + "/transitions").path("data");
    JsonNode last = data.get(data.size() - 1);

    assertThat(last.path("state_after").asString()).isEqualTo("failed");
    assertThat(last.path("error").isString()).as("error is JSON, not a string").isFalse();
    assertThat(last.path("error").isMissingNode()).isFalse();
    assertThat(last.path("error").toString()).contains("warehouse is down");
  }

  @Test
  void transitions_are_paged() {
    JsonNode json = get(JOBS + "/" + notifyJobIds.get(0) + "/transitions?offset=2&limit=1");

    assertThat(json.path("data")).hasSize(1);
    assertThat(json.path("data").get(0).path("state_after").asString()).isEqualTo("executing");
    assertThat(json.path("meta").path("pagination").toString())
        .isEqualTo("{\"current\":3,\"first\":1,\"last\":4,\"previous\":2,\"next\":4}");
  }

  @ParameterizedTest
  @CsvSource({
    "jobs.status_in, nope",
    "jobs.status_notin, retrying",
    "jobs.min_attempts, abc",
    "jobs.max_attempts, -1",
    "limit, 0",
    "limit, 1001",
    "limit, ten",
    "offset, -1",
    "events.received_before, yesterday",
    "events.received_after, 2024-13-01",
    "events.colour_in, red",
  })
  void bad_filter_value_answers_400_naming_the_key(String key, String value) {
    for (String route : List.of(EVENTS, JOBS)) {
      Answer answer = app.get(app.scheduler(), route + "?" + key + "=" + enc(value));

      assertThat(answer.status()).isEqualTo(400);
      JsonNode json = answer.json();
      assertThat(json.path("statusCode").asInt()).isEqualTo(400);
      assertThat(json.path("validations")).hasSize(1);
      assertThat(json.path("validations").get(0).path("path").toString())
          .isEqualTo("[\"" + key + "\"]");
      assertThat(json.path("validations").get(0).path("message").asString()).isNotBlank();
    }
  }

  @Test
  void every_bad_value_is_reported_at_once() {
    Answer answer = app.get(app.scheduler(), JOBS + "?limit=0&jobs.status_in=nope&offset=x");

    assertThat(answer.status()).isEqualTo(400);
    List<String> keys = new ArrayList<>();
    answer.json().path("validations").forEach(v -> keys.add(v.path("path").get(0).asString()));
    assertThat(keys).containsExactlyInAnyOrder("limit", "jobs.status_in", "offset");
  }

  @Test
  void transitions_accept_only_paging_parameters() {
    Answer answer =
        app.get(
            app.scheduler(), JOBS + "/" + notifyJobIds.get(0) + "/transitions?jobs.status_in=x");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().path("validations").get(0).path("path").get(0).asString())
        .isEqualTo("jobs.status_in");
  }

  @Test
  void unknown_ids_answer_404() {
    for (String path :
        List.of(EVENTS + "/missing", JOBS + "/missing", JOBS + "/missing/transitions")) {
      Answer answer = app.get(app.scheduler(), path);

      assertThat(answer.status()).as(path).isEqualTo(404);
      JsonNode json = answer.json();
      assertThat(json.path("statusCode").asInt()).isEqualTo(404);
      assertThat(json.path("message").asString()).isEqualTo("Not Found");
      assertThat(json.path("validations").get(0).path("message").asString()).contains("missing");
    }
  }

  @Test
  void admin_api_is_not_on_the_gateway_when_the_process_runs_the_scheduler() {
    assertThat(app.get(app.gateway(), EVENTS).status()).isEqualTo(404);
  }

  private static JsonNode get(String pathAndQuery) {
    Answer answer = app.get(app.scheduler(), pathAndQuery);
    assertThat(answer.status()).as(pathAndQuery + " -> " + answer.body()).isEqualTo(200);
    return answer.json();
  }

  private static long count(String route, String query) {
    return get(route + "?" + query).path("meta").path("count").asLong();
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
