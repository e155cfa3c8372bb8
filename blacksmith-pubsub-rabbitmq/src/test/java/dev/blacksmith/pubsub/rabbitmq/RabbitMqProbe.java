package dev.blacksmith.pubsub.rabbitmq;

import com.rabbitmq.client.Connection;
import dev.blacksmith.pubsub.Message;
import dev.blacksmith.spi.pubsub.Publisher;
import dev.blacksmith.spi.pubsub.Subscriber;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A small latency and throughput probe through the local RabbitMQ: publish (with confirm) to
 * handle, per message, for one sender and then for several concurrent senders. Not a test; run with
 * {@code java -cp <test classpath> dev.blacksmith.pubsub.rabbitmq.RabbitMqProbe [serial messages]
 * [concurrent messages] [senders] [url]}. It sends only to the broker of the URL (loopback by
 * default), a bounded number of messages, and deletes what it declared.
 */
public final class RabbitMqProbe {

  private RabbitMqProbe() {}

  public static void main(String[] args) throws Exception {
    int serial = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
    int concurrent = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    int senders = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    String url = args.length > 3 ? args[3] : RabbitMqTestBroker.URL;

    System.out.printf(
        Locale.ROOT,
        "RabbitMQ probe against %s (%s queues)%n",
        RabbitMqSettings.mask(url),
        RabbitMqSettings.parse(url).queueType());
    // Warm-up: class loading, JIT, the broker's queue process.
    run(url, 1_000, 1, null);
    run(url, serial, 1, "1 sender ");
    run(url, concurrent, senders, senders + " senders");
  }

  private static void run(String url, int messages, int senders, String label) throws Exception {
    String topic = "probe-" + UUID.randomUUID().toString().substring(0, 8);
    AtomicLongArray latencies = new AtomicLongArray(messages);
    long[] confirms = new long[messages];
    CountDownLatch received = new CountDownLatch(messages);
    AtomicLong lastReceived = new AtomicLong();
    RabbitMqPubSub pubsub = new RabbitMqPubSub(url);
    try {
      Subscriber subscriber = pubsub.subscriber(topic, "probe");
      subscriber.init();
      subscriber.receive(m -> {
        long now = System.nanoTime();
        int i = Integer.parseInt(m.metadata().get("i"));
        // Duplicates (none expected here) keep their first latency.
        if (latencies.compareAndSet(i, 0, now - Long.parseLong(m.metadata().get("sent")))) {
          lastReceived.set(now);
          received.countDown();
        }
      });
      Publisher publisher = pubsub.publisher();
      publisher.init();
      byte[] body = new byte[128];

      long start = System.nanoTime();
      List<Thread> threads = new ArrayList<>();
      for (int s = 0; s < senders; s++) {
        int first = s;
        threads.add(
            Thread.ofPlatform()
                .start(() -> {
                  for (int i = first; i < messages; i += senders) {
                    long sent = System.nanoTime();
                    publisher.send(
                        topic,
                        new Message(
                            body, Map.of("i", Integer.toString(i), "sent", Long.toString(sent))));
                    confirms[i] = System.nanoTime() - sent;
                  }
                }));
      }
      for (Thread t : threads) {
        t.join();
      }
      long sentAll = System.nanoTime();
      if (!received.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException(received.getCount() + " messages never arrived");
      }
      if (label != null) {
        long[] handle = new long[messages];
        for (int i = 0; i < messages; i++) {
          handle[i] = latencies.get(i);
        }
        double seconds = (lastReceived.get() - start) / 1e9;
        System.out.printf(
            Locale.ROOT,
            "%s: %,d msgs; publish->handle p50 %.2f ms, p99 %.2f ms, max %.2f ms;"
                + " confirm p50 %.2f ms, p99 %.2f ms; %,.0f msgs/s end to end (%,.0f sent/s)%n",
            label,
            messages,
            percentile(handle, 50),
            percentile(handle, 99),
            percentile(handle, 100),
            percentile(confirms, 50),
            percentile(confirms, 99),
            messages / seconds,
            messages / ((sentAll - start) / 1e9));
      }
    } finally {
      pubsub.close();
      try (Connection admin = RabbitMqTestBroker.admin(url)) {
        RabbitMqTestBroker.withChannel(admin, ch -> ch.queueDelete(topic + ".probe"));
        RabbitMqTestBroker.withChannel(admin, ch -> ch.exchangeDelete(topic));
      }
    }
  }

  private static double percentile(long[] nanos, int p) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
  }
}
