package dev.blacksmith.testkit.authoring;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blacksmith.destination.Options;
import dev.blacksmith.destination.Then;
import dev.blacksmith.source.CronTrigger;
import dev.blacksmith.source.Event;
import dev.blacksmith.source.HttpRequest;
import dev.blacksmith.source.HttpTrigger;
import dev.blacksmith.source.Route;
import dev.blacksmith.source.Schedule;
import dev.blacksmith.source.Source;
import dev.blacksmith.source.Toolkit;
import dev.blacksmith.source.Trigger;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class RegistrationsTest {

  private record Http(String name, String path) implements HttpTrigger {
    @Override
    public Route route() {
      return Route.post(path);
    }

    @Override
    public @Nullable Event extract(Toolkit toolkit, HttpRequest request) {
      return null;
    }
  }

  private record Cron(String name, @Nullable Schedule schedule) implements CronTrigger {
    @Override
    public @Nullable Event extract(Toolkit toolkit) {
      return null;
    }
  }

  private record TestSource(
      String name, dev.blacksmith.source.Options options, Map<String, Trigger> triggers)
      implements Source {}

  private static Map<String, Trigger> triggers(Trigger... triggers) {
    Map<String, Trigger> map = new LinkedHashMap<>();
    for (Trigger t : triggers) {
      map.put(t.name(), t);
    }
    return map;
  }

  @Test
  void a_valid_destination_passes() {
    TestDestination crm =
        new TestDestination(Options.builder().build())
            .with("upsert", null, (t, q, then) -> then.send(Then.succeeded()));

    assertThatCode(() -> Registrations.assertValid(crm)).doesNotThrowAnyException();
  }

  @Test
  void a_destination_with_bad_names_and_mismatched_keys_fails_listing_every_problem() {
    TestDestination crm = new TestDestination(Options.builder().build());
    crm.actions()
        .put(
            "upsert",
            new TestDestination.TestAction(
                "insert", null, null, null, new java.util.ArrayList<>()));
    crm.actions()
        .put(
            "Bad",
            new TestDestination.TestAction("Bad", null, null, null, new java.util.ArrayList<>()));

    assertThatThrownBy(() -> Registrations.assertValid(crm))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("Blacksmith would refuse to start: ")
        .hasMessageContaining(
            "destination crm registers action 'insert' under the key 'upsert'; they must match")
        .hasMessageContaining("action of destination crm has an invalid name 'Bad'");
  }

  @Test
  void a_valid_source_passes() {
    Source shop =
        new TestSource(
            "shop",
            dev.blacksmith.source.Options.builder().build(),
            triggers(
                new Http("orders", "/shop/orders/{id}"),
                new Cron("tick", new Schedule("@every 1m"))));

    assertThatCode(() -> Registrations.assertValid(shop)).doesNotThrowAnyException();
  }

  @Test
  void clashing_or_reserved_routes_and_cron_triggers_without_schedule_fail() {
    Source shop =
        new TestSource(
            "shop",
            dev.blacksmith.source.Options.builder().build(),
            triggers(
                new Http("orders", "/shop/orders/{id}"),
                new Http("refunds", "/shop/orders/{order}"),
                new Http("health", "/_health/deep"),
                new Cron("tick", null)));

    assertThatThrownBy(() -> Registrations.assertValid(shop))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(
            "route POST /shop/orders/{order} of shop/refunds clashes with the one of shop/orders")
        .hasMessageContaining("route /_health/deep of shop/health is reserved")
        .hasMessageContaining(
            "CRON trigger shop/tick has no schedule, and its source sets no default schedule");
  }

  @Test
  void a_cron_trigger_may_use_its_source_default_schedule() {
    Source shop =
        new TestSource(
            "shop",
            dev.blacksmith.source.Options.builder()
                .defaultSchedule(new Schedule("@every 5m"))
                .build(),
            triggers(new Cron("tick", null)));

    assertThatCode(() -> Registrations.assertValid(shop)).doesNotThrowAnyException();
  }

  @Test
  void options_that_throw_are_reported() {
    Source broken =
        new Source() {
          @Override
          public String name() {
            return "shop";
          }

          @Override
          public dev.blacksmith.source.Options options() {
            throw new IllegalArgumentException("defaultVersion 'v9' is not one of the versions");
          }

          @Override
          public Map<String, Trigger> triggers() {
            return Map.of();
          }
        };

    assertThatThrownBy(() -> Registrations.assertValid(broken))
        .hasMessageContaining("source shop cannot be read")
        .hasMessageContaining("defaultVersion 'v9'");
  }
}
