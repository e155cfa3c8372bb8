package dev.blacksmith.store.jdbc;

import static dev.blacksmith.testkit.store.StoreFixtures.T0;
import static dev.blacksmith.testkit.store.StoreFixtures.anEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blacksmith.spi.store.Store;
import dev.blacksmith.spi.store.StoreException;
import dev.blacksmith.spi.store.StoreProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcStoreProviderTest {

  @TempDir Path dir;

  @Test
  void provider_is_found_by_the_service_loader() {
    assertThat(ServiceLoader.load(StoreProvider.class))
        .anyMatch(provider -> provider instanceof JdbcStoreProvider);
  }

  @Test
  void provider_supports_sqlite_and_postgres_urls() {
    JdbcStoreProvider provider = new JdbcStoreProvider();

    assertThat(provider.supports("sqlite:blacksmith.db")).isTrue();
    assertThat(provider.supports("sqlite:/tmp/x/b.db")).isTrue();
    assertThat(provider.supports("jdbc:sqlite:/tmp/x/b.db")).isTrue();
    assertThat(provider.supports("postgres://localhost/test")).isTrue();
    assertThat(provider.supports("postgresql://u:p@localhost:5432/test?sslmode=disable")).isTrue();
    assertThat(provider.supports("jdbc:postgresql://localhost/test")).isTrue();
    assertThat(provider.supports("mysql://localhost/test")).isFalse();
    assertThat(provider.supports("nats://localhost:4222")).isFalse();
  }

  @Test
  void provider_opens_a_file_creating_its_parent_directories() {
    Path file = dir.resolve("a/b/c/blacksmith.db");

    try (Store store = new JdbcStoreProvider().open("sqlite:" + file)) {
      store.migrate();
      store.insert(List.of(anEvent().withJobs(1).build()), T0);
    }

    assertThat(file).exists();
    try (Store store = new JdbcStoreProvider().open("jdbc:sqlite:" + file)) {
      assertThat(store.name()).isEqualTo("sqlite");
      assertThat(store.findJobs(dev.blacksmith.spi.store.Query.all()).count()).isEqualTo(1);
    }
  }

  @Test
  void unsupported_urls_fail_naming_the_supported_forms() {
    assertThatThrownBy(() -> JdbcStore.open("mysql://root:secret@localhost/blacksmith"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("sqlite:<path>")
        .hasMessageContaining("postgres://user:password@host:port/database")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> JdbcStore.open("sqlite::memory:"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("in-memory");
    assertThatThrownBy(() -> JdbcStore.open("sqlite:"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("no file path");
  }

  @Test
  void a_file_that_cannot_be_created_fails_with_a_store_exception() throws Exception {
    Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");

    assertThatThrownBy(() -> JdbcStore.open("sqlite:" + notADirectory.resolve("store.db")))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("plain-file");
  }
}
