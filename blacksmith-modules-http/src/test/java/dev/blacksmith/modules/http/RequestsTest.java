package dev.blacksmith.modules.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blacksmith.json.Json;
import dev.blacksmith.modules.http.HttpDestinationConfig.Envelope;
import dev.blacksmith.modules.http.Requests.Request;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestsTest {

  private static Requests requests(HttpDestinationConfig.Builder config) {
    return new Requests(config.build());
  }

  private static HttpDestinationConfig.Builder config() {
    return HttpDestinationConfig.builder("http://127.0.0.1:1/hook");
  }

  private static List<Request> all(Requests.Cursor cursor, List<Requests.Unsendable> unsendable) {
    List<Request> out = new ArrayList<>();
    for (Request r = cursor.next(unsendable::add); r != null; r = cursor.next(unsendable::add)) {
      out.add(r);
    }
    return out;
  }

  private static String big(int size) {
    return "{\"p\":\"" + "p".repeat(size) + "\"}";
  }

  @Test
  void a_job_larger_than_the_byte_limit_goes_in_a_batch_of_its_own() {
    Requests r = requests(config().maxBatchBytes(1024));
    List<Requests.Unsendable> unsendable = new ArrayList<>();

    List<Request> batches =
        all(r.plan(Queues.of("{\"n\":0}", big(2000), "{\"n\":2}", "{\"n\":3}"), true), unsendable);

    assertThat(batches)
        .extracting(Request::jobIds)
        .containsExactly(List.of("job-0"), List.of("job-1"), List.of("job-2", "job-3"));
    assertThat(Json.tree(batches.get(1).body()).get(0).get("data").get("p").asString())
        .hasSize(2000);
    assertThat(batches.get(2).body())
        .asString(StandardCharsets.UTF_8)
        .isEqualTo("[{\"id\":\"job-2\",\"data\":{\"n\":2}},{\"id\":\"job-3\",\"data\":{\"n\":3}}]");
    assertThat(unsendable).isEmpty();
  }

  @Test
  void the_rest_of_a_cursor_includes_an_item_carried_over_to_the_next_batch() {
    Requests r = requests(config().maxBatchBytes(1024));
    Requests.Cursor cursor = r.plan(Queues.of(big(600), big(600), big(600)), true);

    Request first = cursor.next(u -> {});

    assertThat(first.jobIds()).containsExactly("job-0");
    assertThat(cursor.rest()).containsExactly("job-1", "job-2");
    assertThat(cursor.next(u -> {})).isNull();
  }

  @Test
  void a_job_with_broken_stored_json_is_set_aside_and_the_others_still_go() {
    Requests r = requests(config().envelope(Envelope.JOB));
    List<Requests.Unsendable> unsendable = new ArrayList<>();

    List<Request> batches =
        all(r.plan(Queues.of("{\"n\":0}", "{broken", "{\"n\":2}"), true), unsendable);

    assertThat(batches)
        .singleElement()
        .extracting(Request::jobIds)
        .isEqualTo(List.of("job-0", "job-2"));
    assertThat(unsendable)
        .singleElement()
        .satisfies(u -> {
          assertThat(u.jobId()).isEqualTo("job-1");
          assertThat(u.problem()).contains("the stored JSON of job job-1");
        });
  }

  @Test
  void data_sent_alone_is_byte_for_byte_what_was_stored() {
    Requests r = requests(config());
    String stored = "{ \"price\": 1.10, \"big\": 12345678901234567890 }";

    List<Request> sent = all(r.plan(Queues.of(stored), false), new ArrayList<>());

    assertThat(sent)
        .singleElement()
        .satisfies(req -> {
          assertThat(new String(req.body(), StandardCharsets.UTF_8)).isEqualTo(stored);
          assertThat(req.idempotencyKey()).isEqualTo("job-0");
          assertThat(req.subject()).isEqualTo("job job-0");
        });
  }

  @Test
  void a_batch_key_depends_on_its_jobs_only() {
    assertThat(Requests.batchKey(List.of("a", "b")))
        .isEqualTo(Requests.batchKey(List.of("a", "b")));
    assertThat(Requests.batchKey(List.of("a", "b")))
        .isNotEqualTo(Requests.batchKey(List.of("a", "c")));
    assertThat(Requests.batchKey(List.of("ab"))).isNotEqualTo(Requests.batchKey(List.of("a", "b")));
    assertThat(Requests.batchKey(List.of("a"))).matches("batch-[0-9a-f]{32}");
  }
}
