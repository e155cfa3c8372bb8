package dev.blacksmith.wanderer.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blacksmith.spi.wanderer.WandererException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class WandererUrlsTest {

  @Test
  void a_short_postgres_url_is_taken_apart_with_the_wanderers_defaults() {
    WandererUrls.Postgres url =
        WandererUrls.postgres("postgres://app:s%40cret@db.internal:5433/prod?sslmode=require");

    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5433/prod?sslmode=require");
    assertThat(url.user()).isEqualTo("app");
    assertThat(url.password()).isEqualTo("s@cret");
    assertThat(url.schema()).isEqualTo("blacksmith_wanderer");
    assertThat(url.poolSize()).isEqualTo(2);
    assertThat(url.properties().getProperty("currentSchema")).isEqualTo("blacksmith_wanderer");
    assertThat(url.toString())
        .isEqualTo("PostgreSQL wanderer db.internal:5433/prod (schema blacksmith_wanderer)")
        .doesNotContain("cret");
  }

  @Test
  void schema_and_pool_size_are_the_wanderers_own_options() {
    WandererUrls.Postgres url =
        WandererUrls.postgres(
            "postgresql://db/app?schema=migrations_2&poolSize=4&connectTimeout=3");

    assertThat(url.schema()).isEqualTo("migrations_2");
    assertThat(url.poolSize()).isEqualTo(4);
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db/app?connectTimeout=3");
    assertThat(url.user()).isNull();
  }

  @Test
  void a_jdbc_url_passes_through_with_its_options() {
    WandererUrls.Postgres url =
        WandererUrls.postgres("jdbc:postgresql://db:5432/app?user=u&password=p&schema=w");

    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/app?user=u&password=p");
    assertThat(url.schema()).isEqualTo("w");
    assertThatThrownBy(() -> WandererUrls.postgres("jdbc:postgresql:app"))
        .isInstanceOf(WandererException.class)
        .hasMessageContaining("expected jdbc:postgresql://host[:port]/database");
  }

  @Test
  void bad_postgres_options_are_refused_without_showing_the_password() {
    assertThatThrownBy(() -> WandererUrls.postgres("postgres://u:hunter2@db/app?schema=Bad-Name"))
        .isInstanceOf(WandererException.class)
        .hasMessageContaining("invalid schema 'Bad-Name'")
        .hasMessageContaining("postgres://u:***@db/app")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> WandererUrls.postgres("postgres://db/app?poolSize=0"))
        .hasMessageContaining("poolSize must be a whole number of at least 1");
    assertThatThrownBy(() -> WandererUrls.postgres("postgres://db/app?currentSchema=x"))
        .hasMessageContaining("use schema= instead of currentSchema=");
    assertThatThrownBy(() -> WandererUrls.postgres("postgres:///app"))
        .hasMessageContaining("has no host");
  }

  @Test
  void sqlite_urls_name_a_file_and_nothing_else() {
    assertThat(WandererUrls.sqliteFile("sqlite:data/blacksmith.db"))
        .isEqualTo(Path.of("data/blacksmith.db"));
    assertThat(WandererUrls.sqliteFile("jdbc:sqlite:/var/lib/b.db"))
        .isEqualTo(Path.of("/var/lib/b.db"));
    assertThatThrownBy(() -> WandererUrls.sqliteFile("sqlite:"))
        .hasMessageContaining("has no file path");
    assertThatThrownBy(() -> WandererUrls.sqliteFile("sqlite::memory:"))
        .hasMessageContaining("in-memory SQLite is not supported");
    assertThatThrownBy(() -> WandererUrls.sqliteFile("sqlite:b.db?mode=ro"))
        .hasMessageContaining("URI options are not supported");
  }

  @Test
  void the_store_url_gives_the_wanderer_the_same_database_without_the_stores_options() {
    assertThat(WandererUrls.fromStoreUrl("sqlite:blacksmith.db")).isEqualTo("sqlite:blacksmith.db");
    assertThat(WandererUrls.fromStoreUrl("postgres://db/app")).isEqualTo("postgres://db/app");
    assertThat(WandererUrls.fromStoreUrl("postgres://db/app?schema=s&poolSize=3"))
        .isEqualTo("postgres://db/app");
    assertThat(
            WandererUrls.fromStoreUrl(
                "jdbc:postgresql://db/app?user=u&schema=s&sslmode=require&poolSize=3"))
        .isEqualTo("jdbc:postgresql://db/app?user=u&sslmode=require");
  }

  @Test
  void a_url_of_no_supported_form_is_refused_listing_the_forms() {
    assertThat(JdbcWanderer.supports("mysql://db/app")).isFalse();
    assertThatThrownBy(() -> JdbcWanderer.open("mysql://root:pw@db/app"))
        .isInstanceOf(WandererException.class)
        .hasMessageContaining("no JDBC wanderer opens 'mysql://root:***@db/app'")
        .hasMessageContaining("sqlite:<path>");
  }
}
