package dev.blacksmith.pubsub.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.blacksmith.pubsub.Message;
import dev.blacksmith.pubsub.rabbitmq.RabbitMqSettings.QueueType;
import dev.blacksmith.spi.pubsub.MessageHandler;
import dev.blacksmith.spi.pubsub.PubSubException;
import dev.blacksmith.spi.pubsub.Subscriber;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member of a subscription group: a consumer, with its own channel, on the group's queue.
 * Handlers run one at a time, on the connection's dispatch threads; a message is acknowledged when
 * its handler returns and requeued when it throws.
 */
final class RabbitMqSubscriber implements Subscriber {

  private static final Logger LOG = LoggerFactory.getLogger(RabbitMqSubscriber.class);

  /** How long {@link #shutdown()} lets a running handler finish. */
  private static final Duration HANDLER_GRACE = Duration.ofSeconds(30);

  private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)");

  private final RabbitMqPubSub owner;
  private final String topic;
  private final String subscription;
  private final String queue;
  private final ReentrantLock handling = new ReentrantLock();
  private Channel channel; // guarded by this
  private String consumerTag; // guarded by this
  private volatile QueueType queueType = QueueType.AUTO;
  private volatile boolean stopping;

  RabbitMqSubscriber(RabbitMqPubSub owner, String topic, String subscription) {
    this.owner = owner;
    this.topic = topic;
    this.subscription = subscription;
    this.queue = Names.queue(topic, subscription);
  }

  @Override
  public synchronized void init() {
    if (stopping || owner.isClosed()) {
      throw new PubSubException("subscriber " + topic + "/" + subscription + " is shut down");
    }
    if (channel != null) {
      return;
    }
    Connection connection = owner.consumeConnection();
    Channel ch;
    try {
      ch = connection.createChannel();
    } catch (IOException | AlreadyClosedException e) {
      throw new PubSubException(
          "cannot open a channel to RabbitMQ at " + owner.url() + ": " + e.getMessage(), e);
    }
    if (ch == null) {
      throw new PubSubException("no channel left on the connection to RabbitMQ at " + owner.url());
    }
    QueueType type = chooseQueueType(connection);
    String exchange = Names.exchange(topic);
    try {
      ch.exchangeDeclare(exchange, BuiltinExchangeType.FANOUT, true);
      owner.declaredExchange(exchange);
      ch.queueDeclare(queue, true, false, false, queueArguments(type));
      owner.declaredQueue(queue);
      ch.queueBind(queue, exchange, "");
    } catch (IOException | AlreadyClosedException e) {
      Channels.abort(ch);
      throw new PubSubException(
          "RabbitMQ at "
              + owner.url()
              + " refused the topology of subscription '"
              + subscription
              + "' on topic '"
              + topic
              + "' (queue '"
              + queue
              + "', "
              + type.name().toLowerCase(Locale.ROOT)
              + "): "
              + Channels.refusal(e)
              + ". A queue declared before with other settings keeps them: delete it, or open"
              + " the adapter with its queueType and deliveryLimit.",
          e);
    }
    LOG.debug("subscription queue {} ready ({})", queue, type);
    this.queueType = type;
    this.channel = ch;
  }

  private QueueType chooseQueueType(Connection connection) {
    QueueType configured = owner.settings().queueType();
    if (configured != QueueType.AUTO) {
      return configured;
    }
    return supportsQuorumQueues(connection.getServerProperties())
        ? QueueType.QUORUM
        : QueueType.CLASSIC;
  }

  /** Quorum queues came with RabbitMQ 3.8. */
  static boolean supportsQuorumQueues(Map<String, Object> serverProperties) {
    Object version = serverProperties == null ? null : serverProperties.get("version");
    if (version == null) {
      return false;
    }
    Matcher m = VERSION.matcher(version.toString());
    if (!m.find()) {
      return false;
    }
    int major = Integer.parseInt(m.group(1));
    int minor = Integer.parseInt(m.group(2));
    return major > 3 || (major == 3 && minor >= 8);
  }

  private Map<String, Object> queueArguments(QueueType type) {
    Map<String, Object> args = new HashMap<>();
    if (type == QueueType.QUORUM) {
      args.put("x-queue-type", "quorum");
      int limit = owner.settings().deliveryLimit();
      if (limit > 0) {
        args.put("x-delivery-limit", limit);
      }
    } else {
      // One member at a time reads a classic queue; the others stand by to take over.
      args.put("x-single-active-consumer", true);
    }
    return args;
  }

  @Override
  public synchronized void receive(MessageHandler handler) {
    if (stopping || owner.isClosed()) {
      throw new PubSubException("subscriber " + topic + "/" + subscription + " is shut down");
    }
    if (channel == null) {
      throw new PubSubException("subscriber " + topic + "/" + subscription + " used before init()");
    }
    if (consumerTag != null) {
      throw new PubSubException("already receiving " + topic + "/" + subscription);
    }
    Channel ch = channel;
    try {
      // Per consumer: the broker sends no more than this many unacknowledged messages.
      ch.basicQos(owner.settings().prefetch());
      consumerTag =
          ch.basicConsume(
              queue,
              false,
              new DefaultConsumer(ch) {
                @Override
                public void handleDelivery(
                    String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                  deliver(ch, envelope, properties, body, handler);
                }

                @Override
                public void handleCancel(String tag) {
                  LOG.warn(
                      "RabbitMQ cancelled the consumer of queue {} (deleted?); no more messages"
                          + " for {}/{}",
                      queue,
                      topic,
                      subscription);
                }
              });
    } catch (IOException | AlreadyClosedException e) {
      throw new PubSubException(
          "cannot consume queue '" + queue + "' at " + owner.url() + ": " + Channels.refusal(e), e);
    }
  }

  private void deliver(
      Channel ch,
      Envelope envelope,
      AMQP.BasicProperties properties,
      byte[] body,
      MessageHandler handler) {
    long tag = envelope.getDeliveryTag();
    handling.lock();
    try {
      if (stopping) {
        settle(ch, tag, false);
        return;
      }
      Message message = new Message(body, Headers.metadata(properties));
      try {
        handler.handle(message);
      } catch (Exception e) {
        logFailure(properties, e);
        settle(ch, tag, false);
        return;
      }
      settle(ch, tag, true);
    } finally {
      handling.unlock();
    }
  }

  private void logFailure(AMQP.BasicProperties properties, Exception e) {
    long previous = Headers.previousDeliveries(properties);
    int limit = owner.settings().deliveryLimit();
    if (queueType == QueueType.QUORUM && limit > 0 && previous >= limit) {
      LOG.error(
          "message on {}/{} failed its last allowed delivery ({} of {}); RabbitMQ drops it: {}",
          topic,
          subscription,
          previous + 1,
          limit + 1,
          e.toString(),
          e);
    } else {
      LOG.warn(
          "message on {}/{} failed delivery {}, requeued: {}",
          topic,
          subscription,
          previous + 1,
          e.toString());
    }
  }

  /** Acknowledges, or requeues for redelivery. */
  private void settle(Channel ch, long tag, boolean ack) {
    try {
      if (ack) {
        ch.basicAck(tag, false);
      } else {
        ch.basicNack(tag, false, true);
      }
    } catch (IOException | AlreadyClosedException e) {
      // The channel went away: the broker requeues what was unacknowledged on it.
      LOG.debug("could not settle a delivery on {}: {}", queue, e.toString());
    }
  }

  @Override
  public void shutdown() {
    Channel ch;
    String tag;
    synchronized (this) {
      if (stopping) {
        return;
      }
      stopping = true;
      ch = channel;
      tag = consumerTag;
    }
    try {
      if (ch == null) {
        return;
      }
      if (tag != null) {
        try {
          ch.basicCancel(tag);
        } catch (IOException | AlreadyClosedException e) {
          LOG.debug("cancelling the consumer of {} failed: {}", queue, e.toString());
        }
      }
      // A handler already running finishes, and is acknowledged, before the channel closes;
      // messages prefetched but not handled go back to the queue with it.
      boolean idle = false;
      try {
        idle = handling.tryLock(HANDLER_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        if (!idle) {
          LOG.warn(
              "a handler of {}/{} still runs after {}; closing its channel anyway",
              topic,
              subscription,
              HANDLER_GRACE);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      try {
        Channels.abort(ch);
      } finally {
        if (idle) {
          handling.unlock();
        }
      }
    } finally {
      owner.forget(this);
    }
  }
}
