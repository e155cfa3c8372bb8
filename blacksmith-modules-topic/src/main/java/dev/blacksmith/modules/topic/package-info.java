/**
 * The built-in {@code topic} destination: its action {@code publish} sends each job's data to a
 * topic of a broker (NATS JetStream, Kafka, RabbitMQ, or any pub/sub adapter on the classpath), a
 * queue at a time, with the job id as the message key.
 */
package dev.blacksmith.modules.topic;
