package dev.blacksmith.pubsub.nats;

import dev.blacksmith.pubsub.Message;
import dev.blacksmith.spi.pubsub.PubSubException;
import dev.blacksmith.spi.pubsub.Publisher;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.PublishOptions;
import java.io.IOException;
import java.util.Locale;

/**
 * Publishes with JetStream publish acks: {@link #send} returns once the stream stored the message.
 */
final class NatsPublisher implements Publisher {

  private final NatsPubSub pubsub;
  private volatile boolean shutdown;

  NatsPublisher(NatsPubSub pubsub) {
    this.pubsub = pubsub;
  }

  @Override
  public void init() {
    if (shutdown) {
      throw new PubSubException("this NATS publisher is shut down; ask the adapter for a new one");
    }
    pubsub.jet();
  }

  @Override
  public void send(String topic, Message message) {
    if (shutdown) {
      throw new PubSubException(
          "the NATS publisher is shut down: message to " + topic + " not sent");
    }
    Names.subject(topic);
    NatsPubSub.Jet jet = pubsub.jet();
    Connection.Status status = jet.connection().getStatus();
    if (status != Connection.Status.CONNECTED) {
      // The client would buffer it and leave us waiting for an ack that cannot come in time.
      throw new PubSubException(
          "NATS at "
              + pubsub.settings().displayUrl()
              + " is "
              + status.name().toLowerCase(Locale.ROOT)
              + ": message to "
              + topic
              + " not sent");
    }
    try {
      publish(jet, topic, message);
    } catch (StaleStream e) {
      // The stream went away (deleted, or the broker lost its state): look it up again, once.
      pubsub.forgetStream(topic);
      try {
        publish(jet, topic, message);
      } catch (StaleStream again) {
        pubsub.forgetStream(topic);
        throw new PubSubException(failure(topic, again.getCause()), again.getCause());
      }
    }
  }

  private void publish(NatsPubSub.Jet jet, String topic, Message message) throws StaleStream {
    String stream = pubsub.stream(topic);
    PublishOptions options = PublishOptions.builder().expectedStream(stream).build();
    try {
      jet.js().publish(topic, NatsHeaders.encode(message.metadata()), message.body(), options);
    } catch (JetStreamApiException e) {
      throw new StaleStream(e);
    } catch (IOException e) {
      if (String.valueOf(e.getMessage()).contains("503")) {
        throw new StaleStream(e); // No responders: no stream listens on the subject.
      }
      throw new PubSubException(failure(topic, e), e);
    } catch (RuntimeException e) {
      throw new PubSubException(failure(topic, e), e);
    }
  }

  private String failure(String topic, Throwable e) {
    return "publishing to "
        + topic
        + " on NATS at "
        + pubsub.settings().displayUrl()
        + " failed: "
        + e.getMessage();
  }

  @Override
  public void shutdown() {
    shutdown = true;
  }

  /** The cached stream of a topic no longer takes its messages. */
  private static final class StaleStream extends Exception {
    private static final long serialVersionUID = 1L;

    StaleStream(Exception cause) {
      super(cause);
    }
  }
}
