/**
 * The Apache Kafka pub/sub adapter: {@link dev.blacksmith.pubsub.kafka.KafkaPubSub}, opened from a
 * {@code kafka://} URL through {@link dev.blacksmith.pubsub.kafka.KafkaPubSubProvider}. Everything
 * else in this package is internal.
 */
@NullMarked
package dev.blacksmith.pubsub.kafka;

import org.jspecify.annotations.NullMarked;
