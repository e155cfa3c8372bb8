package dev.blacksmith.pubsub.rabbitmq;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import dev.blacksmith.spi.pubsub.PubSub;
import dev.blacksmith.spi.pubsub.PubSubException;
import dev.blacksmith.spi.pubsub.Publisher;
import dev.blacksmith.spi.pubsub.Subscriber;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pub/sub on RabbitMQ, opened from {@code amqp://user:pass@host:port/vhost} (or {@code amqps://},
 * which verifies the broker's certificate against the JVM's trust store).
 *
 * <p>A topic is a durable fanout exchange named after it. A subscription is a durable queue named
 * {@code <topic>.<subscription>} bound to that exchange, shared by the members of the group, so
 * each message goes once to each subscription and, within it, to one member. The queue is a quorum
 * queue when the broker supports one (RabbitMQ 3.8 and later), else a classic queue with a single
 * active consumer; {@code ?queueType=quorum|classic} forces a type. Quorum queues give a message up
 * after {@code deliveryLimit} failed deliveries (default 10, {@code 0} for never), so a message no
 * handler can take does not loop forever; the store's sweep still finds its work.
 *
 * <p>Messages are persistent; metadata travels as AMQP headers. {@link Publisher#send} returns once
 * the broker has confirmed the message (publisher confirms) and fails with {@link PubSubException}
 * on a negative confirm or when none came within {@code confirmTimeoutMs} (default 10 s). A message
 * whose connection is lost before its confirm is published again after the connection recovers, so
 * a receiver may see it twice; it is never reported sent and lost. Handlers run one at a time per
 * subscriber; a message is acknowledged after its handler returns and requeued when it throws. At
 * most {@code prefetch} messages (default 32) are unacknowledged per subscriber, which bounds what
 * a slow consumer holds.
 *
 * <p>Connections recover automatically, with their exchanges, queues, bindings and consumers. Other
 * URL options: {@code recoveryIntervalMs} (default 2000), {@code connection_timeout} in ms (default
 * 10000), {@code heartbeat} in seconds (default 30). An unknown option fails {@link
 * #RabbitMqPubSub(String)}; nothing connects before a publisher or subscriber is initialised.
 */
public final class RabbitMqPubSub implements PubSub {

  private static final Logger LOG = LoggerFactory.getLogger(RabbitMqPubSub.class);

  private final RabbitMqSettings settings;
  private final String id = UUID.randomUUID().toString().substring(0, 8);
  private final ConnectionFactory factory;
  private final ExecutorService dispatch;
  private final List<RabbitMqPublisher> publishers = new ArrayList<>();
  private final List<RabbitMqSubscriber> subscribers = new ArrayList<>();
  private final Set<String> declaredExchanges = ConcurrentHashMap.newKeySet();
  private final Set<String> declaredQueues = ConcurrentHashMap.newKeySet();
  private final AtomicInteger recoveries = new AtomicInteger();
  private volatile CountDownLatch nextRecovery = new CountDownLatch(1);
  private final Set<Connection> recovering = ConcurrentHashMap.newKeySet();
  private Connection publishConnection;
  private Connection consumeConnection;
  private volatile boolean closed;

  /**
   * An adapter for the broker at {@code url}; connects lazily.
   *
   * @throws PubSubException when the URL or one of its options is malformed (password masked)
   */
  public RabbitMqPubSub(String url) {
    this.settings = RabbitMqSettings.parse(url);
    this.factory = settings.connectionFactory();
    // Handlers may block; virtual threads keep a slow subscriber from starving the others that
    // share the connection's dispatch pool.
    this.dispatch =
        Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("rabbitmq-" + id + "-dispatch-", 0).factory());
    factory.setSharedExecutor(dispatch);
  }

  @Override
  public String name() {
    return "rabbitmq";
  }

  @Override
  public synchronized Publisher publisher() {
    ensureOpen();
    RabbitMqPublisher p = new RabbitMqPublisher(this);
    publishers.add(p);
    return p;
  }

  @Override
  public synchronized Subscriber subscriber(String topic, String subscription) {
    ensureOpen();
    Names.checkTopic(topic);
    Names.checkSubscription(topic, subscription);
    RabbitMqSubscriber s = new RabbitMqSubscriber(this, topic, subscription);
    subscribers.add(s);
    return s;
  }

  @Override
  public void close() {
    List<RabbitMqSubscriber> subs;
    List<RabbitMqPublisher> pubs;
    Connection pub;
    Connection con;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      subs = List.copyOf(subscribers);
      pubs = List.copyOf(publishers);
      pub = publishConnection;
      con = consumeConnection;
    }
    subs.forEach(RabbitMqSubscriber::shutdown);
    pubs.forEach(RabbitMqPublisher::shutdown);
    closeQuietly(pub);
    closeQuietly(con);
    dispatch.shutdown();
  }

  private static void closeQuietly(Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close(5_000);
    } catch (IOException | RuntimeException e) {
      LOG.debug("closing {} failed: {}", c.getClientProvidedName(), e.toString());
    }
  }

  RabbitMqSettings settings() {
    return settings;
  }

  String url() {
    return settings.maskedUrl();
  }

  boolean isClosed() {
    return closed;
  }

  private void ensureOpen() {
    if (closed) {
      throw new PubSubException("RabbitMQ adapter for " + url() + " is closed");
    }
  }

  /**
   * The connection publishers share; separate from consumers so a blocked publisher (a broker
   * resource alarm) never holds up acknowledgements.
   */
  synchronized Connection publishConnection() {
    ensureOpen();
    if (publishConnection == null) {
      publishConnection = connect("publish");
    }
    return publishConnection;
  }

  synchronized Connection consumeConnection() {
    ensureOpen();
    if (consumeConnection == null) {
      consumeConnection = connect("consume");
    }
    return consumeConnection;
  }

  private Connection connect(String role) {
    String name = connectionNamePrefix() + role;
    Connection c;
    try {
      c = factory.newConnection(name);
    } catch (IOException | TimeoutException e) {
      throw new PubSubException("cannot connect to RabbitMQ at " + url() + ": " + describe(e), e);
    }
    c.addShutdownListener(cause -> {
      if (!cause.isInitiatedByApplication()) {
        recovering.add(c);
        LOG.warn("RabbitMQ connection {} lost ({}); recovering", name, cause.getMessage());
      }
    });
    ((Recoverable) c)
        .addRecoveryListener(
            new RecoveryListener() {
              @Override
              public void handleRecovery(Recoverable recoverable) {
                recovering.remove(c);
                recoveries.incrementAndGet();
                LOG.info("RabbitMQ connection {} recovered", name);
                CountDownLatch done = nextRecovery;
                nextRecovery = new CountDownLatch(1);
                done.countDown();
              }

              @Override
              public void handleRecoveryStarted(Recoverable recoverable) {}
            });
    return c;
  }

  /**
   * Whether {@code c} was lost and has not finished recovering: its channels are not to be replaced
   * meanwhile, recovery brings them back.
   */
  boolean isRecovering(Connection c) {
    return recovering.contains(c);
  }

  /**
   * Waits until a connection of this adapter recovers, or 100 ms at most (less if {@code nanos} is
   * less): callers check their channel again either way.
   */
  void awaitRecovery(long nanos) throws InterruptedException {
    long bounded = Math.max(1, Math.min(TimeUnit.MILLISECONDS.toNanos(100), nanos));
    boolean ignored = nextRecovery.await(bounded, TimeUnit.NANOSECONDS);
  }

  private static String describe(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getMessage() == null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /** The client-provided name of this adapter's connections, before {@code publish|consume}. */
  String connectionNamePrefix() {
    return "blacksmith-pubsub-" + id + "-";
  }

  /** How many times a connection of this adapter has recovered. */
  int recoveries() {
    return recoveries.get();
  }

  void declaredExchange(String exchange) {
    declaredExchanges.add(exchange);
  }

  void declaredQueue(String queue) {
    declaredQueues.add(queue);
  }

  /** Exchanges this adapter declared (tests delete them). */
  Set<String> declaredExchanges() {
    return Set.copyOf(declaredExchanges);
  }

  /** Queues this adapter declared (tests delete them). */
  Set<String> declaredQueues() {
    return Set.copyOf(declaredQueues);
  }

  synchronized void forget(RabbitMqSubscriber s) {
    subscribers.remove(s);
  }

  synchronized void forget(RabbitMqPublisher p) {
    publishers.remove(p);
  }
}
