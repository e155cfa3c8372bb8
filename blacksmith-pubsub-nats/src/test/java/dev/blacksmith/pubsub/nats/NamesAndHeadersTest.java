package dev.blacksmith.pubsub.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blacksmith.spi.pubsub.PubSubException;
import io.nats.client.impl.Headers;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NamesAndHeadersTest {

  @Test
  void a_topic_must_be_a_literal_nats_subject() {
    assertThat(Names.subject("orders.created")).isEqualTo("orders.created");
    for (String bad : new String[] {"", "a b", "a.*", "a.>", ".a", "a.", "a..b", "tab\there"}) {
      assertThatThrownBy(() -> Names.subject(bad)).as(bad).isInstanceOf(PubSubException.class);
    }
  }

  @Test
  void names_nats_refuses_are_made_safe_without_colliding() {
    assertThat(Names.stream("blacksmith_", "wakeups")).isEqualTo("blacksmith_wakeups");
    assertThat(Names.durable("scheduler-1")).isEqualTo("scheduler-1");

    String dotted = Names.stream("p_", "orders.created");
    String underscored = Names.stream("p_", "orders_created");
    assertThat(dotted).matches("p_orders_created_[0-9a-f]{8}");
    assertThat(underscored).isEqualTo("p_orders_created");
    assertThat(Names.durable("group/one")).matches("group_one_[0-9a-f]{8}");
    assertThatThrownBy(() -> Names.durable("")).isInstanceOf(PubSubException.class);
  }

  @Test
  void plain_metadata_travels_as_readable_headers() {
    Headers h = NatsHeaders.encode(Map.of("destination", "crm", "Action", "push it"));

    assertThat(h.getFirst("destination")).isEqualTo("crm");
    assertThat(h.getFirst("Action")).isEqualTo("push it");
    assertThat(h.containsKey(NatsHeaders.ENCODED)).isFalse();
  }

  @Test
  void any_metadata_round_trips_exactly() {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("plain", "value");
    metadata.put("unicode", "héllo – 世界");
    metadata.put("multi", "line1\r\nline2");
    metadata.put("empty", "");
    metadata.put(" padded ", "  spaces  ");
    metadata.put("with:colon", "x");
    metadata.put("Nats-Msg-Id", "not for the server");
    metadata.put("bs-meta", "reserved name");
    metadata.put("", "empty key");
    metadata.put("Case", "upper");
    metadata.put("case", "lower");

    assertThat(NatsHeaders.decode(NatsHeaders.encode(metadata))).isEqualTo(metadata);
  }

  @Test
  void headers_set_by_the_server_or_garbled_are_not_metadata() {
    Headers h = new Headers();
    h.add("Nats-Expected-Stream", "blacksmith_x");
    h.add(NatsHeaders.ENCODED, "!!!.not-base64");
    h.add("kept", "yes");

    assertThat(NatsHeaders.decode(h)).containsExactly(Map.entry("kept", "yes"));
    assertThat(NatsHeaders.encode(Map.of())).isNull();
    assertThat(NatsHeaders.decode(null)).isEmpty();
  }
}
