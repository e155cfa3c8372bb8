package dev.blacksmith.modules.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Actions;
import dev.blacksmith.destination.Job;
import dev.blacksmith.flow.Flow;
import dev.blacksmith.json.Json;
import dev.blacksmith.source.Event;
import dev.blacksmith.source.HttpTrigger;
import dev.blacksmith.source.Toolkit;
import dev.blacksmith.store.Queue;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Mapping calls to destination actions. */
class SegmentFlowsTest {

  private static final Logger LOG = LoggerFactory.getLogger("test");
  private static final dev.blacksmith.flow.Toolkit FLOW = new dev.blacksmith.flow.Toolkit(LOG);
  private static final dev.blacksmith.destination.Toolkit MARSHAL =
      new dev.blacksmith.destination.Toolkit(LOG, null, "e-1", "j-1");

  private static final SegmentCall ORDER =
      SegmentCall.parse(
          "{\"type\":\"track\",\"messageId\":\"m-1\",\"userId\":\"u-1\",\"event\":\"Order Completed\","
              + "\"properties\":{\"total\":42},\"sentAt\":\"2025-03-01T09:00:00Z\"}");
  private static final SegmentCall CLICK =
      SegmentCall.parse("{\"type\":\"track\",\"userId\":\"u-1\",\"event\":\"Clicked\"}");
  private static final SegmentCall IDENTIFY =
      SegmentCall.parse("{\"type\":\"identify\",\"userId\":\"u-1\",\"traits\":{\"plan\":\"pro\"}}");

  /** The actions of every flow {@code call} goes through, as destination/action names. */
  private static List<String> targets(SegmentFlows flows, SegmentCall call) throws Exception {
    List<String> out = new java.util.ArrayList<>();
    for (Flow flow : flows.flowsFor(call)) {
      flow.transform(FLOW)
          .byDestination()
          .forEach((d, actions) -> actions.forEach(a -> out.add(d + "/" + a.name())));
    }
    return out;
  }

  @Test
  void a_forward_rule_sends_the_call_itself_as_the_jobs_data() throws Exception {
    SegmentFlows flows = SegmentFlows.builder().forward("http", "post", CallType.TRACK).build();

    List<Flow> through = flows.flowsFor(ORDER);
    assertThat(through).hasSize(1);
    assertThat(through.get(0).options().enabled()).isTrue();
    Action action = through.get(0).transform(FLOW).byDestination().get("http").get(0);
    Job job = action.marshal(MARSHAL);

    assertThat(action.name()).isEqualTo("post");
    assertThat(Json.tree(job.data())).isEqualTo(Json.tree(ORDER.json()));
    assertThat(job.context()).as("null: the event's context applies").isNull();
    assertThat(job.version()).isNull();
    assertThat(job.sentAt()).isEqualTo(Instant.parse("2025-03-01T09:00:00Z"));
  }

  @Test
  void rules_pick_calls_by_type_and_track_calls_by_event_name() throws Exception {
    SegmentFlows flows =
        SegmentFlows.builder()
            .forward(Set.of(CallType.TRACK), Set.of("Order Completed"), "http", "post")
            .forward("warehouse", "run-operation", CallType.IDENTIFY, CallType.GROUP)
            .forward("audit", "record")
            .build();

    assertThat(targets(flows, ORDER)).containsExactly("http/post", "audit/record");
    assertThat(targets(flows, CLICK)).containsExactly("audit/record");
    assertThat(targets(flows, IDENTIFY)).containsExactly("warehouse/run-operation", "audit/record");
    assertThat(flows.describe())
        .containsExactly(
            "track[Order Completed] -> http/post",
            "identify,group -> warehouse/run-operation",
            "* -> audit/record");
  }

  @Test
  void java_mappings_build_any_action_from_the_call() throws Exception {
    SegmentFlows flows =
        SegmentFlows.builder()
            .onTrack(
                "Order Completed",
                call ->
                    Actions.of(
                        "crm",
                        new Recorded(
                            "order", call.userId() + ":" + call.properties().get("total"))))
            .on(
                CallType.IDENTIFY,
                call -> Actions.of("crm", new Recorded("contact", call.userId())))
            .onEveryCall(call -> Actions.none())
            .build();

    Action order = flows.flowsFor(ORDER).get(0).transform(FLOW).byDestination().get("crm").get(0);
    assertThat(order.marshal(MARSHAL).data()).isEqualTo("\"u-1:42\"");
    assertThat(targets(flows, IDENTIFY)).containsExactly("crm/contact");
    assertThat(flows.flowsFor(CLICK)).as("only the catch-all rule").hasSize(1);
    assertThat(flows.describe()).contains("track[Order Completed] -> code");
  }

  @Test
  void a_failing_mapping_fails_its_own_flow_only() throws Exception {
    SegmentFlows flows =
        SegmentFlows.builder()
            .on(
                CallType.TRACK,
                call -> {
                  throw new IllegalStateException("no CRM id for " + call.userId());
                })
            .forward("http", "post", CallType.TRACK)
            .build();

    List<Flow> through = flows.flowsFor(ORDER);

    assertThat(through).hasSize(2);
    assertThatThrownBy(() -> through.get(0).transform(FLOW)).hasMessage("no CRM id for u-1");
    assertThat(through.get(1).transform(FLOW).byDestination()).containsOnlyKeys("http");
  }

  @Test
  void disabled_rules_give_disabled_flows_which_create_no_jobs() {
    SegmentFlows flows = SegmentFlows.builder().forward("http", "post").enabled(false).build();

    assertThat(flows.flowsFor(ORDER)).allSatisfy(f -> assertThat(f.options().enabled()).isFalse());
    assertThat(flows.withEnabled(true).flowsFor(ORDER))
        .allSatisfy(f -> assertThat(f.options().enabled()).isTrue());
  }

  @Test
  void rules_with_bad_names_or_event_filters_on_other_types_are_refused() {
    assertThatThrownBy(() -> SegmentFlows.builder().forward("HTTP", "post"))
        .hasMessageContaining("destination name 'HTTP' is invalid");
    assertThatThrownBy(() -> SegmentFlows.builder().forward("http", "post now"))
        .hasMessageContaining("action name 'post now' is invalid");
    assertThatThrownBy(() ->
            SegmentFlows.builder()
                .forward(Set.of(CallType.PAGE), Set.of("Order Completed"), "http", "post"))
        .hasMessageContaining("events filter track calls only");
    assertThatThrownBy(() -> SegmentFlows.builder().onTrack(" ", call -> Actions.none()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_forwarded_call_only_marshals_its_destination_loads_it() {
    Action forwarded = SegmentFlows.forward("post", ORDER);

    assertThatThrownBy(() -> forwarded.load(MARSHAL, new Queue(List.of()), then -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("action 'post' of its destination loads the jobs");
  }

  @Test
  void each_call_of_a_batch_goes_through_the_flows_of_its_own_type() throws Exception {
    SegmentSource source =
        SegmentSource.builder()
            .writeKeys("wk")
            .flows(
                SegmentFlows.builder()
                    .forward("http", "post", CallType.TRACK)
                    .forward("warehouse", "run-operation", CallType.IDENTIFY)
                    .build())
            .build();
    HttpTrigger batch = (HttpTrigger) source.triggers().get("batch");

    Event event =
        batch.extract(
            new Toolkit(LOG, null),
            Requests.post("/v1/batch")
                .basicAuth("wk")
                .json(
                    "{\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"e\"},"
                        + "{\"type\":\"identify\",\"userId\":\"u\"},"
                        + "{\"type\":\"page\",\"userId\":\"u\"}]}")
                .build());

    assertThat(event.flows()).as("the batch itself goes nowhere").isEmpty();
    assertThat(event.subEvents()).extracting(s -> s.flows().size()).containsExactly(1, 1, 0);
    assertThat(event.subEvents().get(1).flows().get(0).transform(FLOW).byDestination())
        .containsOnlyKeys("warehouse");
  }

  @Test
  void a_call_parsed_for_a_test_is_validated_like_a_call_of_a_batch() {
    assertThat(IDENTIFY.type()).isEqualTo(CallType.IDENTIFY);
    assertThat(IDENTIFY.traits().get("plan").stringValue()).isEqualTo("pro");
    assertThat(IDENTIFY.properties().isEmpty()).isTrue();
    assertThat(ORDER.messageId()).isEqualTo("m-1");
    assertThatThrownBy(() -> SegmentCall.parse("{\"type\":\"track\",\"event\":\"e\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid Segment call: userId: a track call needs userId or anonymousId");
    assertThatThrownBy(() -> SegmentCall.parse("{oops"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void flows_see_the_call_fields_through_typed_accessors() {
    SegmentCall call =
        SegmentCall.parse(
            "{\"type\":\"group\",\"anonymousId\":\"a\",\"groupId\":7,\"traits\":{\"n\":1},"
                + "\"context\":{\"ip\":\"1.1.1.1\"},\"integrations\":{\"All\":true},"
                + "\"timestamp\":\"2025-01-01T00:00:00Z\",\"originalTimestamp\":\"2025-01-01T00:00:01Z\","
                + "\"custom\":\"kept\"}");

    assertThat(call.groupId()).isEqualTo("7");
    assertThat(call.userId()).isNull();
    assertThat(call.anonymousId()).isEqualTo("a");
    assertThat(call.context().get("ip").stringValue()).isEqualTo("1.1.1.1");
    assertThat(call.integrations().get("All").booleanValue()).isTrue();
    assertThat(call.timestamp()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
    assertThat(call.originalTimestamp()).isEqualTo(Instant.parse("2025-01-01T00:00:01Z"));
    assertThat(call.sentAt()).isNull();
    assertThat(call.field("custom")).isEqualTo("kept");
    assertThat(call.toJsonNode().get("type").stringValue()).isEqualTo("group");
  }

  /** An action of a test destination carrying a value. */
  private record Recorded(String name, Object value) implements Action {
    @Override
    public Job marshal(dev.blacksmith.destination.Toolkit toolkit) {
      return Job.of(value);
    }

    @Override
    public void load(
        dev.blacksmith.destination.Toolkit toolkit,
        Queue queue,
        dev.blacksmith.destination.ThenSink then) {
      throw new UnsupportedOperationException("marshal only in this test");
    }
  }
}
