package dev.blacksmith.pubsub.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import dev.blacksmith.pubsub.Message;
import dev.blacksmith.spi.pubsub.PubSubException;
import dev.blacksmith.spi.pubsub.Publisher;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes on one confirm-mode channel. Senders take turns only to write a message; they wait for
 * their confirms concurrently, so many threads share one channel without a round trip each.
 */
final class RabbitMqPublisher implements Publisher {

  private static final Logger LOG = LoggerFactory.getLogger(RabbitMqPublisher.class);

  /** A message written to a channel that then went away before confirming it. */
  private static final class ChannelLost extends Exception {
    private static final long serialVersionUID = 1L;

    ChannelLost(Throwable cause) {
      super(cause.getMessage(), cause);
    }
  }

  /** The broker refused a message with a negative confirm. */
  private static final class Nacked extends Exception {
    private static final long serialVersionUID = 1L;

    Nacked() {
      super("negative confirm");
    }
  }

  private record Pending(long seq, CompletableFuture<Void> confirm) {}

  private final RabbitMqPubSub owner;
  private final Duration confirmTimeout;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final ConcurrentNavigableMap<Long, CompletableFuture<Void>> pending =
      new ConcurrentSkipListMap<>();

  /** Exchanges declared on the current channel; cleared when it goes away. */
  private final Set<String> declared = ConcurrentHashMap.newKeySet();

  private Channel channel; // guarded by writeLock
  private volatile boolean initialized;
  private volatile boolean shutdown;

  RabbitMqPublisher(RabbitMqPubSub owner) {
    this.owner = owner;
    this.confirmTimeout = owner.settings().confirmTimeout();
  }

  @Override
  public void init() {
    ensureNotShutdown();
    writeLock.lock();
    try {
      if (channel == null) {
        Channel ch = openChannel(owner.publishConnection());
        if (ch == null) {
          throw new PubSubException("cannot open a channel to RabbitMQ at " + owner.url());
        }
        channel = ch;
      }
      initialized = true;
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public void send(String topic, Message message) {
    ensureNotShutdown();
    if (!initialized) {
      throw new PubSubException("RabbitMQ publisher used before init()");
    }
    Names.checkTopic(topic);
    AMQP.BasicProperties properties = Headers.properties(message.metadata());
    byte[] body = message.body();
    long deadline = System.nanoTime() + confirmTimeout.toNanos();
    Throwable lastLoss = null;
    try {
      while (true) {
        ensureNotShutdown();
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          throw new PubSubException(
              "message to topic '"
                  + topic
                  + "' not confirmed by RabbitMQ at "
                  + owner.url()
                  + " within "
                  + confirmTimeout.toMillis()
                  + " ms"
                  + (lastLoss == null ? "" : " (connection lost: " + lastLoss.getMessage() + ")"),
              lastLoss);
        }
        Pending p = publishOnce(topic, properties, body, remaining);
        if (p == null) {
          // The connection is recovering; recovery brings the channel back.
          owner.awaitRecovery(remaining);
          continue;
        }
        try {
          p.confirm().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          return;
        } catch (ExecutionException e) {
          if (e.getCause() instanceof ChannelLost lost) {
            String refusal = brokerRefusal(lost);
            if (refusal != null) {
              throw new PubSubException(
                  "RabbitMQ at "
                      + owner.url()
                      + " closed the channel publishing to topic '"
                      + topic
                      + "': "
                      + refusal,
                  lost.getCause());
            }
            // Written but never confirmed: publish again once the channel is back. The first copy
            // may have reached the queue, so a receiver can see it twice (at least once).
            lastLoss = lost.getCause();
            continue;
          }
          ensureNotShutdown();
          throw new PubSubException(
              "RabbitMQ at "
                  + owner.url()
                  + " refused a message to topic '"
                  + topic
                  + "' ("
                  + e.getCause().getMessage()
                  + ")",
              e.getCause());
        } catch (TimeoutException e) {
          pending.remove(p.seq(), p.confirm());
          throw new PubSubException(
              "message to topic '"
                  + topic
                  + "' not confirmed by RabbitMQ at "
                  + owner.url()
                  + " within "
                  + confirmTimeout.toMillis()
                  + " ms",
              e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PubSubException("interrupted while publishing to topic '" + topic + "'", e);
    }
  }

  /**
   * Writes one message; returns its pending confirm, or null when no channel can be had until the
   * connection recovers.
   */
  private Pending publishOnce(
      String topic, AMQP.BasicProperties properties, byte[] body, long remainingNanos)
      throws InterruptedException {
    if (!writeLock.tryLock(remainingNanos, TimeUnit.NANOSECONDS)) {
      return null;
    }
    try {
      ensureNotShutdown();
      Channel ch = usableChannel();
      if (ch == null) {
        return null;
      }
      String exchange = Names.exchange(topic);
      if (!declared.contains(exchange)) {
        declareExchange(ch, exchange);
      }
      long seq = ch.getNextPublishSeqNo();
      CompletableFuture<Void> confirm = new CompletableFuture<>();
      pending.put(seq, confirm);
      try {
        ch.basicPublish(exchange, "", properties, body);
      } catch (IOException | AlreadyClosedException e) {
        pending.remove(seq, confirm);
        return new Pending(seq, CompletableFuture.failedFuture(new ChannelLost(e)));
      }
      return new Pending(seq, confirm);
    } catch (ChannelLost e) {
      return new Pending(-1, CompletableFuture.failedFuture(e));
    } finally {
      writeLock.unlock();
    }
  }

  private void declareExchange(Channel ch, String exchange) throws ChannelLost {
    try {
      ch.exchangeDeclare(exchange, BuiltinExchangeType.FANOUT, true);
      declared.add(exchange);
      owner.declaredExchange(exchange);
    } catch (IOException | AlreadyClosedException e) {
      ShutdownSignalException signal = Channels.shutdownSignal(e);
      if (signal != null && !signal.isHardError() && !signal.isInitiatedByApplication()) {
        // The broker refused the declaration itself (an exchange of another type, access
        // refused): retrying cannot help.
        throw new PubSubException(
            "RabbitMQ at "
                + owner.url()
                + " refused to declare exchange '"
                + exchange
                + "': "
                + Channels.reason(signal),
            e);
      }
      throw new ChannelLost(e);
    }
  }

  /**
   * The broker's reason when it closed the channel over something a retry would repeat (a message
   * over its size limit, access refused); null for a lost connection or a vanished exchange (404),
   * which publishing again on a new channel fixes.
   */
  private static String brokerRefusal(ChannelLost lost) {
    ShutdownSignalException signal = Channels.shutdownSignal(lost);
    if (signal == null || signal.isHardError() || signal.isInitiatedByApplication()) {
      return null;
    }
    if (signal.getReason() instanceof AMQP.Channel.Close close && close.getReplyCode() != 404) {
      return Channels.reason(signal);
    }
    return null;
  }

  /** The current channel, a new one after a channel-level error, or null while recovering. */
  private Channel usableChannel() {
    if (channel != null && channel.isOpen()) {
      return channel;
    }
    Connection connection = owner.publishConnection();
    if (!connection.isOpen() || owner.isRecovering(connection)) {
      return null;
    }
    // The channel was closed by a channel-level error (say, its exchange was deleted) while the
    // connection lives on; such a channel is not recovered, so open another.
    if (channel != null) {
      Channels.abort(channel);
    }
    channel = openChannel(connection);
    return channel;
  }

  /** A confirm-mode channel on {@code connection}, or null when the connection just went away. */
  private Channel openChannel(Connection connection) {
    try {
      Channel ch = connection.createChannel();
      if (ch == null) {
        throw new PubSubException(
            "no channel left on the connection to RabbitMQ at " + owner.url());
      }
      ch.confirmSelect();
      ch.addConfirmListener(
          (tag, multiple) -> settle(tag, multiple, null),
          (tag, multiple) -> settle(tag, multiple, new Nacked()));
      ch.addShutdownListener(this::channelLost);
      ((Recoverable) ch)
          .addRecoveryListener(
              new RecoveryListener() {
                @Override
                public void handleRecovery(Recoverable recoverable) {
                  // Sequence numbers restart on the recovered channel: confirms still pending
                  // belong to the old one and will never come.
                  failPending(new ChannelLost(new IOException("channel recovered")));
                }

                @Override
                public void handleRecoveryStarted(Recoverable recoverable) {}
              });
      return ch;
    } catch (IOException | AlreadyClosedException e) {
      if (!connection.isOpen()) {
        return null;
      }
      throw new PubSubException(
          "cannot open a channel to RabbitMQ at " + owner.url() + ": " + e.getMessage(), e);
    }
  }

  private void settle(long tag, boolean multiple, Exception failure) {
    if (multiple) {
      Iterator<Map.Entry<Long, CompletableFuture<Void>>> it =
          pending.headMap(tag, true).entrySet().iterator();
      while (it.hasNext()) {
        CompletableFuture<Void> f = it.next().getValue();
        it.remove();
        finish(f, failure);
      }
    } else {
      CompletableFuture<Void> f = pending.remove(tag);
      if (f != null) {
        finish(f, failure);
      }
    }
  }

  private static void finish(CompletableFuture<Void> f, Exception failure) {
    if (failure == null) {
      f.complete(null);
    } else {
      f.completeExceptionally(failure);
    }
  }

  private void channelLost(ShutdownSignalException cause) {
    declared.clear();
    if (!cause.isInitiatedByApplication()) {
      LOG.debug("publishing channel to {} closed: {}", owner.url(), Channels.reason(cause));
    }
    failPending(new ChannelLost(cause));
  }

  private void failPending(Exception failure) {
    for (Long seq : pending.keySet()) {
      CompletableFuture<Void> f = pending.remove(seq);
      if (f != null) {
        f.completeExceptionally(failure);
      }
    }
  }

  private void ensureNotShutdown() {
    if (shutdown || owner.isClosed()) {
      throw new PubSubException("RabbitMQ publisher for " + owner.url() + " is shut down");
    }
  }

  @Override
  public void shutdown() {
    shutdown = true;
    writeLock.lock();
    try {
      if (channel != null) {
        // abort: close without failing when the connection is already gone.
        Channels.abort(channel);
        channel = null;
      }
    } finally {
      writeLock.unlock();
    }
    failPending(new PubSubException("RabbitMQ publisher shut down"));
    owner.forget(this);
  }
}
