package dev.blacksmith.modules.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A real HTTP server on a free local port that answers with scripted replies, in order, and records
 * every request. When the script runs out it answers {@code 200 {"ok":true}}. Replies may misbehave
 * as real endpoints do: never answer, drip a body that never ends, or send a huge one.
 */
final class ScriptedServer implements AutoCloseable {

  /** A recorded request; header names are lower-case. */
  record Received(String method, String path, Map<String, List<String>> headers, String body) {
    String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }
  }

  /** One scripted reply. */
  @FunctionalInterface
  interface Reply {
    void answer(HttpExchange exchange, CountDownLatch release)
        throws IOException, InterruptedException;
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final ReentrantLock lock = new ReentrantLock();
  private final Deque<Reply> script = new ArrayDeque<>();
  private final CountDownLatch release = new CountDownLatch(1);
  final List<Received> received = new CopyOnWriteArrayList<>();
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger maxInFlight = new AtomicInteger();

  ScriptedServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** Appends replies to the script. */
  ScriptedServer then(Reply... replies) {
    lock.lock();
    try {
      script.addAll(Arrays.asList(replies));
    } finally {
      lock.unlock();
    }
    return this;
  }

  private void handle(HttpExchange exchange) throws IOException {
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Map<String, List<String>> headers = new java.util.TreeMap<>();
      exchange
          .getRequestHeaders()
          .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
      received.add(
          new Received(
              exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body));
      Reply reply;
      lock.lock();
      try {
        reply = script.pollFirst();
      } finally {
        lock.unlock();
      }
      (reply == null ? status(200, "{\"ok\":true}") : reply).answer(exchange, release);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      inFlight.decrementAndGet();
    }
  }

  /** Answers {@code status} with a JSON body. */
  static Reply status(int status, String body, String... headerPairs) {
    return (exchange, release) -> {
      Headers h = exchange.getResponseHeaders();
      h.set("Content-Type", "application/json");
      for (int i = 0; i + 1 < headerPairs.length; i += 2) {
        h.set(headerPairs[i], headerPairs[i + 1]);
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        exchange.getResponseBody().write(bytes);
      }
    };
  }

  static Reply status(int status) {
    return status(status, "");
  }

  /** Never answers, until the server closes. */
  static Reply silence() {
    return (exchange, release) -> release.await(60, TimeUnit.SECONDS);
  }

  /** Answers {@code status} and the start of a body, then never sends the rest. */
  static Reply endlessBody(int status, String start) {
    return (exchange, release) -> {
      exchange.sendResponseHeaders(status, 0);
      OutputStream out = exchange.getResponseBody();
      out.write(start.getBytes(StandardCharsets.UTF_8));
      out.flush();
      release.await(60, TimeUnit.SECONDS);
    };
  }

  /** Answers {@code status} with a body of {@code size} bytes of {@code x}. */
  static Reply hugeBody(int status, int size) {
    return (exchange, release) -> {
      exchange.sendResponseHeaders(status, size);
      byte[] chunk = new byte[8192];
      Arrays.fill(chunk, (byte) 'x');
      OutputStream out = exchange.getResponseBody();
      try {
        for (int sent = 0; sent < size; sent += chunk.length) {
          out.write(chunk, 0, Math.min(chunk.length, size - sent));
        }
      } catch (IOException e) {
        // The client hung up once it had read enough: what the test expects.
      }
    };
  }

  /** Holds the request until {@code gate} opens (or 10 s pass), then answers 200. */
  static Reply after(CountDownLatch gate) {
    return (exchange, release) -> {
      gate.countDown();
      gate.await(10, TimeUnit.SECONDS);
      status(200, "{}").answer(exchange, release);
    };
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
