package dev.blacksmith.modules.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blacksmith.json.Json;
import dev.blacksmith.source.Event;
import dev.blacksmith.source.ExtractException;
import dev.blacksmith.source.ExtractException.Validation;
import dev.blacksmith.source.HttpRequest;
import dev.blacksmith.source.HttpTrigger;
import dev.blacksmith.source.SubEvent;
import dev.blacksmith.source.Toolkit;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/** The source's triggers on requests shaped as Segment's libraries send them. */
class SegmentSourceTest {

  static final String KEY = "wk_test_1";

  private final SegmentSource source = SegmentSource.builder().writeKeys(KEY, "wk_test_2").build();
  private final Toolkit toolkit = new Toolkit(LoggerFactory.getLogger("test"), null);

  private Event extract(String trigger, HttpRequest request) throws Exception {
    return ((HttpTrigger) source.triggers().get(trigger)).extract(toolkit, request);
  }

  private ExtractException refused(String trigger, HttpRequest request) {
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(() -> extract(trigger, request));
    assertThat(thrown).isInstanceOf(ExtractException.class);
    return (ExtractException) thrown;
  }

  private static List<String> paths(ExtractException e) {
    return e.validations().stream().map(v -> String.join(".", v.path())).toList();
  }

  @Test
  void routes_are_segments_endpoints_and_the_short_ones_analytics_js_uses() {
    assertThat(source.name()).isEqualTo("segment");
    assertThat(source.triggers().values())
        .extracting(t -> ((HttpTrigger) t).route().path())
        .containsExactlyInAnyOrder(
            "/v1/identify",
            "/v1/track",
            "/v1/page",
            "/v1/screen",
            "/v1/group",
            "/v1/alias",
            "/v1/batch",
            "/v1/import",
            "/v1/i",
            "/v1/t",
            "/v1/p",
            "/v1/s",
            "/v1/g",
            "/v1/a",
            "/v1/b");
    assertThat(source.triggers())
        .allSatisfy((name, t) -> {
          assertThat(((HttpTrigger) t).route().path()).isEqualTo("/v1/" + name);
          assertThat(((HttpTrigger) t).route().methods()).containsExactly("POST");
          assertThat(t.name()).isEqualTo(name);
        });
  }

  @Test
  void a_short_route_takes_the_calls_of_its_type() throws Exception {
    Event event =
        extract(
            "s",
            Requests.post("/v1/s")
                .basicAuth(KEY)
                .json("{\"type\":\"screen\",\"userId\":\"u\",\"name\":\"Home\"}")
                .build());
    ExtractException wrong =
        refused(
            "s",
            Requests.post("/v1/s")
                .basicAuth(KEY)
                .json("{\"type\":\"track\",\"userId\":\"u\",\"event\":\"e\"}")
                .build());

    assertThat(Json.tree(event.data()).get("type").stringValue()).isEqualTo("screen");
    assertThat(wrong.statusCode()).isEqualTo(400);
  }

  @Test
  void a_base_path_prefixes_every_route() {
    SegmentSource prefixed =
        SegmentSource.builder().name("segment-web").basePath("/segment").writeKeys(KEY).build();

    assertThat(prefixed.triggers().values())
        .extracting(t -> ((HttpTrigger) t).route().path())
        .allSatisfy(p -> assertThat(p).startsWith("/segment/v1/"));
  }

  @Test
  void a_track_call_becomes_one_event_whose_data_is_the_call_and_context_its_context()
      throws Exception {
    Event event =
        extract(
            "track",
            Requests.post("/v1/track")
                .json(
                    """
                    {"userId":"u-1","event":"Signed Up","properties":{"plan":"pro"},
                     "context":{"ip":"203.0.113.9","library":{"name":"analytics-node"}},
                     "integrations":{"All":false,"Mixpanel":true},
                     "timestamp":"2025-01-31T12:00:00.000Z","writeKey":"wk_test_1"}
                    """)
                .build());

    JsonNode data = Json.tree(event.data());
    assertThat(data.get("type").stringValue()).isEqualTo("track");
    assertThat(data.get("event").stringValue()).isEqualTo("Signed Up");
    assertThat(data.get("userId").stringValue()).isEqualTo("u-1");
    assertThat(data.get("properties").get("plan").stringValue()).isEqualTo("pro");
    assertThat(data.get("integrations").get("Mixpanel").booleanValue()).isTrue();
    assertThat(data.get("messageId").stringValue()).startsWith("api-").hasSize(40);
    assertThat(data.has("writeKey")).as("the write key is a secret, never stored").isFalse();
    assertThat(Json.tree(event.context()).get("ip").stringValue()).isEqualTo("203.0.113.9");
    assertThat(event.sentAt()).isEqualTo(Instant.parse("2025-01-31T12:00:00Z"));
    assertThat(event.subEvents()).isEmpty();
    assertThat(event.flows()).as("no flows configured").isEmpty();
  }

  @ParameterizedTest
  @EnumSource(CallType.class)
  void every_endpoint_takes_a_minimal_call_of_its_type_and_names_it(CallType type)
      throws Exception {
    String body =
        switch (type) {
          case TRACK -> "{\"anonymousId\":\"a-1\",\"event\":\"Clicked\"}";
          case GROUP -> "{\"userId\":\"u-1\",\"groupId\":\"g-1\"}";
          case ALIAS -> "{\"userId\":\"u-1\",\"previousId\":\"a-1\"}";
          case IDENTIFY, PAGE, SCREEN -> "{\"anonymousId\":\"a-1\"}";
        };

    Event event =
        extract(
            type.value(), Requests.post("/v1/" + type.value()).basicAuth(KEY).json(body).build());

    assertThat(Json.tree(event.data()).get("type").stringValue()).isEqualTo(type.value());
    assertThat(event.context()).isEqualTo("{}");
  }

  @Test
  void a_message_id_sent_by_the_client_is_kept_and_numeric_ids_become_strings() throws Exception {
    Event event =
        extract(
            "identify",
            Requests.post("/v1/identify")
                .basicAuth(KEY)
                .json("{\"messageId\":\"m-42\",\"userId\":42,\"traits\":{\"email\":\"a@b.c\"}}")
                .build());

    JsonNode data = Json.tree(event.data());
    assertThat(data.get("messageId").stringValue()).isEqualTo("m-42");
    assertThat(data.get("userId").isString()).isTrue();
    assertThat(data.get("userId").stringValue()).isEqualTo("42");
  }

  @Test
  void sent_at_is_the_calls_sent_at_else_its_original_timestamp_else_its_timestamp()
      throws Exception {
    String all =
        "{\"userId\":\"u\",\"event\":\"e\",\"timestamp\":\"2025-01-01T00:00:03Z\","
            + "\"originalTimestamp\":\"2025-01-01T00:00:02Z\",\"sentAt\":\"2025-01-01T00:00:01Z\"}";
    String noSentAt =
        "{\"userId\":\"u\",\"event\":\"e\",\"timestamp\":\"2025-01-01T00:00:03Z\","
            + "\"originalTimestamp\":\"2025-01-01T00:00:02Z\"}";

    assertThat(
            extract("track", Requests.post("/v1/track").basicAuth(KEY).json(all).build()).sentAt())
        .isEqualTo(Instant.parse("2025-01-01T00:00:01Z"));
    assertThat(
            extract("track", Requests.post("/v1/track").basicAuth(KEY).json(noSentAt).build())
                .sentAt())
        .isEqualTo(Instant.parse("2025-01-01T00:00:02Z"));
    assertThat(
            extract(
                    "track",
                    Requests.post("/v1/track")
                        .basicAuth(KEY)
                        .json("{\"userId\":\"u\",\"event\":\"e\"}")
                        .build())
                .sentAt())
        .isNull();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "2025-01-31T12:00:00.000Z      | 2025-01-31T12:00:00Z",
        "2025-01-31T13:00:00+01:00     | 2025-01-31T12:00:00Z",
        "2025-01-31T13:00:00+0100      | 2025-01-31T12:00:00Z",
        "2025-01-31T12:00:00.123456    | 2025-01-31T12:00:00.123456Z",
        "2025-01-31 12:00:00+00:00     | 2025-01-31T12:00:00Z",
        "2025-01-31                    | 2025-01-31T00:00:00Z"
      })
  void timestamps_in_the_forms_segment_libraries_send_are_read(String sent, String expected)
      throws Exception {
    Event event =
        extract(
            "page",
            Requests.post("/v1/page")
                .basicAuth(KEY)
                .json("{\"anonymousId\":\"a\",\"timestamp\":\"" + sent + "\"}")
                .build());

    assertThat(event.sentAt()).isEqualTo(Instant.parse(expected));
    assertThat(Json.tree(event.data()).get("timestamp").stringValue())
        .as("the field is stored as sent")
        .isEqualTo(sent);
  }

  @Test
  void calls_missing_what_the_spec_requires_are_refused_with_every_problem_listed() {
    assertThat(
            paths(refused("track", Requests.post("/v1/track").basicAuth(KEY).json("{}").build())))
        .containsExactly("body.userId", "body.event");
    assertThat(
            paths(
                refused(
                    "identify",
                    Requests.post("/v1/identify")
                        .basicAuth(KEY)
                        .json("{\"userId\":\"  \",\"traits\":{}}")
                        .build())))
        .containsExactly("body.userId");
    assertThat(
            paths(
                refused(
                    "alias",
                    Requests.post("/v1/alias")
                        .basicAuth(KEY)
                        .json("{\"anonymousId\":\"a-1\"}")
                        .build())))
        .containsExactly("body.userId", "body.previousId");
    assertThat(
            paths(
                refused(
                    "group",
                    Requests.post("/v1/group").basicAuth(KEY).json("{\"userId\":\"u\"}").build())))
        .containsExactly("body.groupId");

    ExtractException e =
        refused(
            "track",
            Requests.post("/v1/track")
                .basicAuth(KEY)
                .json(
                    "{\"userId\":true,\"anonymousId\":\"a\",\"event\":\"e\",\"properties\":[1],"
                        + "\"context\":\"web\",\"timestamp\":\"yesterday\",\"messageId\":{}}")
                .build());
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.getMessage()).isEqualTo("invalid track call; nothing was stored");
    assertThat(e.validations())
        .extracting(Validation::message)
        .containsExactly(
            "userId must be a string",
            "properties must be a JSON object",
            "context must be a JSON object",
            "timestamp must be an ISO-8601 date-time such as 2025-01-31T12:00:00.000Z",
            "messageId must be a string");
  }

  @Test
  void a_call_whose_type_contradicts_its_endpoint_is_refused() {
    ExtractException e =
        refused(
            "track",
            Requests.post("/v1/track")
                .basicAuth(KEY)
                .json("{\"type\":\"identify\",\"userId\":\"u\",\"event\":\"e\"}")
                .build());

    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.validations().get(0).message())
        .isEqualTo("type \"identify\" does not match the endpoint, which takes track calls");
  }

  @Test
  void the_write_key_may_come_as_basic_auth_user_or_in_the_body_and_either_key_is_accepted()
      throws Exception {
    String call = "{\"userId\":\"u\",\"event\":\"e\"}";
    assertThat(
            extract("track", Requests.post("/v1/track").basicAuth("wk_test_2").json(call).build()))
        .isNotNull();
    assertThat(
            extract(
                "track",
                Requests.post("/v1/track")
                    .header("Content-Type", "text/plain")
                    .json("{\"userId\":\"u\",\"event\":\"e\",\"writeKey\":\"wk_test_1\"}")
                    .build()))
        .isNotNull();
  }

  @Test
  void a_missing_or_wrong_write_key_is_refused_with_401() {
    String call = "{\"userId\":\"u\",\"event\":\"e\"}";

    ExtractException missing = refused("track", Requests.post("/v1/track").json(call).build());
    ExtractException wrongHeader =
        refused("track", Requests.post("/v1/track").basicAuth("wk_nope").json(call).build());
    ExtractException bearer =
        refused(
            "track",
            Requests.post("/v1/track").header("Authorization", "Bearer " + KEY).json(call).build());
    ExtractException wrongBody =
        refused(
            "track",
            Requests.post("/v1/track")
                .json("{\"userId\":\"u\",\"event\":\"e\",\"writeKey\":\"wk_nope\"}")
                .build());
    ExtractException goodHeaderWrongBody =
        refused(
            "track",
            Requests.post("/v1/track")
                .basicAuth(KEY)
                .json("{\"userId\":\"u\",\"event\":\"e\",\"writeKey\":\"wk_nope\"}")
                .build());

    assertThat(List.of(missing, wrongHeader, bearer, wrongBody, goodHeaderWrongBody))
        .allSatisfy(e -> assertThat(e.statusCode()).isEqualTo(401));
    assertThat(missing.getMessage()).contains("a write key is required");
    assertThat(paths(wrongHeader)).containsExactly("headers.Authorization");
    assertThat(paths(wrongBody)).containsExactly("body.writeKey");
    assertThat(wrongHeader.getMessage()).doesNotContain("wk_nope");
  }

  @Test
  void a_wrong_header_key_is_refused_before_the_body_is_decompressed() {
    ExtractException e =
        refused(
            "batch",
            Requests.post("/v1/batch")
                .basicAuth("wk_nope")
                .header("Content-Encoding", "gzip")
                .rawBody("not gzip at all".getBytes(StandardCharsets.UTF_8))
                .build());

    assertThat(e.statusCode()).isEqualTo(401);
  }

  @Test
  void gzip_and_deflate_bodies_are_decompressed() throws Exception {
    String call = "{\"userId\":\"u\",\"event\":\"Zipped\"}";

    Event gzipped =
        extract("track", Requests.post("/v1/track").basicAuth(KEY).gzipJson(call).build());
    Event deflated =
        extract("track", Requests.post("/v1/track").basicAuth(KEY).deflateJson(call).build());

    assertThat(Json.tree(gzipped.data()).get("event").stringValue()).isEqualTo("Zipped");
    assertThat(Json.tree(deflated.data()).get("event").stringValue()).isEqualTo("Zipped");
  }

  @Test
  void a_body_that_is_not_the_encoding_it_claims_or_an_unknown_encoding_is_refused() {
    ExtractException corrupt =
        refused(
            "track",
            Requests.post("/v1/track")
                .basicAuth(KEY)
                .header("Content-Encoding", "gzip")
                .rawBody("{\"userId\":\"u\"}".getBytes(StandardCharsets.UTF_8))
                .build());
    ExtractException unknown =
        refused(
            "track",
            Requests.post("/v1/track")
                .basicAuth(KEY)
                .header("Content-Encoding", "br")
                .json("{\"userId\":\"u\",\"event\":\"e\"}")
                .build());

    assertThat(corrupt.statusCode()).isEqualTo(400);
    assertThat(corrupt.getMessage()).isEqualTo("request body is not valid gzip data");
    assertThat(unknown.statusCode()).isEqualTo(415);
    assertThat(paths(unknown)).containsExactly("headers.Content-Encoding");
  }

  @Test
  void a_small_gzip_body_that_inflates_past_the_limit_is_refused_with_413() {
    // 5 MB of spaces compress to a few KB: the bound must hold on the decompressed size.
    byte[] bomb = new byte[5 * 1024 * 1024];
    java.util.Arrays.fill(bomb, (byte) ' ');
    byte[] gzipped = Requests.gzip(bomb);
    assertThat(gzipped.length).isLessThan(SegmentSource.MAX_CALL_BYTES);

    ExtractException e =
        refused(
            "batch",
            Requests.post("/v1/batch")
                .basicAuth(KEY)
                .header("Content-Encoding", "gzip")
                .rawBody(gzipped)
                .build());

    assertThat(e.statusCode()).isEqualTo(413);
    assertThat(e.getMessage())
        .isEqualTo(
            "request body is larger than the 512000 bytes a batch may have once decompressed");
  }

  @Test
  void a_call_larger_than_32_kb_is_refused_with_413() {
    String big = "x".repeat(SegmentSource.MAX_CALL_BYTES);

    ExtractException e =
        refused(
            "track",
            Requests.post("/v1/track")
                .basicAuth(KEY)
                .json("{\"userId\":\"u\",\"event\":\"e\",\"properties\":{\"p\":\"" + big + "\"}}")
                .build());

    assertThat(e.statusCode()).isEqualTo(413);
    assertThat(e.getMessage())
        .isEqualTo("request body is larger than the 32768 bytes a call may have");
  }

  @Test
  void bodies_that_are_not_one_json_object_are_refused_with_400() {
    for (String body : List.of("", "{not json", "[1,2,3]", "{\"userId\":\"u\"} trailing", "  ")) {
      ExtractException e =
          refused("track", Requests.post("/v1/track").basicAuth(KEY).json(body).build());
      assertThat(e.statusCode()).as(body).isEqualTo(400);
      assertThat(paths(e)).as(body).containsExactly("body");
    }
  }

  @Test
  void a_batch_becomes_one_event_with_a_sub_event_per_call_of_any_type() throws Exception {
    Event event =
        extract(
            "batch",
            Requests.post("/v1/batch")
                .gzipJson(
                    """
                    {"writeKey":"wk_test_1","sentAt":"2025-02-01T10:00:05Z",
                     "context":{"library":{"name":"analytics-python","version":"2.3.0"},"locale":"fr"},
                     "integrations":{"All":true},
                     "batch":[
                       {"type":"identify","messageId":"m1","userId":"u1","traits":{"plan":"pro"}},
                       {"type":"track","messageId":"m2","userId":"u1","event":"Order Completed",
                        "context":{"locale":"de","page":{"path":"/cart"}},
                        "sentAt":"2025-02-01T10:00:01Z"},
                       {"type":"Page","messageId":"m3","anonymousId":"a1","name":"Home"},
                       {"type":"alias","messageId":"m4","userId":"u1","previousId":"a1"}
                     ]}
                    """)
                .build());

    JsonNode parent = Json.tree(event.data());
    assertThat(parent.get("type").stringValue()).isEqualTo("batch");
    assertThat(parent.has("batch")).isFalse();
    assertThat(parent.has("writeKey")).isFalse();
    assertThat(parent.get("messageIds").toString()).isEqualTo("[\"m1\",\"m2\",\"m3\",\"m4\"]");
    assertThat(Json.tree(event.context()).get("locale").stringValue()).isEqualTo("fr");
    assertThat(event.sentAt()).isEqualTo(Instant.parse("2025-02-01T10:00:05Z"));

    List<SubEvent> subs = event.subEvents();
    assertThat(subs)
        .extracting(s -> Json.tree(s.data()).get("type").stringValue())
        .containsExactly("identify", "track", "page", "alias");
    JsonNode track = Json.tree(subs.get(1).data());
    assertThat(track.get("context").get("locale").stringValue())
        .as("the call's own context wins over the batch's")
        .isEqualTo("de");
    assertThat(track.get("context").get("library").get("name").stringValue())
        .as("and the batch's fills what the call lacks")
        .isEqualTo("analytics-python");
    assertThat(track.get("integrations").get("All").booleanValue()).isTrue();
    assertThat(Json.tree(subs.get(1).context()).get("page").get("path").stringValue())
        .isEqualTo("/cart");
    assertThat(subs.get(1).sentAt()).isEqualTo(Instant.parse("2025-02-01T10:00:01Z"));
    assertThat(subs.get(0).sentAt())
        .as("a call without sentAt takes the batch's")
        .isEqualTo(Instant.parse("2025-02-01T10:00:05Z"));
    assertThat(Json.tree(subs.get(0).data()).get("sentAt").stringValue())
        .isEqualTo("2025-02-01T10:00:05Z");
  }

  @Test
  void import_is_the_same_as_batch() throws Exception {
    Event event =
        extract(
            "import",
            Requests.post("/v1/import")
                .json(
                    "{\"writeKey\":\"wk_test_2\",\"batch\":[{\"type\":\"screen\",\"userId\":\"u\"}]}")
                .build());

    assertThat(event.subEvents()).hasSize(1);
  }

  @Test
  void one_invalid_call_refuses_the_whole_batch_and_every_problem_is_listed() {
    ExtractException e =
        refused(
            "batch",
            Requests.post("/v1/batch")
                .basicAuth(KEY)
                .json(
                    """
                    {"batch":[
                      {"type":"track","userId":"u","event":"ok"},
                      {"type":"track","userId":"u"},
                      {"type":"purchase","userId":"u"},
                      {"userId":"u"},
                      "not an object"
                    ]}
                    """)
                .build());

    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.getMessage()).isEqualTo("the batch of 5 calls has 4 problems; nothing was stored");
    assertThat(paths(e))
        .containsExactly(
            "body.batch.1.event", "body.batch.2.type", "body.batch.3.type", "body.batch.4");
  }

  @Test
  void a_batch_answer_lists_at_most_fifty_problems() {
    String calls = String.join(",", java.util.Collections.nCopies(80, "{\"type\":\"track\"}"));

    ExtractException e =
        refused(
            "batch",
            Requests.post("/v1/batch").basicAuth(KEY).json("{\"batch\":[" + calls + "]}").build());

    assertThat(e.validations()).hasSize(BatchTrigger.MAX_VALIDATIONS);
    assertThat(e.getMessage()).endsWith("(the first 50 are listed)");
  }

  @Test
  void a_batch_that_is_missing_empty_or_holds_a_call_over_32_kb_is_refused() {
    ExtractException missing =
        refused("batch", Requests.post("/v1/batch").basicAuth(KEY).json("{}").build());
    ExtractException empty =
        refused("batch", Requests.post("/v1/batch").basicAuth(KEY).json("{\"batch\":[]}").build());
    String big = "x".repeat(SegmentSource.MAX_CALL_BYTES);
    ExtractException oversized =
        refused(
            "batch",
            Requests.post("/v1/batch")
                .basicAuth(KEY)
                .json(
                    "{\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"e\"},"
                        + "{\"type\":\"track\",\"userId\":\"u\",\"event\":\""
                        + big
                        + "\"}]}")
                .build());
    ExtractException badSentAt =
        refused(
            "batch",
            Requests.post("/v1/batch")
                .basicAuth(KEY)
                .json("{\"sentAt\":42,\"batch\":[{\"type\":\"screen\",\"userId\":\"u\"}]}")
                .build());

    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.getMessage()).isEqualTo("batch must be an array of calls");
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(oversized.statusCode()).isEqualTo(413);
    assertThat(paths(oversized)).containsExactly("body.batch.1");
    assertThat(badSentAt.statusCode()).isEqualTo(400);
    assertThat(paths(badSentAt)).containsExactly("body.sentAt");
  }

  @Test
  void a_source_needs_a_write_key_and_sane_limits() {
    assertThatThrownBy(() -> SegmentSource.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BLACKSMITH_SEGMENT_WRITE_KEYS");
    assertThatThrownBy(() -> SegmentSource.builder().writeKeys(" "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() ->
            SegmentSource.builder().writeKeys(KEY).maxCallBytes(2000).maxBatchBytes(1000).build())
        .hasMessageContaining("must not exceed maxBatchBytes");
    assertThatExceptionOfType(IllegalArgumentException.class)
        .isThrownBy(() -> SegmentSource.builder().basePath("segment/"));
  }
}
