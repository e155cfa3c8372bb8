package dev.blacksmith.server;

import dev.blacksmith.server.Views.EventView;
import dev.blacksmith.server.Views.JobView;
import dev.blacksmith.server.Views.TransitionView;
import dev.blacksmith.spi.store.Page;
import dev.blacksmith.spi.store.Store;
import dev.blacksmith.store.Event;
import dev.blacksmith.store.Job;
import dev.blacksmith.store.Transition;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The read-only store routes of the admin API, under {@value #PREFIX}. */
final class AdminRoutes {

  static final String PREFIX = "/admin/api";

  private static final String SUCCESSFUL = "Successful";

  private final Supplier<Store> store;

  private AdminRoutes(Supplier<Store> store) {
    this.store = store;
  }

  static void mount(RoutesConfig routes, Supplier<Store> store) {
    AdminRoutes admin = new AdminRoutes(store);
    routes.get(PREFIX + "/store/events", admin::events);
    routes.get(PREFIX + "/store/events/{id}", admin::event);
    routes.get(PREFIX + "/store/jobs", admin::jobs);
    routes.get(PREFIX + "/store/jobs/{id}", admin::job);
    routes.get(PREFIX + "/store/jobs/{id}/transitions", admin::transitions);
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
