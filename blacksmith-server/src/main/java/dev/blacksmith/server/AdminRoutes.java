package dev.blacksmith.server;

import dev.blacksmith.server.Views.EventView;
import dev.blacksmith.server.Views.JobView;
import dev.blacksmith.server.Views.TransitionView;
import dev.blacksmith.source.ExtractException.Validation;
import dev.blacksmith.spi.store.Page;
import dev.blacksmith.spi.store.Purge;
import dev.blacksmith.spi.store.Query.EventFilter;
import dev.blacksmith.spi.store.Store;
import dev.blacksmith.store.Event;
import dev.blacksmith.store.Job;
import dev.blacksmith.store.Status;
import dev.blacksmith.store.Transition;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/** The read-only store routes of the admin API, under {@value #PREFIX}. */
final class AdminRoutes {

  static final String PREFIX = "/admin/api";

  private static final String SUCCESSFUL = "Successful";

  private final Supplier<Store> store;
  private final Function<Purge, CompletableFuture<Integer>> purger;
  private final Clock clock;

  private AdminRoutes(
      Supplier<Store> store, Function<Purge, CompletableFuture<Integer>> purger, Clock clock) {
    this.store = store;
    this.purger = purger;
    this.clock = clock;
  }

  static void mount(
      RoutesConfig routes,
      Supplier<Store> store,
      Function<Purge, CompletableFuture<Integer>> purger,
      Clock clock) {
    AdminRoutes admin = new AdminRoutes(store, purger, clock);
    routes.post(PREFIX + "/store/purge", admin::purge);
    routes.get(PREFIX + "/store/events", admin::events);
    routes.get(PREFIX + "/store/events/{id}", admin::event);
    routes.get(PREFIX + "/store/jobs", admin::jobs);
    routes.get(PREFIX + "/store/jobs/{id}", admin::job);
    routes.get(PREFIX + "/store/jobs/{id}/transitions", admin::transitions);
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
