package dev.blacksmith.spi.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PostgresUrlTest {

  private static final Set<String> OWN = Set.of("schema", "poolSize");

  @Test
  void postgres_and_postgresql_urls_become_a_driver_url_with_the_credentials_apart() {
    for (String scheme : new String[] {"postgres", "postgresql", "POSTGRES", "PostgreSQL"}) {
      PostgresUrl url =
          PostgresUrl.parse(scheme + "://blacksmith:s3cret@db.example:6432/events", OWN);

      assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6432/events");
      assertThat(url.user()).isEqualTo("blacksmith");
      assertThat(url.password()).isEqualTo("s3cret");
      assertThat(url.location()).isEqualTo("db.example:6432/events");
      assertThat(url.driverProperties())
          .containsOnlyKeys("user", "password")
          .containsEntry("user", "blacksmith")
          .containsEntry("password", "s3cret");
    }
  }

  @Test
  void own_options_are_taken_out_and_every_other_option_passes_through_unchanged() {
    PostgresUrl url =
        PostgresUrl.parse(
            "postgres://u@h/db?sslmode=verify-full&schema=tenant_7&ApplicationName=a%20b&poolSize=3",
            OWN);

    assertThat(url.jdbcUrl())
        .isEqualTo("jdbc:postgresql://h/db?sslmode=verify-full&ApplicationName=a%20b");
    assertThat(url.option("schema")).contains("tenant_7");
    assertThat(url.option("poolSize")).contains("3");
    assertThat(url.user()).isEqualTo("u");
    assertThat(url.password()).isNull();
    assertThat(url.driverProperties()).containsOnlyKeys("user");
  }

  @Test
  void absent_own_options_are_empty_and_the_callers_defaults_apply() {
    PostgresUrl url = PostgresUrl.parse("postgres://h/db?sslmode=require", OWN);

    assertThat(url.option("schema")).isEmpty();
    assertThat(url.identifier("schema", "blacksmith_store")).isEqualTo("blacksmith_store");
    assertThat(url.positiveInt("poolSize", 8)).isEqualTo(8);
    assertThat(url.user()).isNull();
    assertThat(url.driverProperties()).isEmpty();
  }

  @Test
  void own_option_values_are_decoded_and_the_last_occurrence_wins() {
    PostgresUrl url =
        PostgresUrl.parse(
            "postgres://h/db?user=a&password=p%26w&user=b", Set.of("user", "password"));

    assertThat(url.option("user")).contains("b");
    assertThat(url.option("password")).contains("p&w");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h/db");
  }

  @Test
  void jdbc_urls_keep_their_driver_options_and_several_hosts() {
    PostgresUrl url =
        PostgresUrl.parse("jdbc:postgresql://h1:5432,h2:5432/db?user=u&password=p&schema=s", OWN);

    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h1:5432,h2:5432/db?user=u&password=p");
    assertThat(url.user()).isNull();
    assertThat(url.password()).isNull();
    assertThat(url.option("schema")).contains("s");
    assertThat(url.location()).isEqualTo("h1:5432,h2:5432/db");
  }

  @Test
  void a_jdbc_url_may_give_its_credentials_as_options_an_adapter_owns() {
    PostgresUrl url =
        PostgresUrl.parse(
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&password=p%26w&schema=s1",
            Set.of("schema", "user", "password"));

    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
    assertThat(url.option("user")).contains("postgres");
    assertThat(url.option("password")).contains("p&w");
  }

  @Test
  void a_jdbc_url_in_upper_case_becomes_the_drivers_lower_case_prefix() {
    PostgresUrl url = PostgresUrl.parse("JDBC:PostgreSQL://h/db", OWN);

    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h/db");
  }

  @Test
  void a_url_without_a_database_path_still_gives_the_driver_its_slash() {
    assertThat(PostgresUrl.parse("jdbc:postgresql://h:5432", OWN).jdbcUrl())
        .isEqualTo("jdbc:postgresql://h:5432/");
    assertThat(PostgresUrl.parse("postgres://h?sslmode=require", OWN).jdbcUrl())
        .isEqualTo("jdbc:postgresql://h/?sslmode=require");
  }

  @Test
  void percent_encoded_credentials_are_decoded_and_a_plus_stays_a_plus() {
    PostgresUrl url = PostgresUrl.parse("postgres://us%40er:p%3Aa%2Fs+s%40@[::1]:5432/db", OWN);

    assertThat(url.user()).isEqualTo("us@er");
    assertThat(url.password()).isEqualTo("p:a/s+s@");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5432/db");
  }

  @Test
  void an_unencoded_at_sign_in_the_password_is_kept() {
    PostgresUrl url = PostgresUrl.parse("postgres://u:p@ss@h/db", OWN);

    assertThat(url.user()).isEqualTo("u");
    assertThat(url.password()).isEqualTo("p@ss");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h/db");
  }

  @Test
  void an_empty_user_is_no_user() {
    PostgresUrl url = PostgresUrl.parse("postgres://@h/db", OWN);

    assertThat(url.user()).isNull();
    assertThat(url.driverProperties()).isEmpty();
  }

  @Test
  void a_url_without_a_host_is_refused_unless_the_caller_gives_a_default_host() {
    assertThatThrownBy(() -> PostgresUrl.parse("postgres://u:hunter2@/db", OWN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the PostgreSQL URL postgres://u:***@/db has no host");
    assertThatThrownBy(() -> PostgresUrl.parse("jdbc:postgresql:///db", OWN))
        .hasMessageContaining("has no host");

    assertThat(PostgresUrl.parse("postgres:///db", OWN, "localhost").jdbcUrl())
        .isEqualTo("jdbc:postgresql://localhost/db");
    assertThat(PostgresUrl.parse("jdbc:postgresql:///db", OWN, "localhost").jdbcUrl())
        .isEqualTo("jdbc:postgresql://localhost/db");
  }

  @Test
  void only_the_postgres_forms_match() {
    assertThat(PostgresUrl.matches("postgres://h/db")).isTrue();
    assertThat(PostgresUrl.matches("postgresql://h/db")).isTrue();
    assertThat(PostgresUrl.matches("POSTGRESQL://h/db")).isTrue();
    assertThat(PostgresUrl.matches("jdbc:postgresql://h/db")).isTrue();
    assertThat(PostgresUrl.matches("jdbc:postgresql:db")).isTrue();
    assertThat(PostgresUrl.matches("inprocess:")).isFalse();
    assertThat(PostgresUrl.matches("jdbc:sqlite:x.db")).isFalse();
    assertThat(PostgresUrl.matches("mysql://h/db")).isFalse();
  }

  @Test
  void a_url_of_another_form_is_refused_naming_the_forms_without_the_password() {
    assertThatThrownBy(() -> PostgresUrl.parse("mysql://root:hunter2@h/db", OWN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a PostgreSQL URL")
        .hasMessageContaining("postgres://, postgresql:// or jdbc:postgresql://")
        .hasMessageContaining("mysql://root:***@h/db")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> PostgresUrl.parse("jdbc:postgresql:db", OWN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected jdbc:postgresql://host[:port]/database, got");
  }

  @Test
  void an_identifier_option_must_be_a_plain_lowercase_name() {
    PostgresUrl url =
        PostgresUrl.parse("postgres://u:hunter2@h/db?schema=Bad-Name&poolSize=2", OWN);

    assertThatThrownBy(() -> url.identifier("schema", "unused"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "invalid schema 'Bad-Name' in the PostgreSQL URL"
                + " postgres://u:***@h/db?schema=Bad-Name&poolSize=2:"
                + " use lowercase letters, digits and underscores");
    for (String bad : new String[] {"drop;table", "x%22%3Bdrop", "1abc", "", "a".repeat(64)}) {
      assertThatThrownBy(() ->
              PostgresUrl.parse("postgres://h/db?schema=" + bad, OWN).identifier("schema", "s"))
          .as(bad)
          .hasMessageContaining("lowercase letters, digits and underscores");
    }
    assertThat(PostgresUrl.parse("postgres://h/db?schema=_tenant_7", OWN).identifier("schema", "s"))
        .isEqualTo("_tenant_7");
    assertThat(
            PostgresUrl.parse("postgres://h/db?schema=" + "a".repeat(63), OWN)
                .identifier("schema", "s"))
        .hasSize(63);
  }

  @Test
  void a_number_option_must_be_a_whole_number_of_at_least_one() {
    for (String bad : new String[] {"0", "-1", "two", "1.5", ""}) {
      assertThatThrownBy(() ->
              PostgresUrl.parse("postgres://u:hunter2@h/db?poolSize=" + bad, OWN)
                  .positiveInt("poolSize", 8))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("poolSize must be a whole number of at least 1 in")
          .hasMessageNotContaining("hunter2");
    }
    assertThat(PostgresUrl.parse("postgres://h/db?poolSize=12", OWN).positiveInt("poolSize", 8))
        .isEqualTo(12);
  }

  @Test
  void asking_for_an_option_that_was_not_named_own_is_a_programming_error() {
    PostgresUrl url = PostgresUrl.parse("postgres://h/db?sslmode=require", OWN);

    assertThatThrownBy(() -> url.option("sslmode"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'sslmode' is not one of the own options");
  }

  @Test
  void broken_percent_encoding_is_refused_without_echoing_the_password() {
    assertThatThrownBy(() -> PostgresUrl.parse("postgres://u:hun%zzter2@h/db", OWN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid percent-encoding in the PostgreSQL URL postgres://u:***@h/db");
  }

  @Test
  void descriptions_and_redacted_urls_never_show_the_password() {
    assertThat(PostgresUrl.redact("postgres://u:hunter2@h/db")).isEqualTo("postgres://u:***@h/db");
    assertThat(PostgresUrl.redact("jdbc:postgresql://h/db?user=u&password=hunter2&x=1"))
        .isEqualTo("jdbc:postgresql://h/db?user=u&password=***&x=1");
    assertThat(PostgresUrl.redact("jdbc:postgresql://h/db?PASSWORD=hunter2"))
        .isEqualTo("jdbc:postgresql://h/db?PASSWORD=***");
    assertThat(PostgresUrl.redact("mysql://root:hunter2@h/db")).isEqualTo("mysql://root:***@h/db");
    assertThat(PostgresUrl.redact("sqlite:data/b.db")).isEqualTo("sqlite:data/b.db");

    PostgresUrl url = PostgresUrl.parse("jdbc:postgresql://h/db?user=u&password=hunter2", OWN);
    assertThat(url.toString())
        .isEqualTo("jdbc:postgresql://h/db?user=u&password=***")
        .doesNotContain("hunter2");
    assertThat(PostgresUrl.parse("postgres://u:hunter2@h:5432/db", OWN).toString())
        .isEqualTo("jdbc:postgresql://h:5432/db");
  }
}
