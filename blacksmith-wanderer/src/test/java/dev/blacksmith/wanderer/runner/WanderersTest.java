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
  void the_wanderer_may_create_the_stores_sqlite_file_and_the_store_migrates_it_after() {
    String url = "sqlite:" + dir.resolve("db/blacksmith.db");
    Options options = Options.builder().storeUrl(url).build();

    try (Wanderer wanderer = Wanderers.openMigrated(Wanderers.url(Map.of(), options))) {
      assertThat(wanderer.name()).isEqualTo("sqlite");
      assertThat(wanderer.findMigrations(Scope.destination("warehouse"))).isEmpty();
    }

    try (JdbcStore store = JdbcStore.open(url)) {
      store.migrate();
      assertThat(store.findEvents(Query.all()).count()).isZero();
    }
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
