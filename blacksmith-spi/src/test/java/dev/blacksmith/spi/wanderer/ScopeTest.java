package dev.blacksmith.spi.wanderer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blacksmith.spi.wanderer.Scope.Kind;
import org.junit.jupiter.api.Test;

class ScopeTest {

  @Test
  void long_forms_are_read_and_written_back_unchanged() {
    for (String text :
        new String[] {
          "source:stripe",
          "source/trigger:stripe/charges",
          "destination:warehouse",
          "destination/action:warehouse/insert"
        }) {
      assertThat(Scope.parse(text).value()).isEqualTo(text);
    }
  }

  @Test
  void short_forms_mean_the_same_scopes() {
    assertThat(Scope.parse("s:stripe")).isEqualTo(Scope.source("stripe"));
    assertThat(Scope.parse("st:stripe/charges")).isEqualTo(Scope.trigger("stripe", "charges"));
    assertThat(Scope.parse("d:warehouse")).isEqualTo(Scope.destination("warehouse"));
    assertThat(Scope.parse(" da:warehouse/insert ")).isEqualTo(Scope.action("warehouse", "insert"));
    assertThat(Scope.parse("DA:warehouse/insert").kind()).isEqualTo(Kind.ACTION);
  }

  @Test
  void the_lock_key_is_migrations_slash_the_long_form() {
    assertThat(Scope.parse("da:warehouse/insert").lockKey())
        .isEqualTo("migrations/destination/action:warehouse/insert");
    assertThat(Scope.source("stripe").lockKey()).isEqualTo("migrations/source:stripe");
  }

  @Test
  void a_scope_without_a_kind_or_with_an_unknown_one_is_refused_listing_the_forms() {
    assertThatThrownBy(() -> Scope.parse("warehouse"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid scope 'warehouse': it has no kind")
        .hasMessageContaining("destination/action:<destination>/<action> (da:)");
    assertThatThrownBy(() -> Scope.parse("dest:warehouse"))
        .hasMessageContaining("unknown kind 'dest'");
  }

  @Test
  void a_nested_scope_needs_both_names() {
    assertThatThrownBy(() -> Scope.parse("da:warehouse"))
        .hasMessageContaining("a destination/action scope names <destination>/<action>");
    assertThatThrownBy(() -> Scope.parse("st:stripe/"))
        .hasMessageContaining("invalid scope 'st:stripe/'")
        .hasMessageContaining("trigger name ''");
  }

  @Test
  void names_outside_the_platform_rule_are_refused() {
    assertThatThrownBy(() -> Scope.parse("d:Warehouse"))
        .hasMessageContaining("destination name 'Warehouse' must match [a-z0-9][a-z0-9_-]*");
    assertThatThrownBy(() -> Scope.parse("d:ware/house"))
        .hasMessageContaining("destination name 'ware/house'");
    assertThatThrownBy(() -> new Scope(Kind.DESTINATION, "warehouse", "insert"))
        .hasMessageContaining("a destination scope names no action");
  }
}
