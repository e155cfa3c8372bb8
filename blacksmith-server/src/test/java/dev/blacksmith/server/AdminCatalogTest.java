package dev.blacksmith.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blacksmith.engine.ServiceKind;
import dev.blacksmith.json.Json;
import dev.blacksmith.server.AdminRoutes.Route;
import dev.blacksmith.server.TestApp.Answer;
import dev.blacksmith.spi.supervisor.Lock;
import dev.blacksmith.spi.supervisor.Supervisor;
import dev.blacksmith.supervisor.Service;
import io.javalin.Javalin;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The catalog routes (options, sources, destinations) and the OpenAPI document, mounted with {@link
 * AdminRoutes#mount(io.javalin.config.RoutesConfig, dev.blacksmith.engine.Blacksmith)} on a service
 * of their own next to a real test application, which holds one order: a {@code notify} job
 * (succeeded) and an {@code export} job (acknowledged).
 */
class AdminCatalogTest {

  private static final String API = "/admin/api";

  @TempDir static Path dir;
  private static TestApp app;
  private static Javalin admin;
  private static final List<Route> mounted = new ArrayList<>();

  @BeforeAll
  static void start() {
    app = TestApp.start(dir, b -> b.source(new Ticker()));
    admin =
        HttpService.start(
            () -> true,
            ServiceKind.SCHEDULER,
            "127.0.0.1",
            0,
            Duration.ofSeconds(1),
            routes -> mounted.addAll(AdminRoutes.mount(routes, app.blacksmith)));
    assertThat(app.post(app.gateway(), "/shop/acme/orders", "{\"id\":\"o-1\"}").status())
        .isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() ->
            get(API + "/destinations/warehouse/actions/notify")
                    .path("data")
                    .path("counts")
                    .path("succeeded")
                    .asLong()
                == 1);
  }

  @AfterAll
  static void stop() {
    admin.stop();
    app.close();
  }

  @Test
  void options_show_adapters_services_ports_and_tuning() {
    JsonNode json = get(API + "/options");

    assertThat(json.path("statusCode").asInt()).isEqualTo(200);
    JsonNode data = json.path("data");
    assertThat(data.path("store").path("name").asString()).isEqualTo("sqlite");
    assertThat(data.path("store").path("url").asString()).startsWith("sqlite:");
    assertThat(data.path("pubsub").path("name").asString()).isNotBlank();
    assertThat(data.path("supervisor").path("name").asString()).isNotBlank();
    JsonNode scheduler = data.path("services").path("scheduler");
    assertThat(scheduler.path("id").asString()).isNotBlank();
    assertThat(scheduler.path("name").asString()).isEqualTo("scheduler");
    assertThat(scheduler.path("version").asString()).isNotBlank();
    assertThat(data.path("ports").path("host").asString()).isEqualTo("127.0.0.1");
    assertThat(data.path("tuning").path("sweep_interval").asString()).isEqualTo("PT0.1S");
    assertThat(data.path("tuning").path("claim_batch_size").asInt()).isPositive();
    assertThat(data.path("purge_policies").isArray()).isTrue();
    assertThat(json.toString()).doesNotContain(TestApp.ADMIN_TOKEN);
  }

  @Test
  void urls_have_their_passwords_masked() {
    assertThat(AdminCatalogRoutes.mask("postgres://app:s3cret@db:5432/blacksmith?sslmode=require"))
        .isEqualTo("postgres://app:***@db:5432/blacksmith?sslmode=require");
    assertThat(AdminCatalogRoutes.mask("jdbc:postgresql://db/b?user=app&password=s3cret&x=1"))
        .isEqualTo("jdbc:postgresql://db/b?user=app&password=***&x=1");
    assertThat(AdminCatalogRoutes.mask("nats://127.0.0.1:4222")).isEqualTo("nats://127.0.0.1:4222");
  }

  @Test
  void sources_list_each_source_with_its_triggers_and_modes() {
    JsonNode json = get(API + "/sources");

    assertThat(json.path("meta").path("count").asInt()).isEqualTo(2);
    JsonNode shop = json.path("data").get(0);
    assertThat(shop.path("name").asString()).isEqualTo("shop");
    List<String> triggers = new ArrayList<>();
    shop.path("triggers").forEach(t -> triggers.add(t.path("name").asString()));
    assertThat(triggers).containsExactly("orders", "quiet", "slow");
    assertThat(shop.path("triggers").get(0).path("mode").asString()).isEqualTo("http");
  }

  @Test
  void a_source_and_a_trigger_are_shown_by_name() {
    assertThat(get(API + "/sources/shop").path("data").path("name").asString()).isEqualTo("shop");

    JsonNode trigger = get(API + "/sources/shop/triggers/orders").path("data");

    assertThat(trigger.path("mode").asString()).isEqualTo("http");
    assertThat(trigger.path("route").path("path").asString()).isEqualTo("/shop/{tenant}/orders");
    assertThat(trigger.path("route").path("methods").toString()).isEqualTo("[\"POST\",\"PUT\"]");
    // An HTTP trigger takes no lock.
    assertThat(trigger.has("lock")).isFalse();
  }

  @Test
  void cron_and_cdc_triggers_show_their_schedule_and_lock_status() {
    JsonNode tick = get(API + "/sources/ticker/triggers/tick").path("data");
    assertThat(tick.path("mode").asString()).isEqualTo("cron");
    assertThat(tick.path("schedule").asString()).isEqualTo("@every 1h");
    assertThat(tick.path("lock").path("key").asString()).isEqualTo("triggers/ticker/tick");
    assertThat(tick.path("lock").path("held").isBoolean()).isTrue();

    // A CDC trigger holds its lock for as long as it runs.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() ->
            get(API + "/sources/ticker/triggers/changes")
                .path("data")
                .path("lock")
                .path("held")
                .asBoolean());
    JsonNode lock = get(API + "/sources/ticker/triggers/changes").path("data").path("lock");
    assertThat(lock.path("key").asString()).isEqualTo("triggers/ticker/changes");
    String holder = lock.path("holder").path("id").asString();
    assertThat(holder)
        .isIn(
            get(API + "/options")
                .path("data")
                .path("services")
                .path("scheduler")
                .path("id")
                .asString(),
            get(API + "/options")
                .path("data")
                .path("services")
                .path("gateway")
                .path("id")
                .asString());
    assertThat(lock.path("acquired_at").asString()).isNotBlank();
    assertThat(lock.path("expires_at").asString()).isNotBlank();
  }

  @Test
  void unknown_source_trigger_destination_and_action_are_not_found() {
    assertNotFound(API + "/sources/nope", "source 'nope' does not exist");
    assertNotFound(API + "/sources/shop/triggers/nope", "trigger 'shop/nope' does not exist");
    assertNotFound(API + "/destinations/nope", "destination 'nope' does not exist");
    assertNotFound(
        API + "/destinations/warehouse/actions/nope", "action 'warehouse/nope' does not exist");
  }

  @Test
  void destinations_list_their_actions_with_effective_schedules() {
    JsonNode json = get(API + "/destinations");

    JsonNode warehouse = json.path("data").get(0);
    assertThat(warehouse.path("name").asString()).isEqualTo("warehouse");
    JsonNode notify = warehouse.path("actions").get(0);
    assertThat(notify.path("name").asString()).isEqualTo("notify");
    assertThat(notify.path("schedule").path("realtime").asBoolean()).isTrue();
    JsonNode export = warehouse.path("actions").get(1);
    assertThat(export.path("schedule").path("interval").asString()).isEqualTo("@every 1h");
    assertThat(export.path("schedule").path("realtime").asBoolean()).isFalse();
    // Defaults fill what the action leaves unset.
    assertThat(export.path("schedule").path("max_retries").asInt()).isEqualTo(72);
    assertThat(
            get(API + "/destinations/warehouse").path("data").path("actions").get(1).has("counts"))
        .isTrue();
  }

  @Test
  void an_action_shows_its_lock_status_and_counts_by_status() {
    JsonNode export = get(API + "/destinations/warehouse/actions/export").path("data");

    assertThat(export.path("counts").path("acknowledged").asLong()).isEqualTo(1);
    assertThat(export.path("counts").path("failed").asLong()).isZero();
    assertThat(export.path("counts").properties()).hasSize(7);
    JsonNode free = export.path("lock");
    assertThat(free.path("key").asString()).isEqualTo("actions/warehouse/export");
    // Held only while a load runs, and none runs now (the clock stands still).
    assertThat(free.path("held").asBoolean()).isFalse();
    assertThat(free.path("holder").isNull()).isTrue();

    Supervisor supervisor = app.blacksmith.internals().supervisor();
    Service other = new Service("other-id", "scheduler", "9.9.9", "10.0.0.2:9091");
    Lock held =
        supervisor
            .tryAcquire("actions/warehouse/export", other, Duration.ofMinutes(5))
            .orElseThrow();
    try {
      JsonNode lock = get(API + "/destinations/warehouse/actions/export").path("data").path("lock");
      assertThat(lock.path("held").asBoolean()).isTrue();
      assertThat(lock.path("holder").toString())
          .isEqualTo(
              "{\"id\":\"other-id\",\"name\":\"scheduler\",\"version\":\"9.9.9\","
                  + "\"address\":\"10.0.0.2:9091\"}");
      assertThat(lock.path("acquired_at").asString()).isEqualTo(held.acquiredAt().toString());
      assertThat(lock.path("expires_at").asString()).isEqualTo(held.expiresAt().toString());
    } finally {
      supervisor.release(held);
    }

    JsonNode notify = get(API + "/destinations/warehouse/actions/notify").path("data");
    assertThat(notify.path("counts").path("succeeded").asLong()).isEqualTo(1);
    // A realtime action takes no lock.
    assertThat(notify.path("lock").isNull()).isTrue();
  }

  @Test
  void openapi_document_is_served_and_describes_every_mounted_route() {
    JsonNode served = get(API + "/openapi.json");
    JsonNode document = Json.tree(OpenApi.document());

    assertThat(served).isEqualTo(document);
    assertThat(document.path("openapi").asString()).startsWith("3.1");
    assertThat(mounted).hasSizeGreaterThanOrEqualTo(17);
    for (Route route : mounted) {
      assertThat(document.path("paths").path(route.path()).has(route.method()))
          .as(route.method() + " " + route.path() + " is in the OpenAPI document")
          .isTrue();
    }
    // And the document describes no route that is not mounted.
    List<String> documented = new ArrayList<>();
    document
        .path("paths")
        .properties()
        .forEach(
            p -> p.getValue().propertyNames().forEach(m -> documented.add(m + " " + p.getKey())));
    assertThat(documented)
        .containsExactlyInAnyOrderElementsOf(
            mounted.stream().map(r -> r.method() + " " + r.path()).toList());
  }

  @Test
  void migrations_answer_404_saying_why_when_the_process_runs_no_wanderer() {
    Answer answer =
        app.send(
            HttpRequest.newBuilder(TestApp.uri(admin.port(), API + "/wanderer/migrations")).GET());
    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.json().path("message").asString()).contains("this process runs no wanderer");
  }

  @Test
  void openapi_document_lists_every_filter_of_the_store_routes() {
    JsonNode document = Json.tree(OpenApi.document());
    List<String> names = new ArrayList<>();
    document
        .path("paths")
        .path(API + "/store/jobs")
        .path("get")
        .path("parameters")
        .forEach(p -> names.add(p.path("name").asString()));

    assertThat(names).containsAll(AdminQuery.FILTER_KEYS).contains("offset", "limit");
  }

  private static JsonNode get(String path) {
    Answer answer = app.send(HttpRequest.newBuilder(TestApp.uri(admin.port(), path)).GET());
    assertThat(answer.status()).as(path + " -> " + answer.body()).isEqualTo(200);
    return answer.json();
  }

  private static void assertNotFound(String path, String message) {
    Answer answer = app.send(HttpRequest.newBuilder(TestApp.uri(admin.port(), path)).GET());
    assertThat(answer.status()).as(path).isEqualTo(404);
    assertThat(answer.json().path("statusCode").asInt()).isEqualTo(404);
    assertThat(answer.json().path("validations").get(0).path("message").asString())
        .isEqualTo(message);
  }
}
