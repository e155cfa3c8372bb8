/**
 * The RabbitMQ pub/sub adapter: {@link dev.blacksmith.pubsub.rabbitmq.RabbitMqPubSub}, opened from
 * an {@code amqp://} or {@code amqps://} URL through {@link
 * dev.blacksmith.pubsub.rabbitmq.RabbitMqPubSubProvider}.
 */
package dev.blacksmith.pubsub.rabbitmq;
