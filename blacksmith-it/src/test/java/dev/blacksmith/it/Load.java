package dev.blacksmith.it;

import dev.blacksmith.json.Json;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clients sending events {@code {"n": 0}}, {@code {"n": 1}}, ... to the gateways, round-robin, from
 * virtual threads. Like a real client, each event is sent again with the same payload until a
 * gateway answers {@code 202}: after a {@code 5xx}, a refused connection or a timeout, it waits a
 * little and tries the next gateway whose process is alive. An event that gets no {@code 202}
 * within {@code patience} is given up.
 */
final class Load {

  private static final Logger LOG = LoggerFactory.getLogger(Load.class);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration BACKOFF = Duration.ofMillis(200);

  private final Http http;
  private final List<BlacksmithProcesses.Node> gateways;
  private final Duration patience;
  private final AtomicInteger next = new AtomicInteger();
  private volatile int limit;
  private final Map<Integer, String> acknowledged = new ConcurrentHashMap<>();
  private final Set<Integer> abandoned = ConcurrentHashMap.newKeySet();
  private final Map<Integer, String> refused = new ConcurrentHashMap<>();
  private final AtomicLong serverErrors = new AtomicLong();
  private final AtomicLong ioErrors = new AtomicLong();
  private final ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
  private final long startedAt = System.nanoTime();
  private final AtomicLong lastAcknowledgedAt = new AtomicLong(startedAt);

  private Load(Http http, List<BlacksmithProcesses.Node> gateways, Duration patience, int events) {
    this.http = http;
    this.gateways = List.copyOf(gateways);
    this.patience = patience;
    this.limit = events;
  }

  /** Starts {@code clients} clients sending {@code events} events in all. */
  static Load start(
      Http http,
      List<BlacksmithProcesses.Node> gateways,
      int clients,
      int events,
      Duration patience) {
    Load load = new Load(http, gateways, patience, events);
    for (int i = 0; i < clients; i++) {
      load.clients.execute(load::client);
    }
    load.clients.shutdown();
    return load;
  }

  /** Starts clients that send events until {@link #finish()}. */
  static Load startOpenEnded(
      Http http, List<BlacksmithProcesses.Node> gateways, int clients, Duration patience) {
    return start(http, gateways, clients, Integer.MAX_VALUE, patience);
  }

  /** Sends no new event; the events in flight are still sent until acknowledged. */
  void finish() {
    limit = Math.min(limit, next.get());
  }

  /** Waits for every client to be done; false if they are not within {@code timeout}. */
  boolean await(Duration timeout) throws InterruptedException {
    return clients.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The number of events sent, or being sent (each {@code n} below it). */
  int issued() {
    return Math.min(limit, next.get());
  }

  /** The id of each event a gateway acknowledged, by {@code n}. */
  Map<Integer, String> acknowledged() {
    return acknowledged;
  }

  /** Events given up after {@code patience}. */
  Set<Integer> abandoned() {
    return abandoned;
  }

  /** Events answered with a {@code 4xx}, which a retry cannot fix, with the answer. */
  Map<Integer, String> refused() {
    return refused;
  }

  long serverErrors() {
    return serverErrors.get();
  }

  long ioErrors() {
    return ioErrors.get();
  }

  @Override
  public String toString() {
    Duration elapsed = Duration.ofNanos(lastAcknowledgedAt.get() - startedAt);
    return acknowledged.size()
        + " acknowledged of "
        + issued()
        + " issued in "
        + elapsed.toMillis()
        + " ms, "
        + serverErrors
        + " 5xx answers, "
        + ioErrors
        + " failed requests, "
        + abandoned.size()
        + " abandoned, "
        + refused.size()
        + " refused";
  }

  private void client() {
    try {
      while (true) {
        int n = next.getAndIncrement();
        if (n >= limit) {
          return;
        }
        send(n);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void send(int n) throws InterruptedException {
    String body = "{\"n\":" + n + "}";
    long deadline = System.nanoTime() + patience.toNanos();
    for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
      BlacksmithProcesses.Node gateway = gateways.get((n + attempt) % gateways.size());
      if (!gateway.process().isAlive()) {
        Thread.sleep(1); // Not a busy loop when every process is gone.
        continue;
      }
      try {
        HttpResponse<String> response =
            http.post(gateway.gateway(EventsTrigger.PATH), body, REQUEST_TIMEOUT);
        int status = response.statusCode();
        if (status == 202) {
          acknowledged.put(n, Json.tree(response.body()).get("meta").get("event_id").asString());
          lastAcknowledgedAt.accumulateAndGet(System.nanoTime(), Math::max);
          return;
        }
        if (status < 500) {
          refused.put(n, status + " " + response.body());
          return;
        }
        serverErrors.incrementAndGet();
      } catch (IOException e) {
        ioErrors.incrementAndGet();
      }
      Thread.sleep(BACKOFF);
    }
    LOG.warn("event {} given up after {}", n, patience);
    abandoned.add(n);
  }
}
