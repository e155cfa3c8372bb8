package dev.blacksmith.spi.pubsub;

/** A pub/sub adapter: a publisher and subscribers on one broker (or in-process). */
public interface PubSub extends AutoCloseable {

  /** A short name of the backend, such as {@code "inprocess"} or {@code "nats"}. */
  String name();

  /** The publisher; {@link Publisher#init()} is called by the platform before use. */
  Publisher publisher();

  /** A subscriber for {@code topic} in the group {@code subscription}. */
  Subscriber subscriber(String topic, String subscription);

  @Override
  void close();
}
