package dev.blacksmith.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blacksmith.server.TestApp.Answer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * What the catalog adds for the dashboard's sources and destinations pages: each trigger's count of
 * stored events, and each action's failing rate. Two orders and one quiet event are loaded: {@code
 * notify} succeeds, {@code export} fails, {@code archive} is not due yet.
 */
class DashboardCatalogTest {

  private static final String API = "/admin/api";

  @TempDir static Path dir;
  private static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start(dir);
    for (String id : new String[] {"o-1", "o-2"}) {
      assertThat(app.post(app.gateway(), "/shop/acme/orders", "{\"id\":\"" + id + "\"}").status())
          .isEqualTo(202);
    }
    assertThat(app.post(app.gateway(), "/shop/quiet", "{\"id\":\"q-1\"}").status()).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> counts("notify").path("succeeded").asLong() == 3);
    app.clock.advance(Duration.ofHours(2));
    app.blacksmith.scheduler().runDue();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> counts("export").path("failed").asLong() == 2);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void a_trigger_shows_how_many_events_it_stored() {
    assertThat(get(API + "/sources/shop/triggers/orders").path("events").asLong()).isEqualTo(2);
    assertThat(get(API + "/sources/shop/triggers/quiet").path("events").asLong()).isEqualTo(1);
    assertThat(get(API + "/sources/shop/triggers/slow").path("events").asLong()).isZero();
    // The list stays cheap: no counts there.
    JsonNode listed = app.get(app.scheduler(), API + "/sources/shop").json().path("data");
    assertThat(listed.path("triggers").get(0).has("events")).isFalse();
  }

  @Test
  void an_action_shows_the_share_of_its_finished_jobs_that_did_not_succeed() {
    assertThat(get(API + "/destinations/warehouse/actions/notify").path("failing_rate").asDouble())
        .isZero();
    assertThat(get(API + "/destinations/warehouse/actions/export").path("failing_rate").asDouble())
        .isEqualTo(1.0);
    // Nothing of archive has finished: no rate yet rather than a misleading 0%.
    assertThat(get(API + "/destinations/warehouse/actions/archive").path("failing_rate").isNull())
        .isTrue();
    JsonNode destination = get(API + "/destinations/warehouse");
    assertThat(destination.path("actions").get(1).path("name").asString()).isEqualTo("export");
    assertThat(destination.path("actions").get(1).path("failing_rate").asDouble()).isEqualTo(1.0);
  }

  @Test
  void the_failing_rate_counts_failed_discarded_and_unknown_among_finished_jobs() {
    assertThat(
            AdminCatalogRoutes.failingRate(
                Map.of("succeeded", 6L, "failed", 1L, "discarded", 2L, "unknown", 1L)))
        .isEqualTo(0.4);
    assertThat(AdminCatalogRoutes.failingRate(Map.of("acknowledged", 5L, "executing", 1L)))
        .isNull();
    assertThat(AdminCatalogRoutes.failingRate(Map.of("succeeded", 3L))).isZero();
  }

  private static JsonNode counts(String action) {
    return get(API + "/destinations/warehouse/actions/" + action).path("counts");
  }

  private static JsonNode get(String path) {
    Answer answer = app.get(app.scheduler(), path);
    assertThat(answer.status()).as(path + " -> " + answer.body()).isEqualTo(200);
    return answer.json().path("data");
  }
}
