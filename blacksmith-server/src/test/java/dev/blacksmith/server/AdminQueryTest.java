package dev.blacksmith.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blacksmith.spi.store.Query;
import dev.blacksmith.store.Status;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdminQueryTest {

  @Test
  void no_parameters_give_the_first_page_of_everything() {
    AdminQuery q = AdminQuery.parse(Map.of());

    assertThat(q.query()).isEqualTo(Query.all());
    assertThat(q.where()).containsExactly(Map.entry("offset", 0), Map.entry("limit", 100));
  }

  @Test
  void every_filter_reaches_the_store_query() {
    Map<String, List<String>> params =
        Map.ofEntries(
            Map.entry("events.sources_in", List.of("a", "b")),
            Map.entry("events.sources_notin", List.of("c")),
            Map.entry("events.triggers_in", List.of("t")),
            Map.entry("events.triggers_notin", List.of("u")),
            Map.entry("events.versions_in", List.of("v1")),
            Map.entry("events.versions_notin", List.of("v0")),
            Map.entry("events.received_before", List.of("2024-05-02")),
            Map.entry("events.received_after", List.of("2024-05-01 10:00:00")),
            Map.entry("jobs.destinations_in", List.of("d")),
            Map.entry("jobs.destinations_notin", List.of("e")),
            Map.entry("jobs.actions_in", List.of("x")),
            Map.entry("jobs.actions_notin", List.of("y")),
            Map.entry("jobs.status_in", List.of("FAILED", "discarded")),
            Map.entry("jobs.status_notin", List.of("succeeded")),
            Map.entry("jobs.min_attempts", List.of("1")),
            Map.entry("jobs.max_attempts", List.of("5")),
            Map.entry("offset", List.of("20")),
            Map.entry("limit", List.of("10")));

    Query q = AdminQuery.parse(params).query();

    assertThat(q.events().sourcesIn()).containsExactlyInAnyOrder("a", "b");
    assertThat(q.events().sourcesNotIn()).containsExactly("c");
    assertThat(q.events().triggersIn()).containsExactly("t");
    assertThat(q.events().triggersNotIn()).containsExactly("u");
    assertThat(q.events().versionsIn()).containsExactly("v1");
    assertThat(q.events().versionsNotIn()).containsExactly("v0");
    assertThat(q.events().receivedBefore()).isEqualTo(Instant.parse("2024-05-02T00:00:00Z"));
    assertThat(q.events().receivedAfter()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
    assertThat(q.jobs().destinationsIn()).containsExactly("d");
    assertThat(q.jobs().destinationsNotIn()).containsExactly("e");
    assertThat(q.jobs().actionsIn()).containsExactly("x");
    assertThat(q.jobs().actionsNotIn()).containsExactly("y");
    assertThat(q.jobs().statusIn()).containsExactlyInAnyOrder(Status.FAILED, Status.DISCARDED);
    assertThat(q.jobs().statusNotIn()).containsExactly(Status.SUCCEEDED);
    assertThat(q.jobs().minAttempts()).isEqualTo(1);
    assertThat(q.jobs().maxAttempts()).isEqualTo(5);
    assertThat(q.jobs().eventId()).isNull();
    assertThat(q.offset()).isEqualTo(20);
    assertThat(q.limit()).isEqualTo(10);
  }

  @Test
  void where_lists_the_applied_filters_in_a_stable_order() {
    AdminQuery q =
        AdminQuery.parse(
            Map.of(
                "limit", List.of("5"),
                "jobs.status_in", List.of("Failed"),
                "events.received_after", List.of("2024-05-01T12:00:00+02:00"),
                "events.sources_in", List.of("shop", " ", "shop")));

    assertThat(q.where().keySet())
        .containsExactly(
            "events.sources_in", "events.received_after", "jobs.status_in", "offset", "limit");
    assertThat(q.where().get("events.sources_in")).isEqualTo(List.of("shop"));
    assertThat(q.where().get("events.received_after")).isEqualTo("2024-05-01T10:00:00Z");
    assertThat(q.where().get("jobs.status_in")).isEqualTo(List.of("failed"));
  }

  @Test
  void a_single_valued_key_given_twice_is_refused() {
    assertThatThrownBy(() -> AdminQuery.parse(Map.of("limit", List.of("5", "6"))))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.validations())
                  .singleElement()
                  .satisfies(v -> {
                    assertThat(v.path()).containsExactly("limit");
                    assertThat(v.message()).contains("once");
                  });
            });
  }

  @Test
  void paging_only_parse_refuses_filters() {
    assertThatThrownBy(() -> AdminQuery.parsePaging(Map.of("events.sources_in", List.of("shop"))))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> assertThat(e.validations().get(0).path()).containsExactly("events.sources_in"));
    assertThat(AdminQuery.parsePaging(Map.of("offset", List.of("2"))).query().offset())
        .isEqualTo(2);
  }

  @Test
  void pagination_numbers_pages_from_one() {
    Map<String, Object> empty = AdminQuery.pagination(0, 0, 100);
    assertThat(empty.keySet()).containsExactly("current", "first", "last", "previous", "next");
    assertThat(empty.get("current")).isEqualTo(1L);
    assertThat(empty.get("first")).isEqualTo(1L);
    assertThat(empty.get("last")).isEqualTo(1L);
    assertThat(empty.get("previous")).isNull();
    assertThat(empty.get("next")).isNull();
    assertThat(AdminQuery.pagination(73, 50, 50))
        .containsEntry("current", 2L)
        .containsEntry("last", 2L)
        .containsEntry("previous", 1L)
        .containsEntry("next", null);
    assertThat(AdminQuery.pagination(250, 0, 100))
        .containsEntry("last", 3L)
        .containsEntry("next", 2L);
    assertThat(AdminQuery.pagination(100, 0, 100)).containsEntry("last", 1L);
  }

  @Test
  void instants_are_read_in_the_iso_forms_people_type() {
    Instant expected = Instant.parse("2024-05-01T10:00:00Z");
    assertThat(AdminQuery.parseInstant("2024-05-01T10:00:00Z")).isEqualTo(expected);
    assertThat(AdminQuery.parseInstant("2024-05-01T12:00:00+02:00")).isEqualTo(expected);
    assertThat(AdminQuery.parseInstant("2024-05-01T10:00:00")).isEqualTo(expected);
    assertThat(AdminQuery.parseInstant("2024-05-01 10:00:00")).isEqualTo(expected);
    assertThat(AdminQuery.parseInstant("2024-05-01"))
        .isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
    assertThat(AdminQuery.parseInstant("yesterday")).isNull();
    assertThat(AdminQuery.parseInstant("1714557600")).isNull();
  }
}
