package dev.blacksmith.engine.internal;

import dev.blacksmith.pubsub.Message;
import dev.blacksmith.spi.pubsub.MessageHandler;
import dev.blacksmith.spi.pubsub.PubSub;
import dev.blacksmith.spi.pubsub.PubSubException;
import dev.blacksmith.spi.pubsub.Publisher;
import dev.blacksmith.spi.pubsub.Subscriber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default pub/sub adapter, inside one process. Each (topic, subscription) pair has one bounded
 * queue shared by its subscribers, so each message is handled once per subscription; a message
 * whose handler throws is redelivered, up to {@link #MAX_DELIVERIES} times. A full queue blocks the
 * publisher (back-pressure) rather than dropping or growing.
 *
 * <p>{@link #connect()} opens another adapter on the same in-memory broker, as a second process
 * would connect to a real one; closing an adapter stops only its own subscribers.
 */
public final class InProcessPubSub implements PubSub {

  /** Deliveries of one message before it is given up, loudly. */
  public static final int MAX_DELIVERIES = 10;

  private static final Logger LOG = LoggerFactory.getLogger(InProcessPubSub.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private record Delivery(Message message, int attempt) {}

  private final int capacity;
  private final Map<String, Map<String, BlockingQueue<Delivery>>> topics;
  private final List<InProcessSubscriber> subscribers = new ArrayList<>();
  private volatile boolean closed;

  public InProcessPubSub(int capacity) {
    this(capacity, new ConcurrentHashMap<>());
  }

  private InProcessPubSub(int capacity, Map<String, Map<String, BlockingQueue<Delivery>>> topics) {
    this.capacity = capacity;
    this.topics = topics;
  }

  /** Another adapter on the same in-memory broker. */
  public InProcessPubSub connect() {
    return new InProcessPubSub(capacity, topics);
  }

  public InProcessPubSub() {
    this(10_000);
  }

  @Override
  public String name() {
    return "inprocess";
  }

  private BlockingQueue<Delivery> queue(String topic, String subscription) {
    return topics
        .computeIfAbsent(topic, t -> new ConcurrentHashMap<>())
        .computeIfAbsent(subscription, s -> new LinkedBlockingQueue<>(capacity));
  }

  @Override
  public Publisher publisher() {
    return new Publisher() {
      private volatile boolean shutdown;

      @Override
      public void init() {}

      @Override
      public void send(String topic, Message message) {
        if (closed || shutdown) {
          throw new PubSubException("in-process publisher is shut down");
        }
        Map<String, BlockingQueue<Delivery>> groups = topics.get(topic);
        if (groups == null) {
          return; // Nobody subscribes: like a broker topic without subscription.
        }
        for (BlockingQueue<Delivery> q : groups.values()) {
          try {
            q.put(new Delivery(message, 1));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PubSubException("interrupted while publishing to " + topic, e);
          }
        }
      }

      @Override
      public void shutdown() {
        shutdown = true;
      }
    };
  }

  @Override
  public synchronized Subscriber subscriber(String topic, String subscription) {
    InProcessSubscriber s =
        new InProcessSubscriber(topic, subscription, queue(topic, subscription));
    subscribers.add(s);
    return s;
  }

  @Override
  public void close() {
    closed = true;
    List<InProcessSubscriber> copy;
    synchronized (this) {
      copy = List.copyOf(subscribers);
    }
    copy.forEach(InProcessSubscriber::shutdown);
  }

  private static final class InProcessSubscriber implements Subscriber {
    private final String topic;
    private final String subscription;
    private final BlockingQueue<Delivery> queue;
    private volatile boolean running;
    private Thread thread;

    InProcessSubscriber(String topic, String subscription, BlockingQueue<Delivery> queue) {
      this.topic = topic;
      this.subscription = subscription;
      this.queue = queue;
    }

    @Override
    public void init() {}

    @Override
    public synchronized void receive(MessageHandler handler) {
      if (thread != null) {
        throw new PubSubException("already receiving " + topic + "/" + subscription);
      }
      running = true;
      thread =
          Thread.ofVirtual()
              .name("inprocess-" + topic + "-" + subscription)
              .start(() -> consume(handler));
    }

    private void consume(MessageHandler handler) {
      while (running) {
        Delivery d;
        try {
          d = queue.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          return;
        }
        if (d == null) {
          continue;
        }
        try {
          handler.handle(d.message());
        } catch (Exception e) {
          if (d.attempt() >= MAX_DELIVERIES) {
            LOG.error(
                "message on {}/{} failed {} deliveries and is given up: {}",
                topic,
                subscription,
                d.attempt(),
                e.getMessage(),
                e);
          } else {
            LOG.warn(
                "message on {}/{} failed delivery {}, redelivering: {}",
                topic,
                subscription,
                d.attempt(),
                e.getMessage());
            if (!queue.offer(new Delivery(d.message(), d.attempt() + 1))) {
              LOG.error("queue {}/{} full: redelivery of a message given up", topic, subscription);
            }
          }
        }
      }
    }

    @Override
    public void shutdown() {
      Thread t;
      synchronized (this) {
        running = false;
        t = thread;
      }
      if (t != null) {
        try {
          t.join(POLL.multipliedBy(5));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
