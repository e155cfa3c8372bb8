package dev.blacksmith.modules.topic;

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Destination;
import dev.blacksmith.destination.Options;
import dev.blacksmith.destination.Schedule;
import dev.blacksmith.destination.Toolkit;
import dev.blacksmith.destination.WithHooks;
import dev.blacksmith.spi.pubsub.PubSub;
import dev.blacksmith.spi.pubsub.PubSubException;
import dev.blacksmith.spi.pubsub.PubSubProvider;
import dev.blacksmith.spi.pubsub.Publisher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Destination {@code topic}: publishes jobs to a broker. Configure it with the broker's URL ({@code
 * nats://…}, {@code kafka://…}, {@code amqp://…}: the matching pub/sub module must be on the
 * classpath) and the topic used when a job names none:
 *
 * <pre>{@code
 * options.destination(new TopicDestination("amqp://guest:guest@localhost:5672/", "events"));
 * // in a flow:
 * Actions.of(TopicDestination.NAME, TopicDestination.publish(order));
 * }</pre>
 *
 * It loads in realtime by default and retries failed sends every minute. The broker connection is
 * opened by {@link #init} and closed by {@link #shutdown}.
 */
public final class TopicDestination implements Destination, WithHooks {

  /** The destination's default name. */
  public static final String NAME = "topic";

  private final String name;
  private final Supplier<PubSub> connect;
  private final String description;
  private final String defaultTopic;
  private final Publish registered;
  private @Nullable PubSub pubsub;

  /** A {@code topic} destination on the broker at {@code brokerUrl}. */
  public TopicDestination(String brokerUrl, String defaultTopic) {
    this(
        NAME,
        () -> open(brokerUrl),
        "broker " + brokerUrl.replaceAll("//[^@/]*@", "//***@"),
        defaultTopic);
  }

  /** A destination named {@code name} publishing through an adapter that is already built. */
  public TopicDestination(String name, PubSub pubsub, String defaultTopic) {
    this(name, () -> pubsub, pubsub.name(), defaultTopic);
  }

  private TopicDestination(
      String name, Supplier<PubSub> connect, String description, String defaultTopic) {
    if (defaultTopic.isBlank()) {
      throw new IllegalArgumentException("the default topic must not be blank");
    }
    this.name = name;
    this.connect = connect;
    this.description = description;
    this.defaultTopic = defaultTopic;
    this.registered = new Publish(this);
  }

  /** An action publishing {@code data} (written as JSON) to the default topic. */
  public static Action publish(Object data) {
    return new Publish(null, data);
  }

  /** An action publishing {@code data} (written as JSON) to {@code topic}. */
  public static Action publish(String topic, Object data) {
    return new Publish(topic, data);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Options options() {
    return Options.builder()
        .defaultSchedule(Schedule.inRealtime().withInterval("@every 1m"))
        .build();
  }

  @Override
  public Map<String, Action> actions() {
    return Map.of(Publish.NAME, registered);
  }

  String defaultTopic() {
    return defaultTopic;
  }

  @Override
  public void init(Toolkit toolkit) {
    PubSub opened = connect.get();
    Publisher publisher = opened.publisher();
    try {
      publisher.init();
    } catch (PubSubException e) {
      opened.close();
      throw new PubSubException(
          "destination " + name + " cannot reach " + description + ": " + e.getMessage(), e);
    }
    this.pubsub = opened;
    registered.connect(publisher);
    toolkit.logger().info("destination {} publishes to {}", name, description);
  }

  @Override
  public void shutdown(Toolkit toolkit) {
    registered.disconnect();
    if (pubsub != null) {
      pubsub.close();
      pubsub = null;
    }
  }

  private static PubSub open(String url) {
    List<String> found = new ArrayList<>();
    for (PubSubProvider p : ServiceLoader.load(PubSubProvider.class)) {
      found.add(p.getClass().getSimpleName());
      if (p.supports(url)) {
        return p.open(url);
      }
    }
    throw new IllegalArgumentException(
        "no pub/sub adapter for "
            + url.replaceAll("//[^@/]*@", "//***@")
            + " on the classpath (found "
            + found
            + "); add blacksmith-pubsub-nats, -kafka or -rabbitmq");
  }
}
