package dev.blacksmith.modules.http;

import dev.blacksmith.destination.Then;
import dev.blacksmith.modules.http.Requests.Request;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Sends requests with the JDK client and turns each answer, or its absence, into a {@link Then}.
 * Every wait is bounded: connecting by {@code timeouts.connect}, the whole exchange (headers and
 * what is read of the body) by {@code timeouts.request} and by the load's own deadline.
 */
final class Sender implements AutoCloseable {

  /**
   * How much of a body is read so the connection can be reused; a longer body is cut and its
   * connection closed.
   */
  static final int DRAIN_LIMIT = 64 << 10;

  static final String USER_AGENT = "blacksmith/" + version();

  /**
   * What one request came to.
   *
   * @param then the outcome for the request's jobs
   * @param stop why the rest of the load should not be sent, or {@code null} to go on
   */
  record Outcome(Then then, @Nullable String stop) {}

  private final HttpDestinationConfig config;
  private final Clock clock;
  private final ExecutorService executor;
  private final HttpClient client;

  Sender(HttpDestinationConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.executor = Executors.newVirtualThreadPerTaskExecutor();
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            // Over cleartext, HTTP/2 makes the client send "Upgrade: h2c", which many webhook
            // servers and proxies mishandle.
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(config.connectTimeout())
            // A redirected POST may turn into a GET or go to another host: report it instead.
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(executor);
    ProxySelector proxies = ProxySelector.getDefault();
    if (proxies != null) {
      builder.proxy(proxies);
    }
    this.client = builder.build();
  }

  /** Sends one request, waiting at most until {@code loadDeadline} (of {@link System#nanoTime}). */
  Outcome send(Request request, long loadDeadline) throws InterruptedException {
    long start = System.nanoTime();
    long requestDeadline = start + config.timeout().toNanos();
    boolean loadBound = loadDeadline - requestDeadline < 0;
    long deadline = loadBound ? loadDeadline : requestDeadline;
    String what = config.method() + " " + config.origin();
    String timeLimit =
        loadBound
            ? "before the load's time budget ran out (timeouts.load = "
                + Values.show(config.loadTimeout())
                + ")"
            : "within " + Values.show(config.timeout()) + " (timeouts.request)";
    long remaining = deadline - start;
    if (remaining < TimeUnit.MILLISECONDS.toNanos(1)) {
      return failed(request, notSent("the load's time budget ran out"), null);
    }
    HttpRequest.Builder http =
        HttpRequest.newBuilder(config.url())
            // Our own deadline ends the wait for headers and body; the client's timer, which
            // may also cut a body being read, is only a backstop behind it.
            .timeout(Duration.ofNanos(remaining).plusSeconds(1))
            .method(config.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()))
            .setHeader("Content-Type", "application/json")
            .setHeader("User-Agent", USER_AGENT);
    config.headers().forEach(http::setHeader);
    http.setHeader(config.idempotencyHeader(), request.idempotencyKey());

    CompletableFuture<HttpResponse<ResponseBody>> pending =
        client.sendAsync(http.build(), ResponseBody.handler(readLimit()));
    HttpResponse<ResponseBody> response;
    try {
      response = pending.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      pending.cancel(true);
      return failed(request, noAnswer(request, what + ": no response " + timeLimit, null), null);
    } catch (InterruptedException e) {
      pending.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      return networkFailure(request, what, timeLimit, e.getCause() == null ? e : e.getCause());
    }
    ResponseBody.Excerpt excerpt = response.body().await(deadline, config.responseExcerptBytes());
    return answered(request, what, response, excerpt);
  }

  private Outcome networkFailure(Request request, String what, String timeLimit, Throwable cause) {
    if (cause instanceof HttpConnectTimeoutException) {
      String problem =
          what
              + ": could not connect within "
              + Values.show(config.connectTimeout())
              + " (timeouts.connect)";
      return failed(
          request, noAnswer(request, problem, cause), config.origin() + " is unreachable");
    }
    if (cause instanceof HttpTimeoutException) {
      return failed(request, noAnswer(request, what + ": no response " + timeLimit, cause), null);
    }
    if (cause instanceof ConnectException) {
      String problem = what + ": cannot connect (" + ResponseBody.describe(cause) + ")";
      return failed(
          request, noAnswer(request, problem, cause), config.origin() + " is unreachable");
    }
    if (cause instanceof IOException) {
      String problem = what + ": " + ResponseBody.describe(cause);
      return failed(request, noAnswer(request, problem, cause), null);
    }
    String problem = what + ": the request failed: " + ResponseBody.describe(cause);
    return failed(request, noAnswer(request, problem, cause), null);
  }

  private Outcome answered(
      Request request,
      String what,
      HttpResponse<ResponseBody> response,
      ResponseBody.Excerpt excerpt) {
    int status = response.statusCode();
    if (config.successStatuses().contains(status)) {
      return new Outcome(Then.succeeded().forJobs(request.jobIds()), null);
    }
    String retryAfter = response.headers().firstValue("Retry-After").orElse(null);
    StringBuilder message = new StringBuilder();
    message
        .append(request.subject())
        .append(": HTTP ")
        .append(status)
        .append(" from ")
        .append(what);
    if (retryAfter != null) {
      message.append(" (Retry-After: ").append(describeRetryAfter(retryAfter)).append(')');
    }
    if (excerpt.text().isBlank()) {
      message.append("; empty response");
    } else {
      // One line however the body was laid out (HTML error pages span many).
      message.append("; response: ").append(excerpt.text().strip().replaceAll("\\s+", " "));
      if (excerpt.cut()) {
        message.append("… (cut)");
      }
    }
    if (excerpt.problem() != null) {
      message.append(" [").append(excerpt.problem()).append(']');
    }
    boolean retry = config.retryStatuses().contains(status);
    boolean discard = !retry && config.discardStatuses().contains(status);
    if (!retry && !discard) {
      message.append(" [status in none of statuses.success, retry or discard: retried]");
    }
    HttpLoadException error =
        new HttpLoadException(message.toString(), status, retryAfter, excerpt.text(), null);
    if (discard) {
      return new Outcome(Then.discarded(error).forJobs(request.jobIds()), null);
    }
    String stop = null;
    if (status == 429 || retryAfter != null) {
      stop =
          config.origin()
              + " answered "
              + status
              + (retryAfter == null ? "" : " with Retry-After: " + describeRetryAfter(retryAfter))
              + " to "
              + request.subject();
    }
    return new Outcome(Then.failed(error).forJobs(request.jobIds()), stop);
  }

  /** {@code 30s}, or an HTTP date with how far it is from now. */
  String describeRetryAfter(String value) {
    String v = value.strip();
    if (v.matches("\\d{1,9}")) {
      return Values.show(Duration.ofSeconds(Long.parseLong(v)));
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration in = Duration.between(clock.instant(), at.toInstant());
      return v
          + ", in "
          + (in.isNegative() ? "0s" : Values.show(Duration.ofSeconds(in.toSeconds())));
    } catch (DateTimeParseException e) {
      return v.length() > 64 ? v.substring(0, 64) + "…" : v;
    }
  }

  private int readLimit() {
    return Math.max(DRAIN_LIMIT, config.responseExcerptBytes());
  }

  private static HttpLoadException noAnswer(Request request, String problem, Throwable cause) {
    return HttpLoadException.noAnswer(request.subject() + ": " + problem, cause);
  }

  static HttpLoadException notSent(String reason) {
    return HttpLoadException.noAnswer("not sent: " + reason + "; retried on schedule", null);
  }

  private static Outcome failed(Request request, HttpLoadException error, @Nullable String stop) {
    return new Outcome(Then.failed(error).forJobs(request.jobIds()), stop);
  }

  @Override
  public void close() {
    client.shutdownNow();
    executor.shutdownNow();
  }

  private static String version() {
    try (InputStream in = Sender.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "dev";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "dev");
      return v.startsWith("${") ? "dev" : v;
    } catch (IOException e) {
      return "dev";
    }
  }
}
