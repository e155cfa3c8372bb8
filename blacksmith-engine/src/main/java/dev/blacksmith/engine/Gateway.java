package dev.blacksmith.engine;

import dev.blacksmith.source.Event;
import dev.blacksmith.source.HttpRequest;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The gateway service: turns what triggers extract into committed events and jobs.
 *
 * <p>The futures it returns complete once the event, its sub-events, their jobs and the jobs' first
 * transitions are committed in the store, and only then are realtime jobs announced to schedulers.
 * They complete exceptionally with:
 *
 * <ul>
 *   <li>{@link dev.blacksmith.source.ExtractException} for input the trigger or the platform
 *       refused (also an unknown source version): nothing is stored;
 *   <li>{@link OverloadedException} when the writer's queue is full: nothing is stored, try later;
 *   <li>anything else for a failure of the trigger or the store: nothing is stored.
 * </ul>
 */
public interface Gateway {

  /** The HTTP routes of every HTTP trigger, for the HTTP server to mount. */
  List<HttpEndpoint> endpoints();

  /** Runs an HTTP trigger's extract on {@code request}, then commits its event. */
  CompletableFuture<Accepted> handle(HttpEndpoint endpoint, HttpRequest request);

  /**
   * Commits an event extracted by the trigger {@code trigger} of {@code source} outside HTTP (CRON,
   * CDC, subscription, or code).
   */
  CompletableFuture<Accepted> ingest(String source, String trigger, Event event);
}
