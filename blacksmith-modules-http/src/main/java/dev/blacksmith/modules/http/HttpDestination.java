package dev.blacksmith.modules.http;

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Destination;
import dev.blacksmith.destination.Options;
import dev.blacksmith.destination.Then;
import dev.blacksmith.destination.ThenSink;
import dev.blacksmith.destination.Toolkit;
import dev.blacksmith.destination.WithHooks;
import dev.blacksmith.json.Json;
import dev.blacksmith.modules.http.Requests.Request;
import dev.blacksmith.store.Queue;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Destination {@code http}: sends jobs to an HTTP endpoint or webhook as JSON.
 *
 * <ul>
 *   <li>Action {@code send}: one request per job. Its body is the job's data (or its {@code job}
 *       envelope), its {@code Idempotency-Key} header the job's id.
 *   <li>Action {@code batch}: one request per batch of up to {@code batch.max_size} jobs and {@code
 *       batch.max_bytes} bytes, whose body is a JSON array of {@code {"id": <job id>, "data":
 *       <data>}} (or of {@code job} envelopes) and whose {@code Idempotency-Key} is derived from
 *       its job ids. A request's answer decides all its jobs.
 * </ul>
 *
 * <p>An answer in {@code statuses.success} (2xx) succeeds the jobs. One in {@code statuses.retry}
 * (408, 429, 5xx), or any status in no list, fails them for a retry one {@code schedule.interval}
 * later; one in {@code statuses.discard} (other 4xx) discards them. No answer (refused, reset,
 * timed out) fails them. The stored error names the status, the {@code Retry-After} header and the
 * start of the response body. After a {@code 429}, a {@code Retry-After}, or an endpoint that
 * cannot be reached, the rest of the load is not sent: those jobs fail without a request and are
 * retried on schedule.
 *
 * <p>Up to {@code concurrency} requests are in flight per load, each on a virtual thread. Every
 * request is bounded by {@code timeouts.request} (response body included) and every load by {@code
 * timeouts.load}. The HTTP client is created by {@link #init} and closed by {@link #shutdown}.
 *
 * <pre>{@code
 * HttpDestination webhook = new HttpDestination(
 *     HttpDestinationConfig.builder("https://hooks.example.com/orders")
 *         .name("orders-hook")
 *         .header("Authorization", "Bearer " + System.getenv("HOOK_TOKEN"))
 *         .build());
 * options.destination(webhook);
 * // in a flow:
 * Actions.of("orders-hook", HttpDestination.send(order));
 * }</pre>
 */
public final class HttpDestination implements Destination, WithHooks {

  /** The default name of an HTTP destination. */
  public static final String NAME = HttpDestinationConfig.DEFAULT_NAME;

  /** The action sending one request per job. */
  public static final String SEND = "send";

  /** The action sending batches of jobs as JSON arrays. */
  public static final String BATCH = "batch";

  private final HttpDestinationConfig config;
  private final Clock clock;
  private final Requests requests;
  private final Map<String, Action> actions;
  private volatile @Nullable Sender sender;

  /** A destination with {@code config}, reading {@code Retry-After} dates on the system clock. */
  public HttpDestination(HttpDestinationConfig config) {
    this(config, Clock.systemUTC());
  }

  /** A destination with {@code config}, reading {@code Retry-After} dates on {@code clock}. */
  public HttpDestination(HttpDestinationConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.requests = new Requests(config);
    Map<String, Action> registered = new LinkedHashMap<>();
    registered.put(SEND, new HttpAction(SEND, this));
    registered.put(BATCH, new HttpAction(BATCH, this));
    this.actions = java.util.Collections.unmodifiableMap(registered);
  }

  /**
   * The HTTP destinations configured by environment variables and the YAML file they name; see
   * {@link HttpDestinationConfig#fromEnvironment(Map)}. Register them all with {@code
   * options.destination(HttpDestination.fromEnvironment(System.getenv()).toArray(new
   * Destination[0]))}.
   *
   * @throws HttpConfigException naming the variable or YAML setting at fault
   */
  public static List<HttpDestination> fromEnvironment(Map<String, String> env) {
    return HttpDestinationConfig.fromEnvironment(env).stream().map(HttpDestination::new).toList();
  }

  /** An action sending {@code data}, written as JSON, in a request of its own. */
  public static Action send(Object data) {
    return HttpAction.carrying(SEND, data);
  }

  /**
   * An action sending the JSON text {@code json} as it is, in a request of its own.
   *
   * @throws dev.blacksmith.json.Json.JsonException when it is not JSON
   */
  public static Action sendJson(String json) {
    return new HttpAction(SEND, Json.requireValid(json, "the data of an HTTP job"));
  }

  /** An action sending {@code data}, written as JSON, in a batch with other jobs. */
  public static Action batch(Object data) {
    return HttpAction.carrying(BATCH, data);
  }

  /**
   * An action sending the JSON text {@code json} as it is, in a batch with other jobs.
   *
   * @throws dev.blacksmith.json.Json.JsonException when it is not JSON
   */
  public static Action batchJson(String json) {
    return new HttpAction(BATCH, Json.requireValid(json, "the data of an HTTP job"));
  }

  /** This destination's settings. */
  public HttpDestinationConfig config() {
    return config;
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public Options options() {
    return Options.builder().defaultSchedule(config.schedule()).build();
  }

  @Override
  public Map<String, Action> actions() {
    return actions;
  }

  @Override
  public void init(Toolkit toolkit) {
    Sender previous = sender;
    sender = new Sender(config, clock);
    if (previous != null) {
      previous.close();
    }
    toolkit
        .logger()
        .info(
            "destination {} sends to {} {}",
            config.name(),
            config.method(),
            HttpDestinationConfig.maskedUrl(config.url()));
  }

  @Override
  public void shutdown(Toolkit toolkit) {
    Sender s = sender;
    sender = null;
    if (s != null) {
      s.close();
    }
  }

  /**
   * Loads a queue: plans its requests, sends them with at most {@code concurrency} in flight, and
   * reports each request's outcome for its jobs as soon as it is known.
   */
  void load(boolean batch, Toolkit toolkit, Queue queue, ThenSink then)
      throws InterruptedException {
    Sender s = sender;
    if (s == null) {
      throw new IllegalStateException(
          "destination " + config.name() + " is not initialised (init was not called)");
    }
    long loadDeadline = System.nanoTime() + config.loadTimeout().toNanos();
    Requests.Cursor cursor = requests.plan(queue, batch);
    Consumer<Requests.Unsendable> unsendable =
        u ->
            then.send(
                Then.discarded(HttpLoadException.noAnswer(u.problem(), null)).forJobs(u.jobId()));
    AtomicReference<String> stop = new AtomicReference<>();
    Semaphore inFlight = new Semaphore(config.concurrency());
    ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    try {
      while (true) {
        // A permit first, so at most `concurrency` bodies exist at once.
        inFlight.acquire();
        String reason = stop.get();
        if (reason == null && System.nanoTime() - loadDeadline >= 0) {
          reason =
              "the load's time budget ran out (timeouts.load = "
                  + Values.show(config.loadTimeout())
                  + ")";
        }
        if (reason != null) {
          inFlight.release();
          List<String> rest = cursor.rest();
          if (!rest.isEmpty()) {
            toolkit
                .logger()
                .warn(
                    "destination {}: {} jobs not sent in this load: {}",
                    config.name(),
                    rest.size(),
                    reason);
            then.send(Then.failed(Sender.notSent(reason)).forJobs(rest));
          }
          break;
        }
        Request request = cursor.next(unsendable);
        if (request == null) {
          inFlight.release();
          break;
        }
        workers.execute(() -> sendOne(s, request, loadDeadline, stop, then, toolkit, inFlight));
      }
    } catch (InterruptedException e) {
      List<String> rest = cursor.rest();
      if (!rest.isEmpty()) {
        then.send(Then.failed(Sender.notSent("the scheduler is stopping")).forJobs(rest));
      }
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    } finally {
      // Waits for the requests in flight, each bounded by its own deadline.
      workers.close();
    }
  }

  private void sendOne(
      Sender s,
      Request request,
      long loadDeadline,
      AtomicReference<String> stop,
      ThenSink then,
      Toolkit toolkit,
      Semaphore inFlight) {
    try {
      Sender.Outcome outcome = s.send(request, loadDeadline);
      if (outcome.stop() != null) {
        stop.compareAndSet(null, outcome.stop());
      }
      then.send(outcome.then());
    } catch (InterruptedException e) {
      then.send(
          Then.failed(
                  HttpLoadException.noAnswer(
                      request.subject() + ": interrupted: the scheduler is stopping", e))
              .forJobs(request.jobIds()));
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      toolkit
          .logger()
          .warn("destination {}: sending {} failed", config.name(), request.subject(), e);
      then.send(Then.failed(e).forJobs(request.jobIds()));
    } finally {
      inFlight.release();
    }
  }

  /** The destination with its masked settings. */
  @Override
  public String toString() {
    return "HttpDestination" + config.describe();
  }
}
