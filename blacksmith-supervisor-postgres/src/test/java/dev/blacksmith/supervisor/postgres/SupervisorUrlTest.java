package dev.blacksmith.supervisor.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The supervisor's own options; taking the URL apart is tested with the SPI's {@code PostgresUrl}.
 */
class SupervisorUrlTest {

  @Test
  void a_postgres_url_gives_the_driver_url_user_password_and_default_schema() {
    SupervisorUrl url = SupervisorUrl.parse("postgres://blacksmith:s%40cret+1@db.local:5433/app");

    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.local:5433/app");
    assertThat(url.user()).isEqualTo("blacksmith");
    assertThat(url.password()).isEqualTo("s@cret+1");
    assertThat(url.schema()).isEqualTo("blacksmith_supervisor");
  }

  @Test
  void the_schema_option_is_taken_and_other_options_go_to_the_driver() {
    SupervisorUrl url =
        SupervisorUrl.parse("postgresql://u@h1:5432,h2:5432/app?sslmode=require&schema=locks&x=1");

    assertThat(url.jdbcUrl())
        .isEqualTo("jdbc:postgresql://h1:5432,h2:5432/app?sslmode=require&x=1");
    assertThat(url.schema()).isEqualTo("locks");
    assertThat(url.user()).isEqualTo("u");
    assertThat(url.password()).isNull();
  }

  @Test
  void a_jdbc_url_may_carry_user_and_password_as_options() {
    SupervisorUrl url =
        SupervisorUrl.parse(
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&password=p%26w&schema=s1");

    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
    assertThat(url.user()).isEqualTo("postgres");
    assertThat(url.password()).isEqualTo("p&w");
    assertThat(url.schema()).isEqualTo("s1");
  }

  @Test
  void user_and_password_options_win_over_the_user_info() {
    SupervisorUrl url = SupervisorUrl.parse("postgres://a:one@h/db?user=b&password=two");

    assertThat(url.user()).isEqualTo("b");
    assertThat(url.password()).isEqualTo("two");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h/db");
  }

  @Test
  void a_url_without_a_host_means_localhost() {
    assertThat(SupervisorUrl.parse("postgres:///app").jdbcUrl())
        .isEqualTo("jdbc:postgresql://localhost/app");
  }

  @Test
  void only_postgres_urls_are_supported() {
    assertThat(PostgresSupervisor.supports("postgres://h/db")).isTrue();
    assertThat(PostgresSupervisor.supports("postgresql://h/db")).isTrue();
    assertThat(PostgresSupervisor.supports("jdbc:postgresql://h/db")).isTrue();
    assertThat(PostgresSupervisor.supports("inprocess:")).isFalse();
    assertThat(PostgresSupervisor.supports("jdbc:sqlite:x.db")).isFalse();
    assertThatThrownBy(() -> SupervisorUrl.parse("mysql://h/db"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_schema_that_is_not_a_plain_lower_case_name_is_refused() {
    assertThatThrownBy(() -> SupervisorUrl.parse("postgres://u:pw@h/db?schema=x\";drop"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("schema")
        .hasMessageNotContaining("pw");
  }

  @Test
  void passwords_are_kept_out_of_messages() {
    assertThat(SupervisorUrl.parse("postgres://u:secret@h/db").toString())
        .isEqualTo("jdbc:postgresql://h/db (user u, schema blacksmith_supervisor)");
    assertThat(SupervisorUrl.parse("jdbc:postgresql://h/db?password=secret").toString())
        .doesNotContain("secret");
  }
}
