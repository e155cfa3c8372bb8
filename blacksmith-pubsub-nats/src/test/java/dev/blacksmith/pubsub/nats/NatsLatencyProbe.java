package dev.blacksmith.pubsub.nats;

import dev.blacksmith.pubsub.Message;
import dev.blacksmith.spi.pubsub.Publisher;
import dev.blacksmith.spi.pubsub.Subscriber;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publish-to-handle latency and throughput through a NATS server (the machine's by default).
 *
 * <p>Usage: {@code NatsLatencyProbe [messages] [url]}. Three runs on a fresh topic each: one
 * message at a time (latency without queueing), then as fast as one publisher thread can send with
 * acks, then with eight publisher threads. Streams it creates are deleted at the end.
 */
public final class NatsLatencyProbe {

  private NatsLatencyProbe() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    String url = args.length > 1 ? args[1] : MachineNats.URL;
    String prefix = MachineNats.newPrefix();
    try (NatsPubSub pubsub = new NatsPubSub(url + "?stream_prefix=" + prefix)) {
      Publisher publisher = pubsub.publisher();
      publisher.init();
      run(pubsub, publisher, "one at a time", Math.min(n, 2_000), 1, true);
      run(pubsub, publisher, "1 publisher", n, 1, false);
      run(pubsub, publisher, "8 publishers", n, 8, false);
    } finally {
      MachineNats.deleteStreams(url, prefix);
    }
  }

  private static void run(
      NatsPubSub pubsub, Publisher publisher, String label, int n, int threads, boolean pingPong)
      throws Exception {
    String topic = "probe-" + UUID.randomUUID().toString().substring(0, 8);
    long[] latencies = new long[n];
    AtomicInteger handled = new AtomicInteger();
    CountDownLatch all = new CountDownLatch(n);
    Semaphore oneAtATime = new Semaphore(0);
    Subscriber subscriber = pubsub.subscriber(topic, "probe");
    subscriber.init();
    subscriber.receive(m -> {
      long sent = Long.parseLong(m.metadata().get("t"));
      int i = handled.getAndIncrement();
      if (i < n) {
        latencies[i] = System.nanoTime() - sent;
      }
      all.countDown();
      oneAtATime.release();
    });
    publisher.send(topic, Message.of("warm-up", Map.of("t", Long.toString(System.nanoTime()))));
    oneAtATime.acquire();
    handled.set(0);

    AtomicInteger next = new AtomicInteger();
    long start = System.nanoTime();
    long[] publishDone = new long[1];
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (int t = 0; t < threads; t++) {
        pool.execute(() -> {
          int i;
          while ((i = next.getAndIncrement()) < n) {
            publisher.send(
                topic,
                Message.of("{\"n\":" + i + "}", Map.of("t", Long.toString(System.nanoTime()))));
            if (pingPong) {
              oneAtATime.acquireUninterruptibly();
            }
          }
        });
      }
    }
    publishDone[0] = System.nanoTime();
    if (!all.await(120, TimeUnit.SECONDS)) {
      throw new IllegalStateException(label + ": only " + handled.get() + " of " + n + " arrived");
    }
    long end = System.nanoTime();
    subscriber.shutdown();

    long[] sorted = Arrays.copyOf(latencies, n);
    Arrays.sort(sorted);
    System.out.printf(
        Locale.ROOT,
        "%-14s n=%-6d publish %8.0f msg/s | end-to-end %8.0f msg/s | latency p50 %7.2f ms"
            + "  p99 %7.2f ms  max %7.2f ms%n",
        label,
        n,
        n / seconds(publishDone[0] - start),
        n / seconds(end - start),
        sorted[n / 2] / 1e6,
        sorted[(int) (n * 0.99)] / 1e6,
        sorted[n - 1] / 1e6);
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
