package dev.blacksmith.pubsub.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blacksmith.spi.pubsub.PubSub;
import dev.blacksmith.spi.pubsub.PubSubException;
import dev.blacksmith.spi.pubsub.PubSubProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class KafkaPubSubProviderTest {

  private static PubSubProvider kafkaProvider() {
    return ServiceLoader.load(PubSubProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(p -> p instanceof KafkaPubSubProvider)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void the_provider_is_found_by_service_loader_and_takes_kafka_urls_only() {
    PubSubProvider provider = kafkaProvider();

    assertThat(provider.supports("kafka://localhost:9092")).isTrue();
    assertThat(provider.supports("KAFKA://localhost:9092")).isTrue();
    assertThat(provider.supports("nats://localhost:4222")).isFalse();
    assertThat(provider.supports("inprocess:")).isFalse();
  }

  @Test
  void opening_connects_nothing_yet_so_it_works_without_a_broker() {
    try (PubSub pubsub = kafkaProvider().open("kafka://127.0.0.1:1?client.id=probe")) {
      assertThat(pubsub.name()).isEqualTo("kafka");
      assertThat(pubsub).hasToString("KafkaPubSub{kafka://127.0.0.1:1}");
    }
  }

  @Test
  void a_closed_adapter_makes_no_more_publishers_or_subscribers() {
    PubSub pubsub = kafkaProvider().open("kafka://127.0.0.1:1");
    pubsub.close();

    assertThatThrownBy(pubsub::publisher).isInstanceOf(PubSubException.class);
    assertThatThrownBy(() -> pubsub.subscriber("t", "g")).isInstanceOf(PubSubException.class);
  }
}
