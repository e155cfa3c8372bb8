package dev.blacksmith.pubsub.kafka;

import dev.blacksmith.pubsub.Message;
import dev.blacksmith.spi.pubsub.PubSubException;
import dev.blacksmith.spi.pubsub.Publisher;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.jspecify.annotations.Nullable;

/**
 * Sends with an idempotent producer ({@code acks=all}) and waits for the acknowledgement, within
 * {@link KafkaSettings#sendTimeout()}. Metadata travel as headers; the metadata entry {@code key},
 * when present, is also the record key (so messages with one key keep their order).
 */
final class KafkaPublisher implements Publisher {

  /** The metadata entry that becomes the record key. */
  static final String KEY = "key";

  private final KafkaSettings settings;
  private final KafkaAdmin admin;
  private final Duration sendTimeout;
  private volatile @Nullable Producer<byte[], byte[]> producer;
  private volatile boolean shutdown;

  KafkaPublisher(KafkaSettings settings, KafkaAdmin admin) {
    this.settings = settings;
    this.admin = admin;
    this.sendTimeout = settings.sendTimeout();
  }

  @Override
  public synchronized void init() {
    if (shutdown) {
      throw new PubSubException("Kafka publisher for " + settings.displayUrl() + " is shut down");
    }
    if (producer != null) {
      return;
    }
    admin.checkReachable();
    try {
      producer = new KafkaProducer<>(settings.producerConfig());
    } catch (RuntimeException e) {
      throw new PubSubException(
          "cannot create a Kafka producer for " + settings.displayUrl() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void send(String topic, Message message) {
    Producer<byte[], byte[]> p = producer;
    if (shutdown) {
      throw new PubSubException("Kafka publisher for " + settings.displayUrl() + " is shut down");
    }
    if (p == null) {
      throw new PubSubException(
          "Kafka publisher for " + settings.displayUrl() + " is not initialised: call init()");
    }
    admin.ensureTopic(topic);
    Future<RecordMetadata> ack;
    try {
      ack = p.send(record(topic, message));
    } catch (RuntimeException e) {
      // Metadata not available within max.block.ms, a closed producer, an oversized record...
      throw failed(topic, e);
    }
    try {
      ack.get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw failed(topic, e.getCause() == null ? e : e.getCause());
    } catch (TimeoutException e) {
      throw failed(topic, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PubSubException("interrupted while sending to Kafka topic " + topic, e);
    }
  }

  private PubSubException failed(String topic, Throwable cause) {
    return new PubSubException(
        "Kafka at "
            + settings.displayUrl()
            + " did not acknowledge a message to topic "
            + topic
            + ": "
            + cause,
        cause);
  }

  static ProducerRecord<byte[], byte[]> record(String topic, Message message) {
    List<Header> headers = new ArrayList<>(message.metadata().size());
    for (Map.Entry<String, String> e : message.metadata().entrySet()) {
      headers.add(new RecordHeader(e.getKey(), e.getValue().getBytes(StandardCharsets.UTF_8)));
    }
    String key = message.metadata().get(KEY);
    return new ProducerRecord<>(
        topic,
        null,
        key == null ? null : key.getBytes(StandardCharsets.UTF_8),
        message.body(),
        headers);
  }

  @Override
  public void shutdown() {
    Producer<byte[], byte[]> p;
    synchronized (this) {
      shutdown = true;
      p = producer;
      producer = null;
    }
    if (p != null) {
      // Sends in flight get their acknowledgement or their error before the producer goes.
      p.close(Duration.ofSeconds(5));
    }
  }
}
