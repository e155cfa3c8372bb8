package dev.blacksmith.pubsub.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blacksmith.spi.pubsub.PubSubException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NatsSettingsTest {

  @Test
  void a_plain_url_gets_the_documented_defaults() {
    NatsSettings s = NatsSettings.parse("nats://127.0.0.1:4222");

    assertThat(s.servers()).containsExactly("nats://127.0.0.1:4222");
    assertThat(s.user()).isNull();
    assertThat(s.streamPrefix()).isEqualTo("blacksmith_");
    assertThat(s.maxAge()).isEqualTo(Duration.ofHours(24));
    assertThat(s.maxBytes()).isEqualTo(-1);
    assertThat(s.replicas()).isEqualTo(1);
    assertThat(s.maxAckPending()).isEqualTo(256);
    assertThat(s.concurrency()).isEqualTo(16);
    assertThat(s.ackWait()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.nakDelay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.maxDeliver()).isEqualTo(-1);
    assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.reconnectWait()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.pullExpiry()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.connectionName()).isEqualTo("blacksmith");
  }

  @Test
  void several_servers_share_the_scheme_the_default_port_and_the_credentials() {
    NatsSettings s =
        NatsSettings.parse("nats://app:p%40ss@a.example:4223, b.example,nats://c:4225");

    assertThat(s.servers())
        .containsExactly("nats://a.example:4223", "nats://b.example:4222", "nats://c:4225");
    assertThat(s.user()).isEqualTo("app");
    assertThat(s.password()).isEqualTo("p@ss");
    assertThat(s.displayUrl()).doesNotContain("p@ss").doesNotContain("app");
    assertThat(s.toString()).doesNotContain("p@ss");
  }

  @Test
  void a_user_without_password_is_a_token() {
    NatsSettings s = NatsSettings.parse("nats://s3cr3tt0ken@127.0.0.1");

    assertThat(s.user()).isEqualTo("s3cr3tt0ken");
    assertThat(s.password()).isNull();
  }

  @Test
  void different_credentials_per_server_are_refused() {
    assertThatThrownBy(() -> NatsSettings.parse("nats://a:1@h1:4222,nats://b:2@h2:4222"))
        .isInstanceOf(PubSubException.class)
        .hasMessageContaining("different credentials")
        .message()
        .doesNotContain(":1@")
        .doesNotContain(":2@");
  }

  @Test
  void query_options_are_read_with_their_units() {
    NatsSettings s =
        NatsSettings.parse(
            "nats://h:4222?stream_prefix=APP_&max_age=1h&max_bytes=1048576&replicas=3"
                + "&max_ack_pending=1000&concurrency=4&ack_wait=PT45S&nak_delay=250ms"
                + "&max_deliver=20&connect_timeout=3s&request_timeout=10s&reconnect_wait=2s"
                + "&pull_expiry=2s&name=gateway-1");

    assertThat(s.streamPrefix()).isEqualTo("APP_");
    assertThat(s.maxAge()).isEqualTo(Duration.ofHours(1));
    assertThat(s.maxBytes()).isEqualTo(1_048_576);
    assertThat(s.replicas()).isEqualTo(3);
    assertThat(s.maxAckPending()).isEqualTo(1000);
    assertThat(s.concurrency()).isEqualTo(4);
    assertThat(s.ackWait()).isEqualTo(Duration.ofSeconds(45));
    assertThat(s.nakDelay()).isEqualTo(Duration.ofMillis(250));
    assertThat(s.maxDeliver()).isEqualTo(20);
    assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(s.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.reconnectWait()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.pullExpiry()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.connectionName()).isEqualTo("gateway-1");
    assertThat(s.inFlightBound()).isEqualTo(4);
  }

  @Test
  void in_flight_never_exceeds_what_the_broker_lets_a_group_hold() {
    assertThat(NatsSettings.parse("nats://h?concurrency=64&max_ack_pending=5").inFlightBound())
        .isEqualTo(5);
  }

  @Test
  void an_unknown_option_is_refused_with_the_list_of_known_ones() {
    assertThatThrownBy(() -> NatsSettings.parse("nats://u:secret@h?stream_prfix=x"))
        .isInstanceOf(PubSubException.class)
        .hasMessageContaining("unknown option 'stream_prfix'")
        .hasMessageContaining("stream_prefix")
        .hasMessageContaining("u:***@h")
        .message()
        .doesNotContain("secret");
  }

  @Test
  void malformed_values_are_refused_naming_the_option() {
    assertThatThrownBy(() -> NatsSettings.parse("nats://h?max_age=soon"))
        .isInstanceOf(PubSubException.class)
        .hasMessageContaining("max_age");
    assertThatThrownBy(() -> NatsSettings.parse("nats://h?concurrency=0"))
        .isInstanceOf(PubSubException.class)
        .hasMessageContaining("concurrency");
    assertThatThrownBy(() -> NatsSettings.parse("nats://h?max_deliver=0"))
        .isInstanceOf(PubSubException.class)
        .hasMessageContaining("max_deliver");
    assertThatThrownBy(() -> NatsSettings.parse("nats://h?stream_prefix=a.b"))
        .isInstanceOf(PubSubException.class)
        .hasMessageContaining("stream_prefix");
    assertThatThrownBy(() -> NatsSettings.parse("nats://h?ack_wait=10ms"))
        .isInstanceOf(PubSubException.class)
        .hasMessageContaining("ack_wait");
    assertThatThrownBy(() -> NatsSettings.parse("nats://h?concurrency=2&concurrency=3"))
        .isInstanceOf(PubSubException.class)
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> NatsSettings.parse("nats://h1,,h2"))
        .isInstanceOf(PubSubException.class)
        .hasMessageContaining("empty server");
  }

  @Test
  void only_nats_urls_are_supported() {
    assertThat(NatsSettings.supports("nats://h:4222")).isTrue();
    assertThat(NatsSettings.supports("NATS://h:4222")).isTrue();
    assertThat(NatsSettings.supports("amqp://h")).isFalse();
    assertThat(NatsSettings.supports("inprocess:")).isFalse();
    assertThatThrownBy(() -> NatsSettings.parse("kafka://h:9092"))
        .isInstanceOf(PubSubException.class);
  }

  @Test
  void the_nak_delay_doubles_with_each_delivery_up_to_a_minute() {
    NatsSettings s = NatsSettings.parse("nats://h?nak_delay=1s");

    assertThat(s.nakDelayAfter(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.nakDelayAfter(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.nakDelayAfter(4)).isEqualTo(Duration.ofSeconds(8));
    assertThat(s.nakDelayAfter(7)).isEqualTo(Duration.ofMinutes(1));
    assertThat(s.nakDelayAfter(1_000_000)).isEqualTo(Duration.ofMinutes(1));
    assertThat(NatsSettings.parse("nats://h?nak_delay=5m").nakDelayAfter(3))
        .isEqualTo(Duration.ofMinutes(5));
  }
}
