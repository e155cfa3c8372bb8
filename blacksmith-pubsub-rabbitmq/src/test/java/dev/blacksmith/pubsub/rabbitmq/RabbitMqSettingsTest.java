package dev.blacksmith.pubsub.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blacksmith.pubsub.rabbitmq.RabbitMqSettings.QueueType;
import dev.blacksmith.spi.pubsub.PubSubException;
import dev.blacksmith.spi.pubsub.PubSubProvider;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** URL parsing, masking and the provider; no broker needed. */
class RabbitMqSettingsTest {

  @Test
  void a_full_url_gives_credentials_host_port_vhost_and_options() {
    RabbitMqSettings s =
        RabbitMqSettings.parse(
            "amqp://app:p%40ss@broker.internal:5673/tenant-a?prefetch=8&queueType=classic"
                + "&deliveryLimit=3&confirmTimeoutMs=2500&recoveryIntervalMs=700&heartbeat=15");

    assertThat(s.tls()).isFalse();
    assertThat(s.username()).isEqualTo("app");
    assertThat(s.password()).isEqualTo("p@ss");
    assertThat(s.host()).isEqualTo("broker.internal");
    assertThat(s.port()).isEqualTo(5673);
    assertThat(s.virtualHost()).isEqualTo("tenant-a");
    assertThat(s.prefetch()).isEqualTo(8);
    assertThat(s.queueType()).isEqualTo(QueueType.CLASSIC);
    assertThat(s.deliveryLimit()).isEqualTo(3);
    assertThat(s.confirmTimeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(s.recoveryInterval()).isEqualTo(Duration.ofMillis(700));
    assertThat(s.heartbeatSeconds()).isEqualTo(15);
  }

  @Test
  void an_empty_path_or_a_lone_slash_means_the_default_vhost() {
    assertThat(RabbitMqSettings.parse("amqp://h").virtualHost()).isEqualTo("/");
    assertThat(RabbitMqSettings.parse("amqp://h/").virtualHost()).isEqualTo("/");
    assertThat(RabbitMqSettings.parse("amqp://h/%2F").virtualHost()).isEqualTo("/");
  }

  @Test
  void defaults_apply_when_the_url_says_nothing() {
    RabbitMqSettings s = RabbitMqSettings.parse("amqp://localhost");

    assertThat(s.port()).isEqualTo(5672);
    assertThat(s.username()).isEqualTo("guest");
    assertThat(s.prefetch()).isEqualTo(RabbitMqSettings.DEFAULT_PREFETCH);
    assertThat(s.queueType()).isEqualTo(QueueType.AUTO);
    assertThat(s.deliveryLimit()).isEqualTo(RabbitMqSettings.DEFAULT_DELIVERY_LIMIT);
    assertThat(s.confirmTimeout()).isEqualTo(RabbitMqSettings.DEFAULT_CONFIRM_TIMEOUT);
  }

  @Test
  void amqps_uses_tls_on_5671_with_hostname_verification() {
    RabbitMqSettings s = RabbitMqSettings.parse("amqps://u:p@broker.example");

    assertThat(s.tls()).isTrue();
    assertThat(s.port()).isEqualTo(5671);
    assertThat(s.connectionFactory().isSSL()).isTrue();
  }

  @Test
  void the_password_is_masked_and_the_user_kept() {
    assertThat(RabbitMqSettings.mask("amqp://app:s3cret@h:5672/v?prefetch=1"))
        .isEqualTo("amqp://app:***@h:5672/v?prefetch=1");
    assertThat(RabbitMqSettings.mask("amqps://app:pa@ss/x@h/v"))
        .isEqualTo("amqps://app:***@h/v")
        .doesNotContain("pa@ss");
    assertThat(RabbitMqSettings.mask("amqp://h:5672/")).isEqualTo("amqp://h:5672/");
    assertThat(RabbitMqSettings.parse("amqp://a:b@h").toString()).doesNotContain(":b@");
  }

  @Test
  void an_unknown_option_fails_listing_the_known_ones_without_the_password() {
    assertThatThrownBy(() -> RabbitMqSettings.parse("amqp://u:s3cret@h/?prefech=3"))
        .isInstanceOf(PubSubException.class)
        .hasMessageContaining("prefech")
        .hasMessageContaining("prefetch")
        .hasMessageContaining("amqp://u:***@h/")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void out_of_range_options_and_other_schemes_are_refused() {
    assertThatThrownBy(() -> RabbitMqSettings.parse("amqp://h/?prefetch=0"))
        .isInstanceOf(PubSubException.class)
        .hasMessageContaining("prefetch must be an integer from 1");
    assertThatThrownBy(() -> RabbitMqSettings.parse("amqp://h/?queueType=stream"))
        .isInstanceOf(PubSubException.class)
        .hasMessageContaining("queueType");
    assertThatThrownBy(() -> RabbitMqSettings.parse("nats://h:4222"))
        .isInstanceOf(PubSubException.class);
    assertThatThrownBy(() -> RabbitMqSettings.parse("amqp://h/a/b"))
        .isInstanceOf(PubSubException.class)
        .hasMessageContaining("one path segment");
  }

  @Test
  void quorum_queues_are_chosen_from_rabbitmq_3_8_on() {
    assertThat(RabbitMqSubscriber.supportsQuorumQueues(Map.of("version", "3.10.8"))).isTrue();
    assertThat(RabbitMqSubscriber.supportsQuorumQueues(Map.of("version", "4.1.0"))).isTrue();
    assertThat(RabbitMqSubscriber.supportsQuorumQueues(Map.of("version", "3.8.0"))).isTrue();
    assertThat(RabbitMqSubscriber.supportsQuorumQueues(Map.of("version", "3.7.28"))).isFalse();
    assertThat(RabbitMqSubscriber.supportsQuorumQueues(Map.of())).isFalse();
  }

  @Test
  void the_provider_is_found_by_service_loader_for_amqp_and_amqps_urls() {
    PubSubProvider provider =
        ServiceLoader.load(PubSubProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.supports("amqp://localhost"))
            .findFirst()
            .orElseThrow();

    assertThat(provider).isInstanceOf(RabbitMqPubSubProvider.class);
    assertThat(provider.supports("AMQPS://broker:5671/prod")).isTrue();
    assertThat(provider.supports("nats://localhost:4222")).isFalse();
    try (var pubsub = provider.open("amqp://guest:guest@127.0.0.1:1/")) {
      // Opening does not connect: nothing listens on port 1.
      assertThat(pubsub.name()).isEqualTo("rabbitmq");
    }
  }
}
