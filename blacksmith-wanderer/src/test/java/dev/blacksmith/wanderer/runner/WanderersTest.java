package dev.blacksmith.wanderer.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blacksmith.engine.Options;
import dev.blacksmith.spi.store.Query;
import dev.blacksmith.spi.supervisor.Supervisor;
import dev.blacksmith.spi.wanderer.Scope;
import dev.blacksmith.spi.wanderer.Wanderer;
import dev.blacksmith.spi.wanderer.WandererException;
import dev.blacksmith.store.jdbc.JdbcStore;
import dev.blacksmith.wanderer.jdbc.JdbcWanderer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WanderersTest {

  @TempDir Path dir;

  @Test
  void the_wanderer_url_is_the_variable_or_else_the_stores_database() {
    Options sqlite = Options.builder().storeUrl("sqlite:data/blacksmith.db").build();
    Options postgres =
        Options.builder()
            .storeUrl("postgres://app:secret@db:5432/prod?schema=store&poolSize=9&sslmode=require")
            .build();

    assertThat(Wanderers.url(Map.of(), sqlite)).isEqualTo("sqlite:data/blacksmith.db");
    assertThat(Wanderers.url(Map.of(), postgres))
        .isEqualTo("postgres://app:secret@db:5432/prod?sslmode=require");
    assertThat(Wanderers.url(Map.of("BLACKSMITH_WANDERER_URL", " sqlite:w.db "), postgres))
        .isEqualTo("sqlite:w.db");
    assertThat(Wanderers.url(Map.of("BLACKSMITH_WANDERER_URL", " "), sqlite))
        .isEqualTo("sqlite:data/blacksmith.db");
  }

  @Test
  void opening_the_wanderer_in_the_stores_sqlite_file_migrates_the_store_first() {
    String url = "sqlite:" + dir.resolve("db/blacksmith.db");
    Options options = Options.builder().storeUrl(url).build();

    try (Wanderer wanderer = Wanderers.open(Wanderers.url(Map.of(), options), options)) {
      assertThat(wanderer.name()).isEqualTo("sqlite");
      assertThat(wanderer.findMigrations(Scope.destination("warehouse"))).isEmpty();
    }

    try (JdbcStore store = JdbcStore.open(url)) {
      store.migrate();
      assertThat(store.findEvents(Query.all()).count()).isZero();
    }
  }

  @Test
  void the_same_file_is_recognised_whatever_the_form_of_its_url() {
    Path file = dir.resolve("blacksmith.db");

    assertThat(JdbcWanderer.sharesSqliteFile("sqlite:" + file, "jdbc:sqlite:" + file)).isTrue();
    assertThat(
            JdbcWanderer.sharesSqliteFile(
                "sqlite:" + dir.resolve("a/../blacksmith.db"), "sqlite:" + file))
        .isTrue();
    assertThat(JdbcWanderer.sharesSqliteFile("sqlite:" + file, "sqlite:" + dir.resolve("x.db")))
        .isFalse();
    assertThat(JdbcWanderer.sharesSqliteFile("postgres://h/db", "postgres://h/db")).isFalse();
  }

  @Test
  void a_url_no_adapter_supports_is_refused_naming_the_adapters_found() {
    assertThatThrownBy(() -> Wanderers.open("mysql://root:secret@db/app"))
        .isInstanceOf(WandererException.class)
        .hasMessageContaining("no wanderer adapter supports 'mysql://root:***@db/app'")
        .hasMessageContaining("dev.blacksmith.wanderer.jdbc.JdbcWandererProvider");
  }

  @Test
  void the_supervisor_is_in_process_for_an_embedded_store_unless_one_is_configured() {
    Options embedded = Options.builder().storeUrl("sqlite:" + dir.resolve("b.db")).build();
    try (Supervisor supervisor = Wanderers.supervisor(embedded)) {
      assertThat(supervisor.name()).isEqualTo("inprocess");
    }
    Options unknown = Options.builder().supervisorUrl("zookeeper://zk:2181").build();
    assertThatThrownBy(() -> Wanderers.supervisor(unknown))
        .hasMessageContaining("no supervisor adapter supports the URL given (scheme zookeeper:)");
  }
}
