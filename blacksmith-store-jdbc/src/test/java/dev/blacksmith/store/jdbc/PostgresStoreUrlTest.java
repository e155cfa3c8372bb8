package dev.blacksmith.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blacksmith.spi.store.StoreException;
import org.junit.jupiter.api.Test;

/** The store's own options; taking the URL apart is tested with the SPI's {@code PostgresUrl}. */
class PostgresStoreUrlTest {

  @Test
  void a_url_without_the_stores_options_gets_its_defaults_and_the_schema_as_search_path() {
    PostgresStoreUrl url =
        PostgresStoreUrl.parse("postgres://blacksmith:s3cret@db.example:6432/events");

    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6432/events");
    assertThat(url.user()).isEqualTo("blacksmith");
    assertThat(url.password()).isEqualTo("s3cret");
    assertThat(url.schema()).isEqualTo("blacksmith_store");
    assertThat(url.poolSize()).isEqualTo(PostgresStoreUrl.DEFAULT_POOL_SIZE);
    assertThat(url.properties())
        .containsEntry("user", "blacksmith")
        .containsEntry("password", "s3cret")
        .containsEntry("currentSchema", "blacksmith_store");
  }

  @Test
  void schema_and_pool_size_are_the_stores_own_options_and_the_rest_reach_the_driver() {
    PostgresStoreUrl url =
        PostgresStoreUrl.parse(
            "postgres://u@h/db?sslmode=verify-full&schema=tenant_7&ApplicationName=x&poolSize=3");

    assertThat(url.jdbcUrl())
        .isEqualTo("jdbc:postgresql://h/db?sslmode=verify-full&ApplicationName=x");
    assertThat(url.schema()).isEqualTo("tenant_7");
    assertThat(url.poolSize()).isEqualTo(3);
    assertThat(url.properties()).containsEntry("currentSchema", "tenant_7");
  }

  @Test
  void descriptions_name_the_store_and_its_schema_but_never_the_password() {
    PostgresStoreUrl url = PostgresStoreUrl.parse("postgres://u:hunter2@h:5432/db?schema=s");

    assertThat(url.describe()).isEqualTo("PostgreSQL store h:5432/db (schema s)");
    assertThat(url.toString()).isEqualTo(url.describe()).doesNotContain("hunter2");
  }

  @Test
  void invalid_urls_are_refused_as_store_errors_without_the_password() {
    assertThatThrownBy(() -> PostgresStoreUrl.parse("postgres://u:hunter2@h/db?schema=Bad-Name"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("invalid schema 'Bad-Name'")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> PostgresStoreUrl.parse("postgres://h/db?schema=drop;table"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("lowercase letters, digits and underscores");
    assertThatThrownBy(() -> PostgresStoreUrl.parse("postgres://h/db?poolSize=0"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("poolSize must be a whole number of at least 1");
    assertThatThrownBy(() -> PostgresStoreUrl.parse("postgres:///db"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("no host");
    assertThatThrownBy(() -> PostgresStoreUrl.parse("jdbc:postgresql:db"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("jdbc:postgresql://host");
  }

  @Test
  void current_schema_is_refused_because_the_store_sets_the_search_path_itself() {
    assertThatThrownBy(() -> PostgresStoreUrl.parse("postgres://u:hunter2@h/db?currentSchema=x"))
        .isInstanceOf(StoreException.class)
        .hasMessage(
            "the store sets the search path itself: use schema= instead of currentSchema= in"
                + " postgres://u:***@h/db?currentSchema=x");
  }
}
