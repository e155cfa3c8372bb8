package dev.blacksmith.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blacksmith.spi.store.StoreException;
import org.junit.jupiter.api.Test;

class PostgresUrlTest {

  @Test
  void postgres_and_postgresql_urls_become_a_driver_url_with_the_credentials_apart() {
    for (String scheme : new String[] {"postgres", "postgresql", "POSTGRES"}) {
      PostgresUrl url = PostgresUrl.parse(scheme + "://blacksmith:s3cret@db.example:6432/events");

      assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6432/events");
      assertThat(url.user()).isEqualTo("blacksmith");
      assertThat(url.password()).isEqualTo("s3cret");
      assertThat(url.schema()).isEqualTo("blacksmith_store");
      assertThat(url.poolSize()).isEqualTo(PostgresUrl.DEFAULT_POOL_SIZE);
      assertThat(url.properties())
          .containsEntry("user", "blacksmith")
          .containsEntry("password", "s3cret")
          .containsEntry("currentSchema", "blacksmith_store");
    }
  }

  @Test
  void driver_options_pass_through_and_the_stores_own_options_are_taken_out() {
    PostgresUrl url =
        PostgresUrl.parse(
            "postgres://u@h/db?sslmode=verify-full&schema=tenant_7&ApplicationName=x&poolSize=3");

    assertThat(url.jdbcUrl())
        .isEqualTo("jdbc:postgresql://h/db?sslmode=verify-full&ApplicationName=x");
    assertThat(url.schema()).isEqualTo("tenant_7");
    assertThat(url.poolSize()).isEqualTo(3);
    assertThat(url.password()).isNull();
  }

  @Test
  void jdbc_urls_keep_their_options_and_credentials() {
    PostgresUrl url =
        PostgresUrl.parse("jdbc:postgresql://h1:5432,h2:5432/db?user=u&password=p&schema=s");

    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h1:5432,h2:5432/db?user=u&password=p");
    assertThat(url.user()).isNull();
    assertThat(url.schema()).isEqualTo("s");
  }

  @Test
  void percent_encoded_credentials_are_decoded() {
    PostgresUrl url = PostgresUrl.parse("postgres://us%40er:p%3Aa%2Fs+s%40@[::1]:5432/db");

    assertThat(url.user()).isEqualTo("us@er");
    assertThat(url.password()).isEqualTo("p:a/s+s@");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5432/db");
  }

  @Test
  void descriptions_and_errors_never_show_the_password() {
    PostgresUrl url = PostgresUrl.parse("postgres://u:hunter2@h:5432/db?schema=s");

    assertThat(url.describe()).isEqualTo("PostgreSQL store h:5432/db (schema s)");
    assertThat(url.toString()).doesNotContain("hunter2");
    assertThat(JdbcStore.redact("postgres://u:hunter2@h/db")).isEqualTo("postgres://u:***@h/db");
    assertThat(JdbcStore.redact("jdbc:postgresql://h/db?user=u&password=hunter2&x=1"))
        .isEqualTo("jdbc:postgresql://h/db?user=u&password=***&x=1");
    assertThatThrownBy(() -> PostgresUrl.parse("postgres://u:hunter2@h/db?schema=Bad-Name"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("invalid schema 'Bad-Name'")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void invalid_options_are_refused_clearly() {
    assertThatThrownBy(() -> PostgresUrl.parse("postgres://h/db?schema=drop;table"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("lowercase letters, digits and underscores");
    assertThatThrownBy(() -> PostgresUrl.parse("postgres://h/db?poolSize=0"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("poolSize");
    assertThatThrownBy(() -> PostgresUrl.parse("postgres://h/db?currentSchema=x"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("use schema=");
    assertThatThrownBy(() -> PostgresUrl.parse("postgres:///db"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("no host");
    assertThatThrownBy(() -> PostgresUrl.parse("jdbc:postgresql:db"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("jdbc:postgresql://host");
  }
}
