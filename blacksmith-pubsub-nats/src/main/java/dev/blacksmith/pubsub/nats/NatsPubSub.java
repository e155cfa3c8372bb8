package dev.blacksmith.pubsub.nats;

import dev.blacksmith.spi.pubsub.PubSub;
import dev.blacksmith.spi.pubsub.PubSubException;
import dev.blacksmith.spi.pubsub.Publisher;
import dev.blacksmith.spi.pubsub.Subscriber;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ConsumerContext;
import io.nats.client.ErrorListener;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pub/sub adapter on NATS JetStream.
 *
 * <ul>
 *   <li>Each topic is a NATS subject, stored in a JetStream stream: an existing stream that
 *       captures the subject is used as it is; otherwise the adapter creates {@code
 *       <stream_prefix><topic>} (file storage, limits retention, {@code max_age} 24 h by default: a
 *       group away for longer misses what expired).
 *   <li>Each (topic, subscription) pair is a durable pull consumer named after the subscription,
 *       created when the first member initialises; it receives what is sent from then on. Every
 *       member of a group pulls from the same consumer, so each message goes to one member.
 *   <li>A message is acknowledged after its handler returns and nak'ed with a delay (doubling from
 *       {@code nak_delay}) when it throws, so the broker redelivers it. A handler running for long
 *       tells the broker it is still working, so it is not redelivered meanwhile.
 *   <li>In flight per subscriber: at most {@code min(concurrency, max_ack_pending)} handlers and
 *       one pull batch of that size; the broker holds at most {@code max_ack_pending}
 *       unacknowledged messages per group. A slow group leaves its backlog on the broker.
 *   <li>{@link Publisher#send} returns once JetStream has stored the message (publish ack); it
 *       fails fast with a {@link PubSubException} while the connection is down, and within {@code
 *       request_timeout} otherwise.
 *   <li>The connection (one per adapter) is opened by the first {@code init}; when no server
 *       answers, {@code init} fails within {@code connect_timeout} with a {@link PubSubException}
 *       naming the URL (never the password), and the platform carries on with its store sweep. Once
 *       open, it reconnects forever; consuming resumes by itself after the broker comes back.
 * </ul>
 *
 * <p>Delivery is at least once: a message may arrive twice (after a broker restart, or when an
 * acknowledgement is lost), never zero times once {@code send} returned, within the stream's
 * limits. Thread-safe.
 */
public final class NatsPubSub implements PubSub {

  private static final Logger LOG = LoggerFactory.getLogger(NatsPubSub.class);
  private static final int STREAM_NOT_FOUND = 10059;
  private static final int CONSUMER_NOT_FOUND = 10014;
  static final Duration CONNECT_COOL_DOWN = Duration.ofSeconds(2);

  /** An open connection with its JetStream contexts. */
  record Jet(Connection connection, JetStream js, JetStreamManagement jsm) {}

  private final NatsSettings settings;
  private final Object connectLock = new Object();
  private final Object streamLock = new Object();
  private final Map<String, String> streams = new ConcurrentHashMap<>();
  private final Set<NatsSubscriber> subscribers = ConcurrentHashMap.newKeySet();
  private final ScheduledThreadPoolExecutor ticker;
  private volatile @Nullable Jet jet;
  private @Nullable PubSubException lastConnectFailure; // guarded by connectLock
  private long lastConnectFailureAt; // guarded by connectLock
  private volatile boolean closed;
  private final AtomicBoolean disconnected = new AtomicBoolean();

  /**
   * An adapter for {@code url} ({@code nats://host:port[,host:port...][?option=value&...]}, see
   * {@link NatsPubSubProvider}); nothing connects until a publisher or subscriber is initialised.
   *
   * @throws PubSubException when the URL or an option is malformed
   */
  public NatsPubSub(String url) {
    this(NatsSettings.parse(url));
  }

  NatsPubSub(NatsSettings settings) {
    this.settings = settings;
    this.ticker =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "nats-pubsub-ticker");
              t.setDaemon(true);
              return t;
            });
    ticker.setRemoveOnCancelPolicy(true);
  }

  @Override
  public String name() {
    return "nats";
  }

  @Override
  public Publisher publisher() {
    checkOpen();
    return new NatsPublisher(this);
  }

  /**
   * A member of group {@code subscription} on {@code topic}.
   *
   * @throws PubSubException when {@code topic} cannot be a NATS subject (spaces, {@code *}, {@code
   *     >}, empty tokens) or {@code subscription} is empty
   */
  @Override
  public Subscriber subscriber(String topic, String subscription) {
    checkOpen();
    Names.subject(topic);
    Names.durable(subscription);
    NatsSubscriber s = new NatsSubscriber(this, topic, subscription);
    subscribers.add(s);
    return s;
  }

  /** Stops every subscriber of this adapter (handlers finish first), then closes the connection. */
  @Override
  public void close() {
    synchronized (connectLock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    for (NatsSubscriber s : List.copyOf(subscribers)) {
      s.shutdown();
    }
    Jet j = jet;
    jet = null;
    if (j != null) {
      try {
        j.connection().close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    ticker.shutdownNow();
  }

  @Override
  public String toString() {
    return "NatsPubSub{" + settings.displayUrl() + "}";
  }

  NatsSettings settings() {
    return settings;
  }

  ScheduledThreadPoolExecutor ticker() {
    return ticker;
  }

  void forget(NatsSubscriber s) {
    subscribers.remove(s);
  }

  private void checkOpen() {
    if (closed) {
      throw new PubSubException("the NATS adapter for " + settings.displayUrl() + " is closed");
    }
  }

  /**
   * The connection, opened on first use. Fails fast when no server answers: the platform then runs
   * on its store sweep alone. After a failed attempt, callers within {@link #CONNECT_COOL_DOWN} get
   * the same failure at once, so a caller that keeps sending to a broker that was never reached is
   * not held up by one connection timeout per message.
   */
  Jet jet() {
    Jet j = jet;
    if (j != null) {
      return j;
    }
    synchronized (connectLock) {
      checkOpen();
      if (jet != null) {
        return jet;
      }
      PubSubException last = lastConnectFailure;
      if (last != null && System.nanoTime() - lastConnectFailureAt < CONNECT_COOL_DOWN.toNanos()) {
        throw new PubSubException(last.getMessage(), last);
      }
      try {
        jet = connect();
        lastConnectFailure = null;
        return jet;
      } catch (PubSubException e) {
        lastConnectFailure = e;
        lastConnectFailureAt = System.nanoTime();
        throw e;
      }
    }
  }

  private Jet connect() {
    String url = settings.displayUrl();
    Options.Builder b =
        new Options.Builder()
            .servers(settings.servers().toArray(String[]::new))
            .connectionName(settings.connectionName())
            .connectionTimeout(settings.connectTimeout())
            .maxReconnects(-1)
            .reconnectWait(settings.reconnectWait())
            .connectionListener(this::onConnectionEvent)
            .errorListener(new LoggingErrorListener());
    String user = settings.user();
    String password = settings.password();
    if (user != null && password != null) {
      b.userInfo(user.toCharArray(), password.toCharArray());
    } else if (user != null) {
      b.token(user.toCharArray());
    }
    Connection c;
    try {
      c = Nats.connect(b.build());
    } catch (IOException e) {
      throw new PubSubException("cannot connect to NATS at " + url + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PubSubException("interrupted while connecting to NATS at " + url, e);
    } catch (RuntimeException e) {
      throw new PubSubException("cannot connect to NATS at " + url + ": " + e.getMessage(), e);
    }
    try {
      JetStreamOptions jso =
          JetStreamOptions.builder().requestTimeout(settings.requestTimeout()).build();
      JetStreamManagement jsm = c.jetStreamManagement(jso);
      jsm.getAccountStatistics(); // Fails now, clearly, when JetStream is off.
      LOG.info("connected to NATS at {} ({})", url, c.getServerInfo().getVersion());
      return new Jet(c, c.jetStream(jso), jsm);
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      closeQuietly(c);
      throw new PubSubException(
          "NATS at "
              + url
              + " has no JetStream for this account (start nats-server with -js): "
              + e.getMessage(),
          e);
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void onConnectionEvent(Connection c, ConnectionListener.Events type) {
    if (closed) {
      return;
    }
    switch (type) {
      case DISCONNECTED -> {
        // Reported again on every failed attempt: say it once per outage.
        if (!disconnected.getAndSet(true)) {
          LOG.warn("NATS connection to {} lost; reconnecting", settings.displayUrl());
        }
      }
      case RECONNECTED -> {
        disconnected.set(false);
        LOG.info("NATS connection re-established to {}", c.getConnectedUrl());
        // Pull requests waiting on the old server connection are gone: pull anew at once
        // rather than after the heartbeat alarm.
        subscribers.forEach(NatsSubscriber::reconnected);
      }
      default -> LOG.debug("NATS connection event {}", type);
    }
  }

  /**
   * The stream that stores {@code topic}: an existing one capturing the subject, or one created
   * now. Cached; {@link #forgetStream} drops a stale entry.
   */
  String stream(String topic) {
    String s = streams.get(topic);
    if (s != null) {
      return s;
    }
    Jet j = jet();
    synchronized (streamLock) {
      s = streams.get(topic);
      if (s == null) {
        s = findOrCreateStream(j.jsm(), topic);
        streams.put(topic, s);
      }
      return s;
    }
  }

  void forgetStream(String topic) {
    streams.remove(topic);
  }

  private String findOrCreateStream(JetStreamManagement jsm, String topic) {
    String url = settings.displayUrl();
    String name = Names.stream(settings.streamPrefix(), topic);
    try {
      List<String> existing = jsm.getStreamNames(topic);
      if (!existing.isEmpty()) {
        return existing.get(0);
      }
      StreamConfiguration config =
          StreamConfiguration.builder()
              .name(name)
              .subjects(topic)
              .storageType(StorageType.File)
              .retentionPolicy(RetentionPolicy.Limits)
              .discardPolicy(DiscardPolicy.Old)
              .maxAge(settings.maxAge())
              .maxBytes(settings.maxBytes())
              .replicas(settings.replicas())
              .description("Blacksmith topic " + topic)
              .build();
      try {
        jsm.addStream(config);
        LOG.info("created JetStream stream {} for topic {} on {}", name, topic, url);
        return name;
      } catch (JetStreamApiException e) {
        // Another instance may have created it between our lookup and our create.
        List<String> again = jsm.getStreamNames(topic);
        if (!again.isEmpty()) {
          return again.get(0);
        }
        throw new PubSubException(
            "cannot create JetStream stream "
                + name
                + " for topic "
                + topic
                + " on "
                + url
                + ": "
                + e.getMessage(),
            e);
      }
    } catch (IOException | JetStreamApiException e) {
      throw new PubSubException(
          "cannot look up the JetStream stream of topic " + topic + " on " + url + ": " + e, e);
    }
  }

  /**
   * The durable pull consumer of group {@code subscription} on {@code topic}, created if missing;
   * an existing one whose ack wait, max ack pending or max deliver differ from the settings is
   * updated to them.
   */
  ConsumerContext consumer(String topic, String subscription) {
    String url = settings.displayUrl();
    String durable = Names.durable(subscription);
    Jet j = jet();
    String stream = stream(topic);
    try {
      ConsumerInfo info;
      try {
        info = j.jsm().getConsumerInfo(stream, durable);
      } catch (JetStreamApiException e) {
        if (e.getApiErrorCode() == STREAM_NOT_FOUND) {
          forgetStream(topic); // Deleted behind our back: make it again.
          stream = stream(topic);
          info = null;
        } else if (e.getApiErrorCode() == CONSUMER_NOT_FOUND) {
          info = null;
        } else {
          throw e;
        }
      }
      if (info == null) {
        ConsumerConfiguration config =
            tuned(
                    ConsumerConfiguration.builder()
                        .durable(durable)
                        .filterSubject(topic)
                        .ackPolicy(AckPolicy.Explicit)
                        .deliverPolicy(DeliverPolicy.New)
                        .description("Blacksmith subscription " + subscription))
                .build();
        j.jsm().addOrUpdateConsumer(stream, config);
        LOG.info("created JetStream consumer {} on stream {} ({})", durable, stream, url);
      } else if (differs(info.getConsumerConfiguration())) {
        j.jsm()
            .addOrUpdateConsumer(
                stream,
                tuned(ConsumerConfiguration.builder(info.getConsumerConfiguration())).build());
        LOG.info("updated JetStream consumer {} on stream {} to {}", durable, stream, settings);
      }
      return j.connection().getConsumerContext(stream, durable);
    } catch (IOException | JetStreamApiException e) {
      throw new PubSubException(
          "cannot set up consumer "
              + durable
              + " of topic "
              + topic
              + " on "
              + url
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private ConsumerConfiguration.Builder tuned(ConsumerConfiguration.Builder b) {
    return b.ackWait(settings.ackWait())
        .maxAckPending(settings.maxAckPending())
        .maxDeliver(settings.maxDeliver());
  }

  private boolean differs(ConsumerConfiguration c) {
    return !settings.ackWait().equals(c.getAckWait())
        || c.getMaxAckPending() != settings.maxAckPending()
        || c.getMaxDeliver() != settings.maxDeliver();
  }

  /** Sends the client's own error reports to SLF4J rather than java.util.logging. */
  private static final class LoggingErrorListener implements ErrorListener {
    @Override
    public void errorOccurred(Connection conn, String error) {
      LOG.warn("NATS server reported an error: {}", error);
    }

    @Override
    public void exceptionOccurred(Connection conn, Exception exp) {
      LOG.debug("NATS client exception: {}", exp.toString());
    }

    @Override
    public void slowConsumerDetected(Connection conn, io.nats.client.Consumer consumer) {
      LOG.warn("NATS client buffer overflow on a subscription: messages will be redelivered");
    }
  }
}
