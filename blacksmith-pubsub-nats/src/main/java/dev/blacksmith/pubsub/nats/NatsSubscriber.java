package dev.blacksmith.pubsub.nats;

import dev.blacksmith.pubsub.Message;
import dev.blacksmith.spi.pubsub.MessageHandler;
import dev.blacksmith.spi.pubsub.PubSubException;
import dev.blacksmith.spi.pubsub.Subscriber;
import io.nats.client.ConsumeOptions;
import io.nats.client.ConsumerContext;
import io.nats.client.IterableConsumer;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamStatusCheckedException;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member of a subscription group: a loop pulling from the group's durable consumer, handing
 * each message to a virtual thread, never holding more than {@link NatsSettings#inFlightBound()}
 * handlers and one pull batch of the same size.
 */
final class NatsSubscriber implements Subscriber {

  private static final Logger LOG = LoggerFactory.getLogger(NatsSubscriber.class);

  /** How often the pull loop looks up from waiting, to notice shutdown and reconnections. */
  private static final Duration POLL = Duration.ofMillis(250);

  private static final Duration MAX_RETRY_PAUSE = Duration.ofSeconds(10);

  private final NatsPubSub pubsub;
  private final NatsSettings settings;
  private final String topic;
  private final String subscription;
  private final Semaphore slots;

  /** Messages being handled, with the time they started, for in-progress signals. */
  private final Map<io.nats.client.Message, Long> handling = new ConcurrentHashMap<>();

  private volatile boolean running;
  private volatile boolean restart;
  private @Nullable ConsumerContext consumer;
  private @Nullable Thread loop;
  private @Nullable ExecutorService workers;
  private @Nullable ScheduledFuture<?> heartbeat;

  NatsSubscriber(NatsPubSub pubsub, String topic, String subscription) {
    this.pubsub = pubsub;
    this.settings = pubsub.settings();
    this.topic = topic;
    this.subscription = subscription;
    this.slots = new Semaphore(settings.inFlightBound());
  }

  /** Connects and makes sure the stream and the group's durable consumer exist. */
  @Override
  public synchronized void init() {
    if (consumer == null) {
      consumer = pubsub.consumer(topic, subscription);
    }
  }

  @Override
  public synchronized void receive(MessageHandler handler) {
    if (loop != null) {
      throw new PubSubException("already receiving " + topic + "/" + subscription);
    }
    init();
    running = true;
    workers =
        Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("nats-" + topic + "-" + subscription + "-", 0).factory());
    long tick = Math.max(100, settings.ackWait().toMillis() / 3);
    heartbeat =
        pubsub
            .ticker()
            .scheduleWithFixedDelay(this::signalProgress, tick, tick, TimeUnit.MILLISECONDS);
    ExecutorService w = workers;
    loop =
        Thread.ofVirtual()
            .name("nats-pull-" + topic + "-" + subscription)
            .start(() -> pullLoop(handler, w));
  }

  /** Messages handed to handlers and not yet acknowledged or nak'ed. */
  int inFlight() {
    return handling.size();
  }

  /** The connection came back: pull requests made before are lost, so make new ones. */
  void reconnected() {
    restart = true;
  }

  private void pullLoop(MessageHandler handler, ExecutorService w) {
    Duration pause = Duration.ofMillis(200);
    while (running) {
      IterableConsumer ic = null;
      try {
        ConsumerContext cc = consumerContext();
        restart = false;
        ic =
            cc.iterate(
                ConsumeOptions.builder()
                    .batchSize(settings.inFlightBound())
                    .expiresIn(settings.pullExpiry().toMillis())
                    .build());
        pause = Duration.ofMillis(200);
        while (running && !restart) {
          if (!slots.tryAcquire(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
            continue; // Every slot busy: leave the backlog on the broker.
          }
          io.nats.client.Message m;
          try {
            m = ic.nextMessage(POLL);
          } catch (JetStreamStatusCheckedException | RuntimeException e) {
            slots.release();
            throw e;
          }
          if (m == null) {
            slots.release();
            continue;
          }
          handling.put(m, System.nanoTime());
          try {
            w.execute(() -> handle(handler, m));
          } catch (RejectedExecutionException e) {
            // Shutting down: give the message back rather than sit on it until the ack wait.
            handling.remove(m);
            slots.release();
            nakQuietly(m, Duration.ZERO);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (JetStreamStatusCheckedException
          | IOException
          | JetStreamApiException
          | RuntimeException e) {
        pause = retryAfter(e, pause);
      } finally {
        if (ic != null) {
          release(ic);
        }
      }
    }
  }

  private ConsumerContext consumerContext() {
    ConsumerContext cc;
    synchronized (this) {
      cc = consumer;
    }
    if (cc == null) {
      cc = pubsub.consumer(topic, subscription);
      synchronized (this) {
        consumer = cc;
      }
    }
    return cc;
  }

  private Duration retryAfter(Exception e, Duration pause) {
    if (!running) {
      return pause;
    }
    LOG.warn(
        "consuming {}/{} failed, retrying in {} ms: {}",
        topic,
        subscription,
        pause.toMillis(),
        e.toString());
    synchronized (this) {
      consumer = null; // Set the consumer up again: it may have been deleted.
    }
    long until = System.nanoTime() + pause.toNanos();
    while (running && System.nanoTime() < until) {
      try {
        Thread.sleep(
            Math.min(POLL.toMillis(), Math.max(1, (until - System.nanoTime()) / 1_000_000)));
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        running = false;
      }
    }
    Duration next = pause.multipliedBy(2);
    return next.compareTo(MAX_RETRY_PAUSE) > 0 ? MAX_RETRY_PAUSE : next;
  }

  /**
   * Stops pulling and hands back what was pulled but not handled, so another member (or this one
   * after a reconnection) gets it now rather than after the ack wait.
   */
  private static void release(IterableConsumer ic) {
    ic.stop();
    try {
      io.nats.client.Message left;
      while ((left = ic.nextMessage(Duration.ofMillis(1))) != null) {
        nakQuietly(left, Duration.ZERO);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (JetStreamStatusCheckedException | RuntimeException e) {
      LOG.debug("releasing a pull consumer: {}", e.toString());
    }
    try {
      ic.close();
    } catch (Exception e) {
      LOG.debug("closing a pull consumer: {}", e.toString());
    }
  }

  private void handle(MessageHandler handler, io.nats.client.Message m) {
    boolean settled = false;
    try {
      Message message =
          new Message(
              m.getData() == null ? new byte[0] : m.getData(), NatsHeaders.decode(m.getHeaders()));
      handler.handle(message);
      settled = true;
      ackQuietly(m);
    } catch (Exception e) {
      settled = true;
      long delivered = deliveries(m);
      Duration delay = settings.nakDelayAfter(delivered);
      if (settings.maxDeliver() > 0 && delivered >= settings.maxDeliver()) {
        LOG.error(
            "message on {}/{} failed delivery {} of {} and is given up (it stays in the stream): {}",
            topic,
            subscription,
            delivered,
            settings.maxDeliver(),
            e.toString(),
            e);
      } else {
        LOG.warn(
            "message on {}/{} failed delivery {}, redelivering in {} ms: {}",
            topic,
            subscription,
            delivered,
            delay.toMillis(),
            e.toString());
      }
      nakQuietly(m, delay);
    } finally {
      if (!settled) {
        nakQuietly(m, settings.nakDelayAfter(deliveries(m))); // An Error escaped the handler.
      }
      handling.remove(m);
      slots.release();
    }
  }

  private static long deliveries(io.nats.client.Message m) {
    try {
      return m.metaData().deliveredCount();
    } catch (RuntimeException e) {
      return 1;
    }
  }

  private static void ackQuietly(io.nats.client.Message m) {
    try {
      m.ack();
    } catch (RuntimeException e) {
      // Disconnected: the broker redelivers after the ack wait; delivery is at least once.
      LOG.debug("ack not sent: {}", e.toString());
    }
  }

  private static void nakQuietly(io.nats.client.Message m, Duration delay) {
    try {
      if (delay.isZero()) {
        m.nak();
      } else {
        m.nakWithDelay(delay);
      }
    } catch (RuntimeException e) {
      LOG.debug("nak not sent: {}", e.toString());
    }
  }

  /** Tells the broker a long handler is still working, so its message is not redelivered. */
  private void signalProgress() {
    long threshold = settings.ackWait().toNanos() / 3;
    long now = System.nanoTime();
    handling.forEach((m, started) -> {
      if (now - started >= threshold) {
        try {
          m.inProgress();
        } catch (RuntimeException e) {
          LOG.debug("in-progress signal not sent: {}", e.toString());
        }
      }
    });
  }

  /** Stops pulling, lets running handlers finish (up to the ack wait), keeps the durable group. */
  @Override
  public void shutdown() {
    Thread l;
    ExecutorService w;
    ScheduledFuture<?> hb;
    synchronized (this) {
      running = false;
      l = loop;
      w = workers;
      hb = heartbeat;
    }
    try {
      if (l != null) {
        l.join(POLL.multipliedBy(8));
      }
      if (w != null) {
        w.shutdown();
        if (!w.awaitTermination(settings.ackWait().toMillis(), TimeUnit.MILLISECONDS)) {
          LOG.warn(
              "handlers of {}/{} still running after {}; their messages will be redelivered",
              topic,
              subscription,
              settings.ackWait());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (hb != null) {
        hb.cancel(false);
      }
      pubsub.forget(this);
    }
  }
}
