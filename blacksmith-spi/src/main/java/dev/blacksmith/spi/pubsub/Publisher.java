package dev.blacksmith.spi.pubsub;

import dev.blacksmith.pubsub.Message;

/**
 * Sends messages to topics.
 *
 * <ol>
 *   <li>{@link #init()} once, before the first send.
 *   <li>{@link #send} from any thread.
 *   <li>{@link #shutdown()} once; sends after it fail.
 * </ol>
 */
public interface Publisher {

  void init() throws PubSubException;

  /**
   * Sends a message to {@code topic}; returns once the broker accepted it.
   *
   * @throws PubSubException when the broker refused it or could not be reached
   */
  void send(String topic, Message message) throws PubSubException;

  /**
   * Sends several messages to {@code topic}; returns once the broker accepted all of them. Adapters
   * may override it to pipeline the sends; the default sends one after the other.
   *
   * @throws PubSubException when any was refused: some of the others may have been sent
   */
  default void sendAll(String topic, java.util.List<Message> messages) throws PubSubException {
    for (Message m : messages) {
      send(topic, m);
    }
  }

  void shutdown();
}
