/**
 * The NATS JetStream pub/sub adapter: {@link dev.blacksmith.pubsub.nats.NatsPubSub}, opened from a
 * {@code nats://} URL through {@link dev.blacksmith.pubsub.nats.NatsPubSubProvider}. Everything
 * else in this package is internal.
 */
@NullMarked
package dev.blacksmith.pubsub.nats;

import org.jspecify.annotations.NullMarked;
