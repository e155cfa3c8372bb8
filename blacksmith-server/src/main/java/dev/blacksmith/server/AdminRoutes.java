package dev.blacksmith.server;

import dev.blacksmith.engine.Blacksmith;
import dev.blacksmith.server.Views.EventView;
import dev.blacksmith.server.Views.JobView;
import dev.blacksmith.server.Views.TransitionView;
import dev.blacksmith.source.ExtractException.Validation;
import dev.blacksmith.spi.store.Page;
import dev.blacksmith.spi.store.Purge;
import dev.blacksmith.spi.store.Query;
import dev.blacksmith.spi.store.Query.EventFilter;
import dev.blacksmith.spi.store.Query.JobFilter;
import dev.blacksmith.spi.store.Store;
import dev.blacksmith.spi.wanderer.Wanderer;
import dev.blacksmith.store.Event;
import dev.blacksmith.store.Job;
import dev.blacksmith.store.Status;
import dev.blacksmith.store.Transition;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The admin API, under {@value #PREFIX}: the store routes (events, jobs, transitions, purge), the
 * operator's retries and discards, and with a {@link Blacksmith} the application's catalog
 * (options, sources, destinations) and the OpenAPI document.
 */
final class AdminRoutes {

  static final String PREFIX = "/admin/api";

  /** Jobs retried per store call by the bulk retry. */
  static final int RETRY_CHUNK = 500;

  private static final String SUCCESSFUL = "Successful";

  /** A mounted route, as the OpenAPI document must describe it. */
  record Route(String method, String path) {}

  private final Supplier<Store> store;
  private final Function<Purge, CompletableFuture<Integer>> purger;
  private final Clock clock;

  private AdminRoutes(
      Supplier<Store> store, Function<Purge, CompletableFuture<Integer>> purger, Clock clock) {
    this.store = store;
    this.purger = purger;
    this.clock = clock;
  }

  /**
   * Mounts the store and operator routes.
   *
   * @return the routes mounted
   */
  static List<Route> mount(
      RoutesConfig routes,
      Supplier<Store> store,
      Function<Purge, CompletableFuture<Integer>> purger,
      Clock clock) {
    AdminRoutes admin = new AdminRoutes(store, purger, clock);
    List<Route> mounted = new ArrayList<>();
    post(routes, mounted, "/store/purge", admin::purge);
    get(routes, mounted, "/store/events", admin::events);
    get(routes, mounted, "/store/events/{id}", admin::event);
    get(routes, mounted, "/store/jobs", admin::jobs);
    post(routes, mounted, "/store/jobs/retry", admin::retryAll);
    get(routes, mounted, "/store/jobs/{id}", admin::job);
    get(routes, mounted, "/store/jobs/{id}/transitions", admin::transitions);
    post(routes, mounted, "/store/jobs/{id}/retry", admin::retry);
    post(routes, mounted, "/store/jobs/{id}/discard", admin::discard);
    return List.copyOf(mounted);
  }

  /**
   * Mounts the whole admin API of {@code blacksmith} with statistics sampled only when asked for;
   * see {@link #mount(RoutesConfig, Blacksmith, Stats)}.
   *
   * @return the routes mounted
   */
  static List<Route> mount(RoutesConfig routes, Blacksmith blacksmith) {
    return mount(
        routes,
        blacksmith,
        Stats.of(
            blacksmith.options().clock(), blacksmith::store, blacksmith.internals().counters()));
  }

  /**
   * Mounts the whole admin API of {@code blacksmith}: the store and operator routes, the catalog,
   * the statistics of the dashboard's overview from {@code stats}, and the OpenAPI document.
   *
   * @return the routes mounted
   */
  static List<Route> mount(RoutesConfig routes, Blacksmith blacksmith, Stats stats) {
    return mount(routes, blacksmith, stats, null);
  }

  /**
   * Mounts the whole admin API, with the migrations of {@code wanderer}; without one, the migration
   * routes answer 404 saying no wanderer is configured.
   *
   * @return the routes mounted
   */
  static List<Route> mount(
      RoutesConfig routes, Blacksmith blacksmith, Stats stats, @Nullable Wanderer wanderer) {
    List<Route> mounted =
        new ArrayList<>(
            mount(
                routes,
                blacksmith::store,
                blacksmith.internals().purger()::purgeAsync,
                blacksmith.options().clock()));
    AdminCatalogRoutes catalog = new AdminCatalogRoutes(blacksmith);
    get(routes, mounted, "/options", catalog::options);
    get(routes, mounted, "/sources", catalog::sources);
    get(routes, mounted, "/sources/{source}", catalog::source);
    get(routes, mounted, "/sources/{source}/triggers/{trigger}", catalog::trigger);
    get(routes, mounted, "/destinations", catalog::destinations);
    get(routes, mounted, "/destinations/{destination}", catalog::destination);
    get(routes, mounted, "/destinations/{destination}/actions/{action}", catalog::action);
    get(routes, mounted, "/stats", ctx -> stats(ctx, stats));
    mounted.addAll(
        WandererRoutes.mount(
            routes,
            () -> {
              if (wanderer == null) {
                throw new ApiException(
                    404,
                    "migrations are not available: this process runs no wanderer"
                        + " (blacksmith start opens one on the store's database)",
                    List.of());
              }
              return wanderer;
            }));
    get(routes, mounted, "/openapi.json", OpenApi::serve);
    return List.copyOf(mounted);
  }

  private static void get(RoutesConfig routes, List<Route> mounted, String path, Handler handler) {
    routes.get(PREFIX + path, handler);
    mounted.add(new Route("get", PREFIX + path));
  }

  private static void post(RoutesConfig routes, List<Route> mounted, String path, Handler handler) {
    routes.post(PREFIX + path, handler);
    mounted.add(new Route("post", PREFIX + path));
  }

  /** Retries one failed, discarded or unknown job: 200 with the job, 404 or 409. */
  private void retry(Context ctx) {
    act(ctx, Status.retryable(), "retried", s -> s.retry(List.of(ctx.pathParam("id")), now()));
  }

  /** Discards one acknowledged, failed or unknown job: 200 with the job, 404 or 409. */
  private void discard(Context ctx) {
    act(
        ctx,
        Status.discardable(),
        "discarded",
        s -> s.discard(List.of(ctx.pathParam("id")), now()));
  }

  private void act(
      Context ctx, Set<Status> allowed, String verb, Function<Store, Set<String>> action) {
    String id = ctx.pathParam("id");
    Store s = store.get();
    Job job = s.findJob(id).orElseThrow(() -> ApiException.notFound("job", id));
    if (!allowed.contains(job.status()) || operate(() -> action.apply(s)).isEmpty()) {
      // Re-read: the job may have moved between the read and the write.
      Status status = s.findJob(id).map(Job::status).orElse(job.status());
      throw conflict(id, status, allowed, verb);
    }
    one(ctx, JobView.of(s.findJob(id).orElseThrow(() -> ApiException.notFound("job", id))));
  }

  private static ApiException conflict(String id, Status status, Set<Status> allowed, String verb) {
    String expected =
        allowed.stream().map(Status::value).sorted().collect(Collectors.joining(", "));
    return new ApiException(
        409,
        Answers.reason(409),
        List.of(
            new Validation(
                "job '"
                    + id
                    + "' is "
                    + status.value()
                    + "; only jobs that are "
                    + expected
                    + " can be "
                    + verb,
                List.of("status"))));
  }

  /**
   * Retries every job matching the filters that is failed, discarded or unknown ({@code
   * jobs.status_in} may narrow these), {@value #RETRY_CHUNK} at a time; answers 200 with how many
   * were retried once all are.
   */
  private void retryAll(Context ctx) {
    AdminQuery q = AdminQuery.parse(ctx.queryParamMap());
    List<Validation> errors = new ArrayList<>();
    if (ctx.queryParamMap().containsKey("offset") || ctx.queryParamMap().containsKey("limit")) {
      errors.add(new Validation("a bulk retry is not paged", List.of("limit")));
    }
    Set<Status> statuses = q.query().jobs().statusIn();
    for (Status status : statuses) {
      if (!Status.retryable().contains(status)) {
        errors.add(
            new Validation(
                "jobs that are " + status.value() + " cannot be retried",
                List.of("jobs.status_in")));
      }
    }
    if (!errors.isEmpty()) {
      throw new ApiException(400, Answers.reason(400), errors);
    }
    if (statuses.isEmpty()) {
      statuses = Status.retryable();
    }
    JobFilter f = q.query().jobs();
    JobFilter filter =
        new JobFilter(
            f.destinationsIn(),
            f.destinationsNotIn(),
            f.actionsIn(),
            f.actionsNotIn(),
            statuses,
            f.statusNotIn(),
            f.minAttempts(),
            f.maxAttempts(),
            null);
    Query query = new Query(q.query().events(), filter, 0, RETRY_CHUNK);
    Store s = store.get();
    Instant now = now();
    long total = s.findJobs(query.withPage(0, 1)).count();
    Set<String> retried = new HashSet<>();
    // Retried jobs leave the filter, so the page stays at the start; only jobs left in place
    // (moved meanwhile, or retried and failed again during this request) push it on.
    int offset = 0;
    long seen = 0;
    while (seen < total + RETRY_CHUNK) {
      List<Job> page = s.findJobs(query.withPage(offset, RETRY_CHUNK)).items();
      if (page.isEmpty()) {
        break;
      }
      seen += page.size();
      List<String> ids = page.stream().map(Job::id).filter(id -> !retried.contains(id)).toList();
      Set<String> changed = ids.isEmpty() ? Set.of() : operate(() -> s.retry(ids, now));
      retried.addAll(changed);
      offset += page.size() - changed.size();
    }
    Map<String, Object> body = Answers.envelope(200, SUCCESSFUL);
    Map<String, Object> where = new LinkedHashMap<>(q.where());
    where.remove(AdminQuery.OFFSET);
    where.remove(AdminQuery.LIMIT);
    where.put("jobs.status_in", statuses.stream().map(Status::value).sorted().toList());
    body.put("meta", Map.of("where", where));
    body.put("data", Map.of("retried", retried.size()));
    Answers.send(ctx, 200, body);
  }

  private Instant now() {
    return clock.instant();
  }

  /** Runs an operator action, answering 501 when the store has none. */
  private static Set<String> operate(Supplier<Set<String>> action) {
    try {
      return action.get();
    } catch (UnsupportedOperationException e) {
      throw new ApiException(
          501,
          Answers.reason(501),
          List.of(new Validation(String.valueOf(e.getMessage()), List.of("store"))));
    }
  }

  /**
   * Starts a purge and answers {@code 202} at once: events matching the {@code events.*} filters,
   * received before {@code events.received_before} (default: now), whose jobs are all in {@code
   * jobs.status_in} (default: succeeded), are deleted in the background with their jobs and
   * transitions.
   */
  private void purge(Context ctx) {
    AdminQuery q = AdminQuery.parse(ctx.queryParamMap());
    List<Validation> errors = new ArrayList<>();
    for (String key : ctx.queryParamMap().keySet()) {
      if (key.startsWith("jobs.") && !key.equals("jobs.status_in")) {
        errors.add(
            new Validation(
                "a purge takes the events.* filters and jobs.status_in only", List.of(key)));
      }
    }
    if (ctx.queryParamMap().containsKey("offset") || ctx.queryParamMap().containsKey("limit")) {
      errors.add(new Validation("a purge is not paged", List.of("limit")));
    }
    if (!errors.isEmpty()) {
      throw new ApiException(400, Answers.reason(400), errors);
    }
    EventFilter events = q.query().events();
    Instant before = events.receivedBefore() == null ? clock.instant() : events.receivedBefore();
    Set<Status> statuses =
        q.query().jobs().statusIn().isEmpty()
            ? Set.of(Status.SUCCEEDED)
            : q.query().jobs().statusIn();
    Purge purge = new Purge(events, statuses, before, 1000);
    CompletableFuture<Integer> unused = purger.apply(purge);
    Map<String, Object> answer = Answers.envelope(202, "Accepted");
    Map<String, Object> where = new LinkedHashMap<>(q.where());
    where.putIfAbsent("events.received_before", before.toString());
    where.putIfAbsent("jobs.status_in", statuses.stream().map(Status::value).sorted().toList());
    answer.put("meta", Map.of("where", where));
    Answers.send(ctx, 202, answer);
  }

  /** Job counts by status now, this process's totals, and their history over the last hour. */
  private static void stats(Context ctx, Stats stats) {
    if (!ctx.queryParamMap().isEmpty()) {
      List<Validation> errors = new ArrayList<>();
      ctx.queryParamMap()
          .keySet()
          .forEach(k ->
              errors.add(
                  new Validation(
                      "unknown parameter '" + k + "'; the statistics take none", List.of(k))));
      throw new ApiException(400, Answers.reason(400), errors);
    }
    Map<String, Object> data = stats.view();
    Map<String, Object> body = Answers.envelope(200, SUCCESSFUL);
    body.put("meta", stats.meta());
    body.put("data", data);
    Answers.send(ctx, 200, body);
  }

  private void events(Context ctx) {
    AdminQuery q = AdminQuery.parse(ctx.queryParamMap());
    Page<Event> page = store.get().findEvents(q.query());
    list(ctx, q, page.count(), page.items().stream().map(EventView::of).toList());
  }

  private void event(Context ctx) {
    String id = ctx.pathParam("id");
    Event event = store.get().findEvent(id).orElseThrow(() -> ApiException.notFound("event", id));
    one(ctx, EventView.of(event));
  }

  private void jobs(Context ctx) {
    AdminQuery q = AdminQuery.parse(ctx.queryParamMap());
    Page<Job> page = store.get().findJobs(q.query());
    list(ctx, q, page.count(), page.items().stream().map(JobView::of).toList());
  }

  private void job(Context ctx) {
    String id = ctx.pathParam("id");
    Job job = store.get().findJob(id).orElseThrow(() -> ApiException.notFound("job", id));
    one(ctx, JobView.of(job));
  }

  private void transitions(Context ctx) {
    String id = ctx.pathParam("id");
    AdminQuery q = AdminQuery.parsePaging(ctx.queryParamMap());
    Store s = store.get();
    if (s.findJob(id).isEmpty()) {
      throw ApiException.notFound("job", id);
    }
    // A job has a handful of transitions, so paging them in memory is fine.
    List<Transition> all = s.findTransitions(id);
    int from = (int) Math.min(all.size(), (long) q.query().offset());
    int to = (int) Math.min(all.size(), (long) from + q.query().limit());
    Map<String, Object> where = new LinkedHashMap<>();
    where.put("job_id", id);
    where.putAll(q.where());
    AdminQuery scoped = new AdminQuery(q.query(), where);
    list(ctx, scoped, all.size(), all.subList(from, to).stream().map(TransitionView::of).toList());
  }

  private static void list(Context ctx, AdminQuery q, long count, List<?> items) {
    Map<String, Object> body = Answers.envelope(200, SUCCESSFUL);
    body.put("meta", q.meta(count));
    body.put("data", items);
    Answers.send(ctx, 200, body);
  }

  private static void one(Context ctx, Object item) {
    Map<String, Object> body = Answers.envelope(200, SUCCESSFUL);
    body.put("data", item);
    Answers.send(ctx, 200, body);
  }
}
