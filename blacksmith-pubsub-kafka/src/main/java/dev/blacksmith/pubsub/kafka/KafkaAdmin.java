package dev.blacksmith.pubsub.kafka;

import dev.blacksmith.spi.pubsub.PubSubException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin side of one adapter: reachability checks, topics created on first use, and the starting
 * offsets of a new subscription group. Every call is bounded by the init timeout.
 */
final class KafkaAdmin implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaAdmin.class);
  private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  private static final Duration RETRY_PAUSE = Duration.ofMillis(50);

  private final KafkaSettings settings;
  private final Admin admin;
  private final Set<String> knownTopics = ConcurrentHashMap.newKeySet();

  KafkaAdmin(KafkaSettings settings) {
    this.settings = settings;
    try {
      this.admin = Admin.create(settings.adminConfig());
    } catch (KafkaException e) {
      throw new PubSubException(
          "cannot create a Kafka admin client for " + settings.displayUrl() + ": " + e, e);
    }
  }

  /**
   * Fails unless the cluster answers within the init timeout.
   *
   * @throws PubSubException naming the URL
   */
  void checkReachable() {
    get(admin.describeCluster().clusterId(), "reach the cluster");
  }

  /** Creates {@code topic} unless it exists (or is known to exist from an earlier call). */
  void ensureTopic(String topic) {
    if (knownTopics.contains(topic)) {
      return;
    }
    if (!TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
      throw new PubSubException(
          "'"
              + topic
              + "' is not a valid Kafka topic name (1 to 249 of a-z, A-Z, 0-9, '.', '_', '-')");
    }
    NewTopic spec =
        new NewTopic(
            topic,
            settings.partitions() > 0 ? Optional.of(settings.partitions()) : Optional.empty(),
            settings.replicationFactor() > 0
                ? Optional.of(settings.replicationFactor())
                : Optional.empty());
    try {
      get(admin.createTopics(List.of(spec)).all(), "create topic " + topic);
    } catch (PubSubException e) {
      boolean unreachable = e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException;
      if (unreachable || !(e.getCause() instanceof TopicExistsException || topicExists(topic))) {
        throw e;
      }
      // Exists already, or we may not create topics but someone did: either way, usable.
    }
    knownTopics.add(topic);
  }

  private boolean topicExists(String topic) {
    try {
      return get(admin.describeTopics(List.of(topic)).allTopicNames(), "describe topic " + topic)
          .containsKey(topic);
    } catch (PubSubException e) {
      return false;
    }
  }

  /**
   * Gives {@code group} a committed offset at the end of every partition of {@code topic} where it
   * has none, so the subscription receives every message sent from now on, even those sent before
   * its consumer has joined. A group with live members already has its positions; it is left as is.
   */
  void startGroupAtEnd(String topic, String group) {
    // A topic created a moment ago may not have reached every broker yet: retry until it has.
    Map<String, TopicDescription> described =
        retrying(() -> admin.describeTopics(List.of(topic)).allTopicNames(), "describe " + topic);
    Map<TopicPartition, OffsetAndMetadata> committed =
        retrying(
            () -> admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(),
            "read the offsets of group " + group);
    Map<TopicPartition, OffsetSpec> missing = new HashMap<>();
    described
        .get(topic)
        .partitions()
        .forEach(p -> {
          TopicPartition tp = new TopicPartition(topic, p.partition());
          if (committed.get(tp) == null) {
            missing.put(tp, OffsetSpec.latest());
          }
        });
    if (missing.isEmpty()) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
    retrying(() -> admin.listOffsets(missing).all(), "read the end offsets of " + topic)
        .forEach((tp, info) -> start.put(tp, new OffsetAndMetadata(info.offset())));
    try {
      get(admin.alterConsumerGroupOffsets(group, start).all(), "start group " + group);
    } catch (PubSubException e) {
      Throwable c = e.getCause();
      if (c instanceof GroupNotEmptyException
          || c instanceof UnknownMemberIdException
          || c instanceof RebalanceInProgressException) {
        LOG.debug("group {} is active; its members keep their positions on {}", group, topic);
        return;
      }
      throw e;
    }
  }

  /** Like {@link #get}, retrying errors Kafka calls retriable until the init timeout is spent. */
  private <T> T retrying(Supplier<KafkaFuture<T>> call, String what) {
    long deadline = System.nanoTime() + settings.initTimeout().toNanos();
    while (true) {
      try {
        return get(call.get(), what);
      } catch (PubSubException e) {
        if (!(e.getCause() instanceof RetriableException) || System.nanoTime() - deadline > 0) {
          throw e;
        }
      }
      try {
        Thread.sleep(RETRY_PAUSE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PubSubException("interrupted while trying to " + what, e);
      }
    }
  }

  private <T> T get(KafkaFuture<T> future, String what) {
    Duration timeout = settings.initTimeout();
    try {
      // A little past the client's own timeout, so its more precise error is the one reported.
      return future.get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw new PubSubException(
            "Kafka at "
                + settings.displayUrl()
                + " is unreachable: cannot "
                + what
                + " within "
                + timeout.toMillis()
                + " ms ("
                + cause.getMessage()
                + ")",
            cause);
      }
      throw new PubSubException(
          "Kafka at " + settings.displayUrl() + ": cannot " + what + ": " + cause.getMessage(),
          cause);
    } catch (TimeoutException e) {
      throw new PubSubException(
          "Kafka at "
              + settings.displayUrl()
              + " is unreachable: cannot "
              + what
              + " within "
              + timeout.toMillis()
              + " ms",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PubSubException("interrupted while trying to " + what, e);
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(2));
  }
}
