/**
 * The pub/sub conformance suite: every {@link dev.blacksmith.spi.pubsub.PubSub} implementation, the
 * in-process one and each broker's, extends {@link
 * dev.blacksmith.testkit.pubsub.PubSubConformanceTest} and passes it.
 */
package dev.blacksmith.testkit.pubsub;
