package dev.blacksmith.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blacksmith.engine.ServiceKind;
import dev.blacksmith.json.Json;
import dev.blacksmith.spi.Ids;
import dev.blacksmith.spi.store.Page;
import dev.blacksmith.spi.wanderer.Acknowledgement;
import dev.blacksmith.spi.wanderer.MigrationQuery;
import dev.blacksmith.spi.wanderer.MigrationRecord;
import dev.blacksmith.spi.wanderer.MigrationStatus;
import dev.blacksmith.spi.wanderer.MigrationTransition;
import dev.blacksmith.spi.wanderer.NewMigration;
import dev.blacksmith.spi.wanderer.Scope;
import dev.blacksmith.spi.wanderer.Wanderer;
import dev.blacksmith.spi.wanderer.WandererException;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The wanderer's admin routes over HTTP, on a wanderer holding four migrations: {@code
 * destination:warehouse} 20260101 (succeeded(up)) and 20260201 (failed(up)), {@code
 * destination/action:warehouse/insert} 20260115 (acknowledged) and {@code source/trigger:shop/poll}
 * 20260301 (discarded).
 */
class WandererRoutesTest {

  private static final String API = AdminRoutes.PREFIX + WandererRoutes.PATH;
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static final InMemoryWanderer WANDERER = new InMemoryWanderer();
  private static Javalin server;
  private static List<AdminRoutes.Route> mounted;
  private static MigrationRecord created;
  private static MigrationRecord failed;

  @BeforeAll
  static void start() {
    Scope warehouse = Scope.destination("warehouse");
    List<MigrationRecord> added =
        WANDERER
            .acknowledge(
                List.of(
                    migration(warehouse, "20260101000000", "create_events"),
                    migration(warehouse, "20260201000000", "add_column"),
                    migration(Scope.action("warehouse", "insert"), "20260115000000", "batches"),
                    migration(Scope.trigger("shop", "poll"), "20260301000000", "cursor")),
                T0)
            .added();
    created = move(added.get(0), MigrationStatus.EXECUTING_UP, null, 1);
    created = move(created, MigrationStatus.SUCCEEDED_UP, null, 2);
    failed = move(added.get(1), MigrationStatus.EXECUTING_UP, null, 3);
    failed = move(failed, MigrationStatus.FAILED_UP, "{\"message\":\"no such table: t\"}", 4);
    move(added.get(3), MigrationStatus.DISCARDED, "{\"message\":\"discarded by an operator\"}", 5);
    server =
        HttpService.start(
            () -> true,
            ServiceKind.SCHEDULER,
            "127.0.0.1",
            0,
            Duration.ofSeconds(1),
            routes -> mounted = WandererRoutes.mount(routes, () -> WANDERER));
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  private static NewMigration migration(Scope scope, String version, String name) {
    return new NewMigration(scope, version, name, NewMigration.checksum(name));
  }

  private static MigrationRecord move(
      MigrationRecord m, MigrationStatus to, @Nullable String error, int seconds) {
    return WANDERER.transition(m.id(), m.status(), to, error, T0.plusSeconds(seconds));
  }

  private record Answer(int status, JsonNode json) {}

  private static Answer get(String pathAndQuery) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), Json.tree(response.body()));
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static List<String> names(JsonNode data) {
    List<String> names = new ArrayList<>();
    data.forEach(m -> names.add(m.path("name").asString()));
    return names;
  }

  @Test
  void mounts_the_list_one_migration_and_its_transitions() {
    assertThat(mounted)
        .containsExactly(
            new AdminRoutes.Route("get", "/admin/api/wanderer/migrations"),
            new AdminRoutes.Route("get", "/admin/api/wanderer/migrations/{id}"),
            new AdminRoutes.Route("get", "/admin/api/wanderer/migrations/{id}/transitions"));
  }

  @Test
  void the_list_is_an_envelope_with_count_pagination_where_and_migrations_newest_first() {
    Answer answer = get(API);

    assertThat(answer.status()).isEqualTo(200);
    JsonNode json = answer.json();
    assertThat(json.path("statusCode").asInt()).isEqualTo(200);
    assertThat(json.path("message").asString()).isEqualTo("Successful");
    assertThat(json.path("meta").path("count").asLong()).isEqualTo(4);
    assertThat(json.path("meta").path("pagination").toString())
        .isEqualTo("{\"current\":1,\"first\":1,\"last\":1,\"previous\":null,\"next\":null}");
    assertThat(json.path("meta").path("where").toString())
        .isEqualTo("{\"offset\":0,\"limit\":100}");
    assertThat(names(json.path("data")))
        .containsExactly("cursor", "add_column", "batches", "create_events");
    JsonNode first = json.path("data").get(3);
    assertThat(first.path("id").asString()).isEqualTo(created.id());
    assertThat(first.path("scope").asString()).isEqualTo("destination:warehouse");
    assertThat(first.path("version").asString()).isEqualTo("20260101000000");
    assertThat(first.path("status").asString()).isEqualTo("succeeded(up)");
    assertThat(first.path("checksum").asString()).isEqualTo(created.checksum());
    assertThat(first.path("created_at").asString()).isEqualTo("2026-11-27T10:00:00Z");
    assertThat(first.path("transition").path("state_before").asString()).isEqualTo("executing(up)");
    assertThat(first.path("transition").path("state_after").asString()).isEqualTo("succeeded(up)");
  }

  @Test
  void the_list_filters_by_scope_in_either_form_and_by_status() {
    Answer byScope =
        get(API + "?migrations.scopes_in=d:warehouse&migrations.status_notin=succeeded_up");
    assertThat(names(byScope.json().path("data"))).containsExactly("add_column");
    assertThat(byScope.json().path("meta").path("where").toString())
        .isEqualTo(
            "{\"migrations.scopes_in\":[\"destination:warehouse\"],"
                + "\"migrations.status_notin\":[\"succeeded(up)\"],\"offset\":0,\"limit\":100}");

    assertThat(
            names(
                get(API + "?migrations.status_in=acknowledged&migrations.status_in=discarded")
                    .json()
                    .path("data")))
        .containsExactly("cursor", "batches");
    assertThat(
            names(
                get(API
                        + "?migrations.scopes_notin=destination:warehouse&migrations"
                        + ".scopes_notin=st:shop/poll")
                    .json()
                    .path("data")))
        .containsExactly("batches");
  }

  @Test
  void the_list_pages_with_offset_and_limit() {
    JsonNode json = get(API + "?offset=2&limit=1").json();

    assertThat(names(json.path("data"))).containsExactly("batches");
    assertThat(json.path("meta").path("count").asLong()).isEqualTo(4);
    assertThat(json.path("meta").path("pagination").toString())
        .isEqualTo("{\"current\":3,\"first\":1,\"last\":4,\"previous\":2,\"next\":4}");
  }

  @Test
  void a_bad_filter_is_refused_with_400_naming_every_key() {
    Answer answer =
        get(API + "?migrations.scopes_in=warehouse&migrations.status_in=running&limit=0&sort=name");

    assertThat(answer.status()).isEqualTo(400);
    JsonNode json = answer.json();
    assertThat(json.path("message").asString()).isEqualTo("Bad Request");
    List<String> paths = new ArrayList<>();
    json.path("validations").forEach(v -> paths.add(v.path("path").get(0).asString()));
    assertThat(paths)
        .containsExactly("sort", "migrations.scopes_in", "migrations.status_in", "limit");
    assertThat(json.path("validations").get(1).path("message").asString())
        .contains("invalid scope 'warehouse'");
    assertThat(json.path("validations").get(2).path("message").asString())
        .contains("unknown migration status 'running'");
  }

  @Test
  void one_migration_is_found_by_id_and_an_unknown_id_is_404() {
    Answer found = get(API + "/" + failed.id());
    assertThat(found.status()).isEqualTo(200);
    assertThat(found.json().path("data").path("status").asString()).isEqualTo("failed(up)");
    assertThat(
            found.json().path("data").path("transition").path("error").path("message").asString())
        .isEqualTo("no such table: t");

    Answer missing = get(API + "/no-such-migration");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().path("validations").get(0).path("message").asString())
        .isEqualTo("migration 'no-such-migration' does not exist");
  }

  @Test
  void transitions_are_listed_oldest_first_and_paged() {
    Answer answer = get(API + "/" + failed.id() + "/transitions");

    assertThat(answer.status()).isEqualTo(200);
    JsonNode json = answer.json();
    assertThat(json.path("meta").path("count").asLong()).isEqualTo(3);
    assertThat(json.path("meta").path("where").toString())
        .isEqualTo("{\"migration_id\":\"" + failed.id() + "\",\"offset\":0,\"limit\":100}");
    List<String> after = new ArrayList<>();
    json.path("data").forEach(t -> after.add(t.path("state_after").asString()));
    assertThat(after).containsExactly("acknowledged", "executing(up)", "failed(up)");
    assertThat(json.path("data").get(0).path("state_before").isNull()).isTrue();
    assertThat(json.path("data").get(2).path("migration_id").asString()).isEqualTo(failed.id());
    assertThat(json.path("data").get(2).path("error").path("message").asString())
        .isEqualTo("no such table: t");

    JsonNode paged = get(API + "/" + failed.id() + "/transitions?offset=1&limit=1").json();
    assertThat(paged.path("data")).hasSize(1);
    assertThat(paged.path("data").get(0).path("state_after").asString()).isEqualTo("executing(up)");
    assertThat(get(API + "/no-such-migration/transitions").status()).isEqualTo(404);
    assertThat(
            get(API + "/" + failed.id() + "/transitions?migrations.status_in=failed_up").status())
        .isEqualTo(400);
  }

  /**
   * A wanderer in memory, enough for the routes: the JDBC one lives in {@code blacksmith-wanderer},
   * which this module does not depend on; it passes the conformance suite there.
   */
  private static final class InMemoryWanderer implements Wanderer {
    private final Map<String, MigrationRecord> migrations = new LinkedHashMap<>();
    private final Map<String, List<MigrationTransition>> transitions = new LinkedHashMap<>();

    @Override
    public String name() {
      return "memory";
    }

    @Override
    public void migrate() {}

    @Override
    public synchronized Acknowledgement acknowledge(List<NewMigration> given, Instant now) {
      List<MigrationRecord> added = new ArrayList<>();
      for (NewMigration m : given) {
        String id = Ids.next();
        MigrationTransition first =
            new MigrationTransition(Ids.next(), id, null, MigrationStatus.ACKNOWLEDGED, null, now);
        MigrationRecord r =
            new MigrationRecord(id, m.scope(), m.version(), m.name(), m.checksum(), now, first);
        migrations.put(id, r);
        transitions.put(id, new ArrayList<>(List.of(first)));
        added.add(r);
      }
      return new Acknowledgement(added, List.of());
    }

    @Override
    public synchronized MigrationRecord transition(
        String id, MigrationStatus from, MigrationStatus to, @Nullable String error, Instant now) {
      MigrationStatus.checkAllowed(from, to);
      MigrationRecord r = migrations.get(id);
      if (r == null || r.status() != from) {
        throw new WandererException("migration " + id + " is not " + from);
      }
      MigrationTransition t = new MigrationTransition(Ids.next(), id, from, to, error, now);
      MigrationRecord moved =
          new MigrationRecord(id, r.scope(), r.version(), r.name(), r.checksum(), r.createdAt(), t);
      migrations.put(id, moved);
      transitions.get(id).add(t);
      return moved;
    }

    @Override
    public synchronized Optional<MigrationRecord> findMigration(String id) {
      return Optional.ofNullable(migrations.get(id));
    }

    @Override
    public synchronized Optional<MigrationRecord> findMigration(Scope scope, String version) {
      return migrations.values().stream()
          .filter(m -> m.scope().equals(scope) && m.version().equals(version))
          .findFirst();
    }

    @Override
    public synchronized List<MigrationRecord> findMigrations(Scope scope) {
      return migrations.values().stream()
          .filter(m -> m.scope().equals(scope))
          .sorted(Comparator.comparing(MigrationRecord::version))
          .toList();
    }

    @Override
    public synchronized Page<MigrationRecord> findMigrations(MigrationQuery q) {
      List<MigrationRecord> matching =
          migrations.values().stream()
              .filter(m -> q.scopesIn().isEmpty() || q.scopesIn().contains(m.scope()))
              .filter(m -> !q.scopesNotIn().contains(m.scope()))
              .filter(m -> q.statusIn().isEmpty() || q.statusIn().contains(m.status()))
              .filter(m -> !q.statusNotIn().contains(m.status()))
              .sorted(
                  Comparator.comparing(MigrationRecord::version)
                      .reversed()
                      .thenComparing(m -> m.scope().value()))
              .toList();
      int from = Math.min(matching.size(), q.offset());
      int to = Math.min(matching.size(), from + q.limit());
      return new Page<>(matching.subList(from, to), matching.size(), q.offset(), q.limit());
    }

    @Override
    public synchronized List<MigrationTransition> findTransitions(String id) {
      return List.copyOf(transitions.getOrDefault(id, List.of()));
    }

    @Override
    public void close() {}
  }
}
