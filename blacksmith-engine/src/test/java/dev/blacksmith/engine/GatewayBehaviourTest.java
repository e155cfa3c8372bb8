package dev.blacksmith.engine;

import static dev.blacksmith.engine.Recording.Call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.blacksmith.destination.Actions;
import dev.blacksmith.destination.Options;
import dev.blacksmith.destination.Schedule;
import dev.blacksmith.engine.Recording.RecordingAction;
import dev.blacksmith.engine.Recording.RecordingDestination;
import dev.blacksmith.flow.Flow;
import dev.blacksmith.json.Json;
import dev.blacksmith.source.Event;
import dev.blacksmith.source.ExtractException;
import dev.blacksmith.source.SubEvent;
import dev.blacksmith.store.Job;
import dev.blacksmith.store.Status;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class GatewayBehaviourTest {

  @TempDir java.nio.file.Path dir;

  private EngineFixture app;
  private final RecordingAction identify = new RecordingAction("identify", Schedule.inRealtime());
  private final RecordingAction track = new RecordingAction("track", null);

  private EngineFixture start(Options options) {
    app =
        new EngineFixture(
            dir, b -> b.destination(new RecordingDestination("crm", options, identify, track)));
    return app;
  }

  private EngineFixture start() {
    return start(Options.builder().build());
  }

  @AfterEach
  void close() {
    if (app != null) {
      app.close();
    }
  }

  record Enabled(boolean on, Actions actions) implements Flow {
    @Override
    public dev.blacksmith.flow.Options options() {
      return new dev.blacksmith.flow.Options(on);
    }

    @Override
    public Actions transform(dev.blacksmith.flow.Toolkit toolkit) {
      return actions;
    }
  }

  @Test
  void jobs_come_from_the_event_actions_and_from_enabled_flows_only() {
    start();
    Accepted accepted =
        app.send(
            Event.builder()
                .data(Map.of("user", 1))
                .actions(Actions.of("crm", Call.of("identify", Map.of("from", "event"))))
                .flow(
                    new Enabled(true, Actions.of("crm", Call.of("track", Map.of("from", "flow")))))
                .flow(
                    new Enabled(false, Actions.of("crm", Call.of("track", Map.of("from", "off")))))
                .build());

    assertThat(accepted.jobIds()).hasSize(2);
    List<Job> jobs = accepted.jobIds().stream().map(app::job).toList();
    assertThat(jobs)
        .extracting(Job::action, Job::data)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("identify", "{\"from\":\"event\"}"),
            org.assertj.core.groups.Tuple.tuple("track", "{\"from\":\"flow\"}"));
    assertThat(jobs).allSatisfy(j -> assertThat(j.status()).isEqualTo(Status.ACKNOWLEDGED));
    assertThat(app.blacksmith.store().findEvent(accepted.eventId()).orElseThrow().jobs())
        .hasSize(2);
  }

  @Test
  void a_job_without_context_gets_the_event_context_and_one_with_context_keeps_its_own() {
    start();
    Accepted accepted =
        app.send(
            Event.builder()
                .context(Map.of("ip", "10.1.1.1"))
                .actions(
                    Actions.of(
                        "crm",
                        Call.of("identify", 1),
                        Call.of("track", 2).withContext("{\"own\":true}")))
                .build());

    assertThat(app.job(accepted.jobIds().get(0)).context()).isEqualTo("{\"ip\":\"10.1.1.1\"}");
    assertThat(app.job(accepted.jobIds().get(1)).context()).isEqualTo("{\"own\":true}");
  }

  @Test
  void a_marshal_error_voids_that_job_only_and_is_reported() {
    start();
    Accepted accepted =
        app.send(
            Event.builder()
                .actions(Actions.of("crm", Call.of("identify", 1).failing(), Call.of("track", 2)))
                .build());

    assertThat(accepted.jobIds()).hasSize(1);
    assertThat(app.job(accepted.jobIds().get(0)).action()).isEqualTo("track");
    assertThat(accepted.rejected())
        .singleElement()
        .satisfies(r -> {
          assertThat(r.destination()).isEqualTo("crm");
          assertThat(r.action()).isEqualTo("identify");
          assertThat(r.message()).contains("cannot marshal 1");
        });
  }

  @Test
  void an_unknown_destination_or_action_is_rejected_without_failing_the_event() {
    start();
    Accepted accepted =
        app.send(
            Event.builder()
                .actions(
                    Actions.builder()
                        .add("nowhere", Call.of("identify", 1))
                        .add("crm", Call.of("nothing", 1), Call.of("track", 1))
                        .build())
                .build());

    assertThat(accepted.jobIds()).hasSize(1);
    assertThat(accepted.rejected())
        .extracting(Accepted.Rejection::message)
        .containsExactly(
            "no destination named 'nowhere'", "destination 'crm' has no action 'nothing'");
  }

  @Test
  void a_job_without_version_gets_the_destination_default_and_an_unknown_version_is_refused() {
    start(Options.builder().version("v1").version("v2").defaultVersion("v2").build());
    Accepted accepted =
        app.send(
            Event.builder()
                .actions(
                    Actions.of(
                        "crm",
                        Call.of("identify", 1),
                        Call.of("track", 2).withVersion("v1"),
                        Call.of("track", 3).withVersion("v9")))
                .build());

    assertThat(accepted.jobIds())
        .extracting(id -> app.job(id).version())
        .containsExactly("v2", "v1");
    assertThat(accepted.rejected())
        .singleElement()
        .satisfies(r -> assertThat(r.message()).contains("unknown version 'v9'"));
  }

  @Test
  void a_deprecated_version_is_accepted_with_a_warning() {
    Logger logger = (Logger) LoggerFactory.getLogger("blacksmith");
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    ch.qos.logback.classic.Level level = logger.getLevel();
    logger.setLevel(ch.qos.logback.classic.Level.WARN);
    try {
      start(
          Options.builder()
              .version("v1", Instant.parse("2020-01-01T00:00:00Z"))
              .version("v2")
              .defaultVersion("v2")
              .build());
      Accepted accepted =
          app.send(
              Event.builder()
                  .actions(Actions.of("crm", Call.of("identify", 1).withVersion("v1")))
                  .build());

      assertThat(app.job(accepted.jobIds().get(0)).version()).isEqualTo("v1");
      assertThat(logs.list)
          .anySatisfy(e ->
              assertThat(e.getFormattedMessage())
                  .contains("version v1 of destination crm is deprecated"));
    } finally {
      logger.detachAppender(logs);
      logger.setLevel(level);
    }
  }

  @Test
  void sub_events_become_child_events_with_their_own_jobs() {
    start();
    Accepted accepted =
        app.send(
            Event.builder()
                .context(Map.of("batch", true))
                .data(Map.of("kind", "batch"))
                .subEvent(
                    new SubEvent(
                        null,
                        null,
                        "{\"n\":1}",
                        Actions.of("crm", Call.of("identify", 1)),
                        List.of(),
                        null))
                .subEvent(
                    new SubEvent(
                        null,
                        null,
                        "{\"n\":2}",
                        Actions.of("crm", Call.of("track", 2)),
                        List.of(),
                        null))
                .build());

    assertThat(accepted.jobIds()).isEmpty();
    assertThat(accepted.subEvents()).hasSize(2);
    for (Accepted child : accepted.subEvents()) {
      var stored = app.blacksmith.store().findEvent(child.eventId()).orElseThrow();
      assertThat(stored.parentEventId()).isEqualTo(accepted.eventId());
      assertThat(stored.context()).isEqualTo("{\"batch\":true}");
      assertThat(stored.jobs()).hasSize(1);
      assertThat(stored.jobs().get(0).eventId()).isEqualTo(child.eventId());
    }
  }

  @Test
  void an_unknown_source_version_is_refused_and_nothing_is_stored() {
    app =
        new EngineFixture(
            dir,
            b ->
                b.destination(
                    new RecordingDestination("crm", Options.builder().build(), identify, track)));
    // The fixture's source is not versioned, so use a versioned one through ingest.
    Blacksmith versioned =
        Blacksmith.create(
            dev.blacksmith.engine.Options.builder()
                .storeUrl("sqlite:" + dir.resolve("versioned.db"))
                .backgroundLoops(false)
                .source(new VersionedSource())
                .build());
    versioned.start();
    try {
      assertThatThrownBy(() ->
              versioned
                  .gateway()
                  .ingest("versioned", "hook", Event.builder().version("v3").build())
                  .join())
          .isInstanceOf(CompletionException.class)
          .cause()
          .isInstanceOf(ExtractException.class)
          .hasMessageContaining("unknown version 'v3'");
      Accepted ok = versioned.gateway().ingest("versioned", "hook", Event.builder().build()).join();
      assertThat(versioned.store().findEvent(ok.eventId()).orElseThrow().version()).isEqualTo("v1");
      assertThat(versioned.store().findEvents(dev.blacksmith.spi.store.Query.all()).count())
          .isEqualTo(1);
    } finally {
      versioned.close();
    }
  }

  static final class VersionedSource implements dev.blacksmith.source.Source {
    @Override
    public String name() {
      return "versioned";
    }

    @Override
    public dev.blacksmith.source.Options options() {
      return dev.blacksmith.source.Options.builder().version("v1").defaultVersion("v1").build();
    }

    @Override
    public Map<String, dev.blacksmith.source.Trigger> triggers() {
      return Map.of(
          "hook",
          new dev.blacksmith.source.HttpTrigger() {
            @Override
            public String name() {
              return "hook";
            }

            @Override
            public dev.blacksmith.source.Route route() {
              return dev.blacksmith.source.Route.post("/versioned/hook");
            }

            @Override
            public Event extract(
                dev.blacksmith.source.Toolkit toolkit, dev.blacksmith.source.HttpRequest request) {
              return Event.builder().build();
            }
          });
    }
  }

  @Test
  void the_http_trigger_extracts_an_event_and_invalid_json_stores_nothing() throws Exception {
    start();
    HttpEndpoint endpoint = app.blacksmith.gateway().endpoints().get(0);
    assertThat(endpoint.route().path()).isEqualTo("/app/track");

    Accepted ok = app.blacksmith.gateway().handle(endpoint, request("{\"a\":1}")).get();
    assertThat(Json.tree(app.blacksmith.store().findEvent(ok.eventId()).orElseThrow().data()))
        .isEqualTo(Json.tree("{\"a\":1}"));

    assertThatThrownBy(() -> app.blacksmith.gateway().handle(endpoint, request("{oops")).join())
        .cause()
        .isInstanceOf(ExtractException.class)
        .satisfies(e -> assertThat(((ExtractException) e).statusCode()).isEqualTo(400));
    assertThat(app.blacksmith.store().findEvents(dev.blacksmith.spi.store.Query.all()).count())
        .isEqualTo(1);
  }

  @Test
  void a_nul_character_in_the_request_is_refused_with_400_and_nothing_is_stored() throws Exception {
    start();
    HttpEndpoint endpoint = app.blacksmith.gateway().endpoints().get(0);

    assertThatThrownBy(() ->
            app.blacksmith.gateway().handle(endpoint, request("{\"text\":\"a\\u0000b\"}")).join())
        .cause()
        .isInstanceOf(ExtractException.class)
        .hasMessageContaining("NUL character")
        .satisfies(e -> assertThat(((ExtractException) e).statusCode()).isEqualTo(400));
    assertThat(app.blacksmith.store().findEvents(dev.blacksmith.spi.store.Query.all()).count())
        .isZero();
  }

  private static dev.blacksmith.source.HttpRequest request(String body) {
    return new dev.blacksmith.source.HttpRequest(
        "POST",
        "/app/track",
        Map.of("Content-Type", List.of("application/json")),
        Map.of(),
        Map.of(),
        body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
