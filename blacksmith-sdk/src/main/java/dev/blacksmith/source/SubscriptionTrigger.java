package dev.blacksmith.source;

import dev.blacksmith.pubsub.Message;
import org.jspecify.annotations.Nullable;

/**
 * A trigger fed by a broker topic through the pub/sub adapter. A message is acknowledged once its
 * event is committed; when extract throws, the message is not acknowledged, so the broker
 * redelivers or dead-letters it and nothing is dropped silently.
 */
public non-sealed interface SubscriptionTrigger extends Trigger {

  @Override
  default Mode mode() {
    return Mode.SUBSCRIPTION;
  }

  /** The topic and subscription group to receive from. */
  Subscription subscription();

  /**
   * Turns a message into an event, or {@code null} to acknowledge it and store nothing.
   *
   * @throws Exception to leave the message unacknowledged
   */
  @Nullable Event extract(Toolkit toolkit, Message message) throws Exception;

  /**
   * A topic and the subscription (consumer group) to receive it with.
   *
   * @param topic the topic
   * @param subscription the group: each message is received once per group
   */
  record Subscription(String topic, String subscription) {}
}
