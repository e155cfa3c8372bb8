package dev.blacksmith.pubsub.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blacksmith.spi.pubsub.PubSubException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaSettingsTest {

  @Test
  void servers_come_from_the_url_with_the_default_port() {
    KafkaSettings s = KafkaSettings.parse("kafka://a.example:9093,b.example,kafka://[::1]:9094");

    assertThat(s.bootstrapServers()).isEqualTo("a.example:9093,b.example:9092,[::1]:9094");
    assertThat(s.displayUrl()).isEqualTo("kafka://a.example:9093,b.example:9092,[::1]:9094");
  }

  @Test
  void client_options_go_to_the_clients_that_know_them() {
    KafkaSettings s =
        KafkaSettings.parse(
            "kafka://h:1?security.protocol=PLAINTEXT&client.id=shop&max.poll.records=7"
                + "&linger.ms=3&session.timeout.ms=9000");

    Map<String, Object> producer = s.producerConfig();
    Map<String, Object> consumer = s.consumerConfig("billing");
    Map<String, Object> admin = s.adminConfig();
    assertThat(producer)
        .containsEntry("security.protocol", "PLAINTEXT")
        .containsEntry("linger.ms", "3")
        .doesNotContainKeys("max.poll.records", "session.timeout.ms");
    assertThat(consumer)
        .containsEntry("security.protocol", "PLAINTEXT")
        .containsEntry("max.poll.records", "7")
        .containsEntry("session.timeout.ms", "9000")
        .containsEntry("group.id", "billing")
        .doesNotContainKey("linger.ms");
    assertThat(admin).containsEntry("security.protocol", "PLAINTEXT");
    assertThat((String) producer.get("client.id")).startsWith("shop-producer-");
    assertThat((String) consumer.get("client.id")).startsWith("shop-billing-");
    assertThat(consumer.get("client.id"))
        .isNotEqualTo(s.consumerConfig("billing").get("client.id"));
    assertThat(s.maxPollRecords()).isEqualTo(7);
  }

  @Test
  void the_guarantees_are_fixed_and_timeouts_bounded_by_default() {
    KafkaSettings s = KafkaSettings.parse("kafka://h:1");

    assertThat(s.producerConfig())
        .containsEntry("acks", "all")
        .containsEntry("enable.idempotence", "true")
        .containsEntry("max.block.ms", "5000")
        .containsEntry("delivery.timeout.ms", "15000");
    assertThat(s.consumerConfig("g"))
        .containsEntry("enable.auto.commit", "false")
        .containsEntry("auto.offset.reset", "earliest");
    assertThat(s.sendTimeout()).isEqualTo(Duration.ofSeconds(5 + 15 + 1));
    assertThat(s.initTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.maxPollRecords()).isEqualTo(50);
    assertThat(s.revokeWait()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.partitions()).isEqualTo(3);
    assertThat(s.replicationFactor()).isEqualTo((short) 1);
    assertThat(s.maxDeliveries()).isEqualTo(-1);
  }

  @Test
  void options_the_guarantees_rest_on_cannot_be_overridden() {
    for (String option :
        new String[] {
          "acks=1", "enable.auto.commit=true", "enable.idempotence=false", "group.id=x"
        }) {
      assertThatThrownBy(() -> KafkaSettings.parse("kafka://h:1?" + option))
          .isInstanceOf(PubSubException.class)
          .hasMessageContaining("cannot be changed");
    }
  }

  @Test
  void an_unknown_option_is_refused_with_the_known_ones() {
    assertThatThrownBy(() -> KafkaSettings.parse("kafka://h:1?partitions=3"))
        .isInstanceOf(PubSubException.class)
        .hasMessageContaining("unknown option 'partitions'")
        .hasMessageContaining("topic.partitions");
  }

  @Test
  void malformed_values_are_refused_at_parse_time() {
    assertThatThrownBy(() -> KafkaSettings.parse("kafka://h:1?topic.partitions=many"))
        .isInstanceOf(PubSubException.class)
        .hasMessageContaining("topic.partitions must be a whole number");
    assertThatThrownBy(() -> KafkaSettings.parse("kafka://h:1?max.poll.records=lots"))
        .isInstanceOf(PubSubException.class)
        .hasMessageContaining("invalid Kafka client setting")
        .hasMessageContaining("max.poll.records");
    assertThatThrownBy(() -> KafkaSettings.parse("kafka://h:1?max.deliveries=0"))
        .isInstanceOf(PubSubException.class)
        .hasMessageContaining("max.deliveries");
    assertThatThrownBy(() -> KafkaSettings.parse("kafka://user:pw@h:1"))
        .isInstanceOf(PubSubException.class)
        .hasMessageContaining("sasl.");
    assertThatThrownBy(() -> KafkaSettings.parse("kafka://h:1,"))
        .isInstanceOf(PubSubException.class);
    assertThatThrownBy(() -> KafkaSettings.parse("nats://h:1"))
        .isInstanceOf(PubSubException.class)
        .hasMessageContaining("not a Kafka URL");
  }

  @Test
  void errors_do_not_repeat_option_values_which_may_be_secrets() {
    assertThatThrownBy(() ->
            KafkaSettings.parse("kafka://h:1?sasl.jaas.config=secret-password&no.such.option=1"))
        .isInstanceOf(PubSubException.class)
        .hasMessageContaining("kafka://h:1")
        .hasMessageNotContaining("secret-password");
  }

  @Test
  void the_redelivery_delay_doubles_up_to_its_cap() {
    KafkaSettings s =
        KafkaSettings.parse("kafka://h:1?redelivery.delay.ms=100&redelivery.max.delay.ms=1000");

    assertThat(s.redeliveryDelayAfter(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(s.redeliveryDelayAfter(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(s.redeliveryDelayAfter(4)).isEqualTo(Duration.ofMillis(800));
    assertThat(s.redeliveryDelayAfter(5)).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.redeliveryDelayAfter(500)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void a_short_max_poll_interval_shortens_the_wait_for_revoked_handlers() {
    assertThat(KafkaSettings.parse("kafka://h:1?max.poll.interval.ms=4000").revokeWait())
        .isEqualTo(Duration.ofSeconds(2));
  }
}
