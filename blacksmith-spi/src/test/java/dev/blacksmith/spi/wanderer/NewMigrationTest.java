package dev.blacksmith.spi.wanderer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blacksmith.wanderer.Migration;
import org.junit.jupiter.api.Test;

class NewMigrationTest {

  @Test
  void the_checksum_covers_the_up_script_only() {
    Scope scope = Scope.destination("warehouse");
    NewMigration a =
        NewMigration.of(scope, new Migration("20260101000000", "create_t", "create t;", "drop t;"));
    NewMigration fixedDown =
        NewMigration.of(scope, new Migration("20260101000000", "create_t", "create t;", "drop;"));
    NewMigration editedUp =
        NewMigration.of(scope, new Migration("20260101000000", "create_t", "create u;", "drop t;"));

    assertThat(a.checksum()).isEqualTo(fixedDown.checksum()).hasSize(64);
    assertThat(editedUp.checksum()).isNotEqualTo(a.checksum());
    assertThat(NewMigration.checksum(""))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void a_bad_version_or_name_is_refused() {
    Scope scope = Scope.destination("warehouse");
    assertThatThrownBy(() -> new NewMigration(scope, "2026", "x", "c"))
        .hasMessageContaining("YYYYMMDDHHMISS");
    assertThatThrownBy(() -> new NewMigration(scope, "20260101000000", "X Y", "c"))
        .hasMessageContaining("[a-z0-9_-]+");
  }

  @Test
  void a_query_refuses_a_page_outside_its_bounds() {
    assertThatThrownBy(() -> MigrationQuery.all().withPage(-1, 10))
        .hasMessageContaining("offset must be 0 or more");
    assertThatThrownBy(() -> MigrationQuery.all().withPage(0, 1001))
        .hasMessageContaining("limit must be between 1 and 1000");
  }
}
