package dev.blacksmith.supervisor.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostgresUrlTest {

  @Test
  void a_postgres_url_gives_the_driver_url_user_password_and_default_schema() {
    PostgresUrl url = PostgresUrl.parse("postgres://blacksmith:s%40cret+1@db.local:5433/app");

    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.local:5433/app");
    assertThat(url.user()).isEqualTo("blacksmith");
    assertThat(url.password()).isEqualTo("s@cret+1");
    assertThat(url.schema()).isEqualTo("blacksmith_supervisor");
  }

  @Test
  void the_schema_option_is_taken_and_other_options_go_to_the_driver() {
    PostgresUrl url =
        PostgresUrl.parse("postgresql://u@h1:5432,h2:5432/app?sslmode=require&schema=locks&x=1");

    assertThat(url.jdbcUrl())
        .isEqualTo("jdbc:postgresql://h1:5432,h2:5432/app?sslmode=require&x=1");
    assertThat(url.schema()).isEqualTo("locks");
    assertThat(url.user()).isEqualTo("u");
    assertThat(url.password()).isNull();
  }

  @Test
  void a_jdbc_url_may_carry_user_and_password_as_options() {
    PostgresUrl url =
        PostgresUrl.parse(
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&password=p%26w&schema=s1");

    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
    assertThat(url.user()).isEqualTo("postgres");
    assertThat(url.password()).isEqualTo("p&w");
    assertThat(url.schema()).isEqualTo("s1");
  }

  @Test
  void only_postgres_urls_are_supported() {
    assertThat(PostgresUrl.supports("postgres://h/db")).isTrue();
    assertThat(PostgresUrl.supports("postgresql://h/db")).isTrue();
    assertThat(PostgresUrl.supports("jdbc:postgresql://h/db")).isTrue();
    assertThat(PostgresUrl.supports("inprocess:")).isFalse();
    assertThat(PostgresUrl.supports("jdbc:sqlite:x.db")).isFalse();
    assertThatThrownBy(() -> PostgresUrl.parse("mysql://h/db"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_schema_that_is_not_a_plain_lower_case_name_is_refused() {
    assertThatThrownBy(() -> PostgresUrl.parse("postgres://u:pw@h/db?schema=x\";drop"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("schema")
        .hasMessageNotContaining("pw");
  }

  @Test
  void passwords_are_kept_out_of_messages() {
    assertThat(PostgresUrl.redact("postgres://u:secret@h/db")).isEqualTo("postgres://u:***@h/db");
    assertThat(PostgresUrl.redact("jdbc:postgresql://h/db?user=u&password=secret&x=1"))
        .isEqualTo("jdbc:postgresql://h/db?user=u&password=***&x=1");
    assertThat(PostgresUrl.parse("postgres://u:secret@h/db").toString()).doesNotContain("secret");
  }
}
