package dev.blacksmith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlsTest {

  @Test
  void password_in_user_info_is_masked() {
    assertThat(Urls.redact("postgresql://blacksmith:s3cret@db:5432/blacksmith"))
        .isEqualTo("postgresql://blacksmith:***@db:5432/blacksmith");
  }

  @Test
  void password_and_token_query_parameters_are_masked() {
    assertThat(Urls.redact("postgresql://db/bs?user=bs&password=s3cret&ssl=true"))
        .isEqualTo("postgresql://db/bs?user=bs&password=***&ssl=true");
    assertThat(Urls.redact("nats://host:4222?token=abc")).isEqualTo("nats://host:4222?token=***");
  }

  @Test
  void urls_without_secrets_are_unchanged() {
    assertThat(Urls.redact("sqlite:blacksmith.db")).isEqualTo("sqlite:blacksmith.db");
    assertThat(Urls.redact("inprocess:")).isEqualTo("inprocess:");
    assertThat(Urls.redact("amqp://guest@localhost:5672/"))
        .isEqualTo("amqp://guest@localhost:5672/");
  }
}
