package dev.blacksmith.spi.pubsub;

/**
 * Receives the messages of one topic for one subscription group: each message is handled by one
 * member of the group, and redelivered when its handler throws.
 */
public interface Subscriber {

  void init() throws PubSubException;

  /** Starts delivering messages to {@code handler}, on threads of the subscriber's choosing. */
  void receive(MessageHandler handler) throws PubSubException;

  /** Stops delivering; messages being handled finish first. */
  void shutdown();
}
