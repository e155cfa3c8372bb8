package dev.blacksmith.pubsub.kafka;

import dev.blacksmith.pubsub.Message;
import dev.blacksmith.spi.pubsub.PubSub;
import dev.blacksmith.spi.pubsub.Publisher;
import dev.blacksmith.spi.pubsub.Subscriber;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Publish-to-handle latency and throughput through the in-process broker. Not a test: run with
 *
 * <pre>
 * cd blacksmith-pubsub-kafka
 * ../mvnw -B -o -q test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *   -Dmdep.outputFile=target/test-classpath.txt
 * java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *   dev.blacksmith.pubsub.kafka.KafkaLatencyProbe [latencyMessages throughputMessages senders \
 *   extraUrlOptions]
 * </pre>
 */
public final class KafkaLatencyProbe {

  private KafkaLatencyProbe() {}

  public static void main(String[] args) throws Exception {
    int latencyMessages = args.length > 0 ? Integer.parseInt(args[0]) : 3_000;
    int throughputMessages = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
    int senders = args.length > 2 ? Integer.parseInt(args[2]) : 32;
    String extra = args.length > 3 ? "&" + args[3] : "";
    KafkaBroker broker = new KafkaBroker();
    long bootStart = System.nanoTime();
    broker.start();
    System.out.printf(
        Locale.ROOT, "broker started in %d ms%n", (System.nanoTime() - bootStart) / 1_000_000);
    try (PubSub pubsub = KafkaPubSub.open(broker.url(KafkaBroker.FAST_GROUPS + extra))) {
      Publisher publisher = pubsub.publisher();
      publisher.init();
      latency(pubsub, publisher, latencyMessages);
      throughput(pubsub, publisher, throughputMessages, senders);
    } finally {
      broker.close();
    }
  }

  /** One message at a time: the time from send() to the handler, and send()'s own time. */
  private static void latency(PubSub pubsub, Publisher publisher, int n) throws Exception {
    int warmUp = Math.min(500, n / 4);
    AtomicLongArray handledAt = new AtomicLongArray(n);
    Semaphore handled = new Semaphore(0);
    Subscriber s = pubsub.subscriber("probe-latency", "probe");
    s.init();
    s.receive(m -> {
      int i = Integer.parseInt(m.metadata().get("i"));
      handledAt.set(i, System.nanoTime());
      handled.release();
    });
    long[] sentAt = new long[n];
    long[] ackNanos = new long[n];
    for (int i = 0; i < n; i++) {
      sentAt[i] = System.nanoTime();
      publisher.send("probe-latency", Message.of("", Map.of("i", Integer.toString(i))));
      ackNanos[i] = System.nanoTime() - sentAt[i];
      // Wait for the handler, so each message crosses an idle pipeline (a wake-up's life).
      if (!handled.tryAcquire(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("latency message " + i + " did not arrive");
      }
    }
    s.shutdown();
    long[] e2e = new long[n - warmUp];
    long[] ack = new long[n - warmUp];
    for (int i = warmUp; i < n; i++) {
      e2e[i - warmUp] = handledAt.get(i) - sentAt[i];
      ack[i - warmUp] = ackNanos[i];
    }
    System.out.printf(
        Locale.ROOT,
        "latency (%d messages after %d warm-up): publish->handle %s; send() ack %s%n",
        n - warmUp,
        warmUp,
        percentiles(e2e),
        percentiles(ack));
  }

  /** Many concurrent senders (as many gateway requests would be): messages per second. */
  private static void throughput(PubSub pubsub, Publisher publisher, int n, int senders)
      throws Exception {
    CountDownLatch all = new CountDownLatch(n);
    Subscriber s = pubsub.subscriber("probe-throughput", "probe");
    s.init();
    s.receive(m -> all.countDown());
    publisher.send("probe-throughput", Message.of("warm", Map.of())); // topic metadata
    AtomicInteger next = new AtomicInteger();
    long start = System.nanoTime();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < senders; t++) {
      threads.add(
          Thread.ofVirtual()
              .start(() -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                  publisher.send(
                      "probe-throughput",
                      Message.of("m" + i, Map.of("destination", "d", "action", "a")));
                }
              }));
    }
    for (Thread t : threads) {
      t.join();
    }
    long sent = System.nanoTime() - start;
    if (!all.await(120, TimeUnit.SECONDS)) {
      throw new IllegalStateException("not every throughput message arrived");
    }
    long handled = System.nanoTime() - start;
    s.shutdown();
    System.out.printf(
        Locale.ROOT,
        "throughput (%d messages, %d concurrent senders): %.0f msg/s acknowledged by send(),"
            + " %.0f msg/s published and handled%n",
        n,
        senders,
        n / (sent / 1e9),
        n / (handled / 1e9));
  }

  private static String percentiles(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return String.format(
        Locale.ROOT,
        "p50 %.2f ms, p99 %.2f ms, max %.2f ms",
        sorted[sorted.length / 2] / 1e6,
        sorted[(int) (sorted.length * 0.99)] / 1e6,
        sorted[sorted.length - 1] / 1e6);
  }
}
