package dev.blacksmith.pubsub.kafka;

import dev.blacksmith.pubsub.Message;
import dev.blacksmith.spi.pubsub.MessageHandler;
import dev.blacksmith.spi.pubsub.PubSubException;
import dev.blacksmith.spi.pubsub.Subscriber;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member of a consumer group. A dedicated thread owns the {@link KafkaConsumer} (which is not
 * thread-safe) and polls; each batch (at most {@code max.poll.records}) is handed to virtual
 * threads, one per partition so each partition keeps its order, while the poll thread keeps polling
 * with every partition paused. That keeps the member in its group however slow the handler is (no
 * {@code max.poll.interval.ms} expiry) and bounds what it holds to one batch.
 *
 * <p>Offsets are committed only for records whose handler returned. When a handler throws, the rest
 * of its partition's batch is not handled, the consumer seeks back to the failed record and the
 * partition stays paused for a growing delay before it is delivered again. On a rebalance, the
 * revoked partitions' handlers are waited for (within {@link KafkaSettings#revokeWait()}) and their
 * progress committed before the partitions go to another member.
 */
final class KafkaSubscriber implements Subscriber {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaSubscriber.class);

  /** The longest idle poll; a new record ends it at once. */
  private static final Duration IDLE_POLL = Duration.ofSeconds(1);

  /** While a batch is handled, the poll thread polls (all paused) at least this often. */
  private static final Duration BUSY_POLL = Duration.ofMillis(500);

  private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final KafkaSettings settings;
  private final KafkaAdmin admin;
  private final String topic;
  private final String group;
  private final String name;

  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean running;
  private volatile @Nullable Consumer<byte[], byte[]> consumer;
  private @Nullable Thread pollThread;

  // Owned by the poll thread.
  private @Nullable Batch batch;
  private final Map<TopicPartition, Long> pausedUntil = new HashMap<>();
  private final Map<TopicPartition, Failure> failures = new HashMap<>();

  /** Where a partition failed last, and how many deliveries of that record failed. */
  private record Failure(long offset, long attempts) {}

  KafkaSubscriber(KafkaSettings settings, KafkaAdmin admin, String topic, String group) {
    this.settings = settings;
    this.admin = admin;
    this.topic = topic;
    this.group = group;
    this.name = topic + "/" + group;
  }

  @Override
  public synchronized void init() {
    if (consumer != null) {
      return;
    }
    admin.ensureTopic(topic);
    admin.startGroupAtEnd(topic, group);
    try {
      consumer = new KafkaConsumer<>(settings.consumerConfig(group));
    } catch (RuntimeException e) {
      throw new PubSubException(
          "cannot create a Kafka consumer for " + name + " on " + settings.displayUrl() + ": " + e,
          e);
    }
  }

  @Override
  public synchronized void receive(MessageHandler handler) {
    Consumer<byte[], byte[]> c = consumer;
    if (c == null) {
      throw new PubSubException("Kafka subscriber " + name + " is not initialised: call init()");
    }
    if (pollThread != null) {
      throw new PubSubException("already receiving " + name);
    }
    running = true;
    ExecutorService pool =
        Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("blacksmith-kafka-handler-" + name + "-", 0).factory());
    pollThread =
        Thread.ofPlatform()
            .daemon()
            .name("blacksmith-kafka-" + name)
            .start(() -> pollLoop(c, handler, pool));
  }

  /** Records handed to handlers whose outcome is not yet committed; at most one batch. */
  int inFlight() {
    return inFlight.get();
  }

  @Override
  public void shutdown() {
    Thread t;
    Consumer<byte[], byte[]> c;
    synchronized (this) {
      running = false;
      t = pollThread;
      c = consumer;
    }
    if (c == null) {
      return;
    }
    if (t == null) {
      synchronized (this) {
        consumer = null;
      }
      c.close(CloseOptions.timeout(CLOSE_TIMEOUT));
      return;
    }
    c.wakeup();
    try {
      t.join(SHUTDOWN_WAIT.plusSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (t.isAlive()) {
      LOG.warn("Kafka subscriber {} did not stop within {}", name, SHUTDOWN_WAIT.plusSeconds(10));
    }
  }

  // ---------------------------------------------------------------- poll thread

  private void pollLoop(Consumer<byte[], byte[]> c, MessageHandler handler, ExecutorService pool) {
    try {
      c.subscribe(List.of(topic), new Rebalance(c));
      while (running) {
        try {
          step(c, handler, pool);
        } catch (WakeupException e) {
          // shutdown(): the loop condition ends it.
        } catch (KafkaException e) {
          LOG.warn("Kafka subscriber {}: {}; retrying in 1s", name, e.toString());
          sleep(Duration.ofSeconds(1));
        }
      }
    } catch (RuntimeException e) {
      LOG.error("Kafka subscriber {} stopped: {}", name, e.toString(), e);
    } finally {
      stop(c, pool);
    }
  }

  private void step(Consumer<byte[], byte[]> c, MessageHandler handler, ExecutorService pool) {
    Batch b = batch;
    if (b != null) {
      if (b.await(BUSY_POLL)) {
        finish(c, b, false);
        resumeReady(c);
      } else {
        // Polling with everything paused keeps this member in its group and runs rebalances.
        ConsumerRecords<byte[], byte[]> stray = c.poll(Duration.ZERO);
        rewind(c, stray);
      }
      return;
    }
    resumeReady(c);
    ConsumerRecords<byte[], byte[]> records = c.poll(nextPollTimeout());
    if (records.isEmpty() || !running) {
      rewind(c, records);
      return;
    }
    c.pause(c.assignment());
    inFlight.addAndGet(records.count());
    batch = new Batch(records, handler, pool);
  }

  /** Ends a finished batch: commits what was handled, seeks back to what was not. */
  private void finish(Consumer<byte[], byte[]> c, Batch b, boolean sync) {
    batch = null;
    try {
      settle(c, b, sync);
    } finally {
      inFlight.addAndGet(-b.size());
    }
  }

  private void settle(Consumer<byte[], byte[]> c, Batch b, boolean sync) {
    Set<TopicPartition> assigned = c.assignment();
    Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
    for (PartitionOutcome o : b.outcomes()) {
      TopicPartition tp = o.partition();
      if (!assigned.contains(tp)) {
        continue; // Revoked meanwhile: its new owner starts from the last commit.
      }
      long next = o.nextOffset();
      if (o.failedOffset() >= 0) {
        long attempts = attemptsOf(tp, o.failedOffset());
        if (settings.maxDeliveries() > 0 && attempts >= settings.maxDeliveries()) {
          LOG.error(
              "message {}@{} on {} failed {} deliveries and is given up: {}",
              tp,
              o.failedOffset(),
              name,
              attempts,
              String.valueOf(o.error()),
              o.error());
          failures.remove(tp);
          next = o.failedOffset() + 1;
          c.seek(tp, next);
        } else {
          Duration delay = settings.redeliveryDelayAfter(attempts);
          LOG.warn(
              "message {}@{} on {} failed delivery {}, redelivering in {} ms: {}",
              tp,
              o.failedOffset(),
              name,
              attempts,
              delay.toMillis(),
              String.valueOf(o.error()));
          failures.put(tp, new Failure(o.failedOffset(), attempts));
          c.seek(tp, o.failedOffset());
          pausedUntil.put(tp, System.nanoTime() + delay.toNanos());
        }
      } else {
        if (o.resumeOffset() >= 0) {
          c.seek(tp, o.resumeOffset()); // Stopped early (shutdown): not handled, not skipped.
        }
        Failure f = failures.get(tp);
        if (f != null && next > f.offset()) {
          failures.remove(tp);
        }
      }
      if (next >= 0) {
        commits.put(tp, new OffsetAndMetadata(next));
      }
    }
    commit(c, commits, sync);
  }

  private long attemptsOf(TopicPartition tp, long offset) {
    Failure f = failures.get(tp);
    return f != null && f.offset() == offset ? f.attempts() + 1 : 1;
  }

  private void commit(
      Consumer<byte[], byte[]> c, Map<TopicPartition, OffsetAndMetadata> commits, boolean sync) {
    if (commits.isEmpty()) {
      return;
    }
    if (sync) {
      try {
        try {
          c.commitSync(commits, COMMIT_TIMEOUT);
        } catch (WakeupException e) {
          c.commitSync(commits, COMMIT_TIMEOUT); // A pending wake-up is spent; commit still.
        }
      } catch (KafkaException e) {
        // The group moved on (or the broker is away): these messages will be delivered again.
        LOG.info("Kafka subscriber {}: commit failed: {}", name, e.toString());
      }
    } else {
      c.commitAsync(
          commits,
          (offsets, e) -> {
            if (e != null) {
              // Harmless but for duplicates: the next commit covers these offsets.
              LOG.info("Kafka subscriber {}: commit failed: {}", name, e.toString());
            }
          });
    }
  }

  /** Resumes the partitions whose redelivery pause is over; the others stay paused. */
  private void resumeReady(Consumer<byte[], byte[]> c) {
    long now = System.nanoTime();
    pausedUntil.values().removeIf(until -> until - now <= 0);
    Set<TopicPartition> resume = new HashSet<>(c.paused());
    resume.removeAll(pausedUntil.keySet());
    if (!resume.isEmpty()) {
      c.resume(resume);
    }
  }

  private Duration nextPollTimeout() {
    long now = System.nanoTime();
    long wait = IDLE_POLL.toNanos();
    for (long until : pausedUntil.values()) {
      wait = Math.min(wait, Math.max(1_000_000, until - now));
    }
    return Duration.ofNanos(wait);
  }

  /** Records returned where none were wanted go back, to be fetched again later. */
  private static void rewind(Consumer<byte[], byte[]> c, ConsumerRecords<byte[], byte[]> records) {
    for (TopicPartition tp : records.partitions()) {
      List<ConsumerRecord<byte[], byte[]>> list = records.records(tp);
      if (!list.isEmpty()) {
        c.seek(tp, list.get(0).offset());
      }
    }
  }

  private void stop(Consumer<byte[], byte[]> c, ExecutorService pool) {
    try {
      Batch b = batch;
      if (b != null) {
        if (!b.await(SHUTDOWN_WAIT)) {
          LOG.warn(
              "Kafka subscriber {}: handlers still running after {}; their messages will be"
                  + " delivered again",
              name,
              SHUTDOWN_WAIT);
          batch = null;
          inFlight.addAndGet(-b.size());
        } else {
          finish(c, b, true);
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("Kafka subscriber {}: final commit failed: {}", name, e.toString());
    } finally {
      pool.shutdown();
      try {
        c.close(CloseOptions.timeout(CLOSE_TIMEOUT));
      } catch (RuntimeException e) {
        LOG.warn("Kafka subscriber {}: close failed: {}", name, e.toString());
      }
      synchronized (this) {
        consumer = null;
      }
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Called on the poll thread, inside {@code poll}. */
  private final class Rebalance implements ConsumerRebalanceListener {
    private final Consumer<byte[], byte[]> c;

    Rebalance(Consumer<byte[], byte[]> c) {
      this.c = c;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      Batch b = batch;
      if (b != null && b.touches(partitions)) {
        b.revoke(partitions); // Handlers stop before their next record of these partitions.
        if (b.await(settings.revokeWait())) {
          finish(c, b, true);
        } else {
          LOG.warn(
              "Kafka subscriber {}: handlers still running after {} while partitions {} are"
                  + " revoked; their messages will be delivered again",
              name,
              settings.revokeWait(),
              partitions);
        }
      }
      partitions.forEach(tp -> {
        pausedUntil.remove(tp);
        failures.remove(tp);
      });
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      // Someone else may own them already: commit nothing; handlers stop at their next record.
      Batch b = batch;
      if (b != null) {
        b.revoke(partitions);
      }
      partitions.forEach(tp -> {
        pausedUntil.remove(tp);
        failures.remove(tp);
      });
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (batch != null) {
        c.pause(partitions); // Still busy: one batch at a time.
      }
    }
  }

  // ---------------------------------------------------------------- handler side

  /**
   * What became of one partition's records in a batch. {@code nextOffset}: the offset after the
   * last handled record (-1 if none); {@code failedOffset}: the record whose handler threw (-1 if
   * none); {@code resumeOffset}: the first record left unhandled for another reason (-1 if none).
   */
  private record PartitionOutcome(
      TopicPartition partition,
      long nextOffset,
      long failedOffset,
      long resumeOffset,
      @Nullable Throwable error) {}

  /** One poll's records being handled, one virtual thread per partition. */
  private final class Batch {
    private final int size;
    private final Set<TopicPartition> revoked = ConcurrentHashMap.newKeySet();
    private final Map<TopicPartition, Long> firstOffsets = new LinkedHashMap<>();
    private final Map<TopicPartition, CompletableFuture<PartitionOutcome>> parts =
        new LinkedHashMap<>();
    private final CompletableFuture<Void> all;

    Batch(ConsumerRecords<byte[], byte[]> records, MessageHandler handler, ExecutorService pool) {
      this.size = records.count();
      for (TopicPartition tp : records.partitions()) {
        List<ConsumerRecord<byte[], byte[]>> list = records.records(tp);
        firstOffsets.put(tp, list.get(0).offset());
        parts.put(tp, CompletableFuture.supplyAsync(() -> handle(tp, list, handler), pool));
      }
      this.all = CompletableFuture.allOf(parts.values().toArray(CompletableFuture[]::new));
    }

    private PartitionOutcome handle(
        TopicPartition tp, List<ConsumerRecord<byte[], byte[]>> list, MessageHandler handler) {
      long next = -1;
      for (ConsumerRecord<byte[], byte[]> r : list) {
        if (!running || revoked.contains(tp)) {
          return new PartitionOutcome(tp, next, -1, r.offset(), null);
        }
        try {
          handler.handle(message(r));
        } catch (Throwable e) { // Whatever the handler throws means "not handled": redeliver.
          return new PartitionOutcome(tp, next, r.offset(), -1, e);
        }
        next = r.offset() + 1;
      }
      return new PartitionOutcome(tp, next, -1, -1, null);
    }

    int size() {
      return size;
    }

    boolean touches(Collection<TopicPartition> partitions) {
      return partitions.stream().anyMatch(parts::containsKey);
    }

    void revoke(Collection<TopicPartition> partitions) {
      revoked.addAll(partitions);
    }

    /** Waits up to {@code d} for every handler of the batch; true when all are done. */
    boolean await(Duration d) {
      try {
        all.get(d.toMillis(), TimeUnit.MILLISECONDS);
        return true;
      } catch (TimeoutException e) {
        return false;
      } catch (ExecutionException | CancellationException e) {
        return true; // Seen in outcomes(): that partition is delivered again.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    List<PartitionOutcome> outcomes() {
      List<PartitionOutcome> out = new ArrayList<>(parts.size());
      parts.forEach((tp, f) -> {
        if (f.isDone() && !f.isCompletedExceptionally()) {
          out.add(f.join());
        } else {
          out.add(new PartitionOutcome(tp, -1, -1, firstOffsets.get(tp), null));
        }
      });
      return out;
    }
  }

  static Message message(ConsumerRecord<byte[], byte[]> r) {
    Map<String, String> metadata = new HashMap<>();
    for (Header h : r.headers()) {
      if (h.value() != null) {
        metadata.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
      }
    }
    if (r.key() != null && !metadata.containsKey(KafkaPublisher.KEY)) {
      // A record from another producer: its key is the one piece of metadata it has.
      metadata.put(KafkaPublisher.KEY, new String(r.key(), StandardCharsets.UTF_8));
    }
    return new Message(r.value() == null ? new byte[0] : r.value(), metadata);
  }
}
