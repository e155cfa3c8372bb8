package dev.blacksmith.server;

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Destination;
import dev.blacksmith.engine.Blacksmith;
import dev.blacksmith.engine.Options;
import dev.blacksmith.engine.PurgePolicy;
import dev.blacksmith.engine.ServiceKind;
import dev.blacksmith.engine.internal.Engine;
import dev.blacksmith.engine.internal.Registry.RegisteredAction;
import dev.blacksmith.source.CdcTrigger;
import dev.blacksmith.source.CronTrigger;
import dev.blacksmith.source.HttpTrigger;
import dev.blacksmith.source.Source;
import dev.blacksmith.source.SubscriptionTrigger;
import dev.blacksmith.source.Trigger;
import dev.blacksmith.spi.store.Query;
import dev.blacksmith.spi.store.Query.EventFilter;
import dev.blacksmith.spi.store.Query.JobFilter;
import dev.blacksmith.spi.supervisor.Lock;
import dev.blacksmith.store.Status;
import dev.blacksmith.supervisor.Service;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The admin routes describing the running application: its options (secrets masked), sources with
 * their triggers, destinations with their actions (effective schedule, lock status, counts of jobs
 * by status). Answers use the envelope with snake_case keys.
 */
final class AdminCatalogRoutes {

  private static final String SUCCESSFUL = "Successful";

  private final Blacksmith blacksmith;

  AdminCatalogRoutes(Blacksmith blacksmith) {
    this.blacksmith = blacksmith;
  }

  private Engine engine() {
    return blacksmith.internals();
  }

  void options(Context ctx) {
    Options o = blacksmith.options();
    Engine engine = engine();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("store", Map.of("name", blacksmith.store().name(), "url", mask(o.storeUrl())));
    Map<String, Object> pubsub = new LinkedHashMap<>();
    pubsub.put("name", o.pubsub() == null ? scheme(o.pubsubUrl()) : o.pubsub().name());
    pubsub.put("url", o.pubsub() == null ? mask(o.pubsubUrl()) : null);
    pubsub.put("topic", o.topic());
    data.put("pubsub", pubsub);
    Map<String, Object> supervisor = new LinkedHashMap<>();
    supervisor.put("name", engine.supervisor().name());
    supervisor.put("url", o.supervisorUrl() == null ? null : mask(o.supervisorUrl()));
    data.put("supervisor", supervisor);
    Map<String, Object> services = new LinkedHashMap<>();
    for (ServiceKind kind : ServiceKind.values()) {
      Service service = engine.service(kind);
      services.put(kind.value(), service == null ? null : service(service));
    }
    data.put("services", services);
    data.put("instances", safeServices().stream().map(AdminCatalogRoutes::service).toList());
    Map<String, Object> ports = new LinkedHashMap<>();
    ports.put("host", o.host());
    ports.put("gateway", o.gatewayPort());
    ports.put("scheduler", o.schedulerPort());
    data.put("ports", ports);
    Map<String, Object> tuning = new LinkedHashMap<>();
    tuning.put("max_body_bytes", o.maxBodyBytes());
    tuning.put("writer_max_events", o.writerMaxEvents());
    tuning.put("writer_max_delay", duration(o.writerMaxDelay()));
    tuning.put("writer_queue_capacity", o.writerQueueCapacity());
    tuning.put("claim_batch_size", o.claimBatchSize());
    tuning.put("lease_duration", duration(o.leaseDuration()));
    tuning.put("lock_lease", duration(o.lockLease()));
    tuning.put("sweep_interval", duration(o.sweepInterval()));
    tuning.put("shutdown_timeout", duration(o.shutdownTimeout()));
    data.put("tuning", tuning);
    data.put("purge_policies", o.purgePolicies().stream().map(AdminCatalogRoutes::policy).toList());
    one(ctx, data);
  }

  void sources(Context ctx) {
    List<Object> all = new ArrayList<>();
    for (Source s : engine().registry().sources().values()) {
      all.add(source(s));
    }
    list(ctx, all);
  }

  void source(Context ctx) {
    one(ctx, source(sourceNamed(ctx.pathParam("source"))));
  }

  void trigger(Context ctx) {
    Source source = sourceNamed(ctx.pathParam("source"));
    String name = ctx.pathParam("trigger");
    Trigger trigger = source.triggers().get(name);
    if (trigger == null) {
      throw ApiException.notFound("trigger", source.name() + "/" + name);
    }
    one(ctx, trigger(source, trigger, true));
  }

  void destinations(Context ctx) {
    List<Object> all = new ArrayList<>();
    for (Destination d : engine().registry().destinations().values()) {
      all.add(destination(d, false));
    }
    list(ctx, all);
  }

  void destination(Context ctx) {
    one(ctx, destination(destinationNamed(ctx.pathParam("destination")), true));
  }

  void action(Context ctx) {
    Destination destination = destinationNamed(ctx.pathParam("destination"));
    String name = ctx.pathParam("action");
    RegisteredAction action = engine().registry().action(destination.name(), name);
    if (action == null) {
      throw ApiException.notFound("action", destination.name() + "/" + name);
    }
    one(ctx, action(action, true));
  }

  private Source sourceNamed(String name) {
    Source source = engine().registry().sources().get(name);
    if (source == null) {
      throw ApiException.notFound("source", name);
    }
    return source;
  }

  private Destination destinationNamed(String name) {
    Destination destination = engine().registry().destinations().get(name);
    if (destination == null) {
      throw ApiException.notFound("destination", name);
    }
    return destination;
  }

  private Map<String, Object> source(Source s) {
    dev.blacksmith.source.Options options = s.options();
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", s.name());
    view.put("versions", versions(options.versions()));
    view.put("default_version", options.defaultVersion());
    view.put(
        "default_schedule",
        options.defaultSchedule() == null ? null : options.defaultSchedule().interval());
    List<Object> triggers = new ArrayList<>();
    // Lock status is looked up once per trigger route only: a list stays cheap.
    s.triggers().values().forEach(t -> triggers.add(trigger(s, t, false)));
    view.put("triggers", triggers);
    return view;
  }

  /** A trigger; {@code detailed} adds its lock (CRON and CDC triggers) and its event count. */
  private Map<String, Object> trigger(Source source, Trigger trigger, boolean detailed) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", trigger.name());
    view.put("source", source.name());
    view.put("mode", trigger.mode().name().toLowerCase(Locale.ROOT));
    switch (trigger) {
      case HttpTrigger http -> {
        Map<String, Object> route = new LinkedHashMap<>();
        route.put("methods", http.route().methods());
        route.put("path", http.route().path());
        route.put("show_meta", http.route().showMeta());
        route.put("show_data", http.route().showData());
        view.put("route", route);
      }
      case CronTrigger cron -> {
        dev.blacksmith.source.Schedule schedule = cron.schedule();
        if (schedule == null) {
          schedule = source.options().defaultSchedule();
        }
        view.put("schedule", schedule == null ? null : schedule.interval());
      }
      case SubscriptionTrigger sub ->
          view.put(
              "subscription",
              Map.of(
                  "topic", sub.subscription().topic(),
                  "subscription", sub.subscription().subscription()));
      case CdcTrigger cdc -> {
        // A CDC trigger has no settings beyond its lock.
      }
    }
    boolean locked = trigger instanceof CronTrigger || trigger instanceof CdcTrigger;
    if (detailed && locked) {
      view.put("lock", lock("triggers/" + source.name() + "/" + trigger.name()));
    }
    if (detailed) {
      EventFilter events =
          new EventFilter(
              Set.of(source.name()),
              Set.of(),
              Set.of(trigger.name()),
              Set.of(),
              Set.of(),
              Set.of(),
              null,
              null);
      view.put(
          "events", blacksmith.store().findEvents(new Query(events, JobFilter.NONE, 0, 1)).count());
    }
    return view;
  }

  private Map<String, Object> destination(Destination d, boolean withLocks) {
    dev.blacksmith.destination.Options options = d.options();
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", d.name());
    view.put("versions", versions(options.versions()));
    view.put("default_version", options.defaultVersion());
    view.put("default_schedule", schedule(options.defaultSchedule()));
    List<Object> actions = new ArrayList<>();
    for (Action a : d.actions().values()) {
      RegisteredAction registered = engine().registry().action(d.name(), a.name());
      if (registered != null) {
        actions.add(action(registered, withLocks));
      }
    }
    view.put("actions", actions);
    return view;
  }

  private Map<String, Object> action(RegisteredAction a, boolean detailed) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", a.actionName());
    view.put("destination", a.destinationName());
    view.put("schedule", schedule(a.schedule()));
    if (detailed) {
      view.put(
          "lock",
          a.realtime() ? null : lock("actions/" + a.destinationName() + "/" + a.actionName()));
      Map<String, Long> counts = counts(a);
      view.put("counts", counts);
      view.put("failing_rate", failingRate(counts));
    }
    return view;
  }

  /**
   * The share of the action's finished jobs whose latest attempt did not succeed: failed, discarded
   * or unknown among these and succeeded; null while none has finished. A failed job that later
   * succeeds counts as succeeded, so the rate falls as retries go through.
   */
  static @Nullable Double failingRate(Map<String, Long> counts) {
    long failing =
        counts.getOrDefault(Status.FAILED.value(), 0L)
            + counts.getOrDefault(Status.DISCARDED.value(), 0L)
            + counts.getOrDefault(Status.UNKNOWN.value(), 0L);
    long finished = failing + counts.getOrDefault(Status.SUCCEEDED.value(), 0L);
    return finished == 0 ? null : (double) failing / finished;
  }

  /** One count per status, each a store count of the action's jobs in that status. */
  private Map<String, Long> counts(RegisteredAction a) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Status status : Status.values()) {
      JobFilter filter =
          new JobFilter(
              Set.of(a.destinationName()),
              Set.of(),
              Set.of(a.actionName()),
              Set.of(),
              Set.of(status),
              Set.of(),
              null,
              null,
              null);
      counts.put(
          status.value(),
          blacksmith.store().findJobs(new Query(EventFilter.NONE, filter, 0, 1)).count());
    }
    return counts;
  }

  private Map<String, Object> lock(String key) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("key", key);
    Lock held = null;
    for (Lock lock : engine().supervisor().locks()) {
      if (lock.key().equals(key)) {
        held = lock;
      }
    }
    view.put("held", held != null);
    view.put("holder", held == null ? null : service(held.holder()));
    view.put("acquired_at", held == null ? null : held.acquiredAt().toString());
    view.put("expires_at", held == null ? null : held.expiresAt().toString());
    return view;
  }

  private List<Service> safeServices() {
    try {
      return engine().supervisor().services();
    } catch (RuntimeException e) {
      // The registry is informative; an unreachable supervisor must not fail the options page.
      return List.of();
    }
  }

  private static Map<String, Object> service(Service s) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", s.id());
    view.put("name", s.name());
    view.put("version", s.version());
    view.put("address", s.address());
    return view;
  }

  private static @Nullable Map<String, Object> schedule(
      dev.blacksmith.destination.@Nullable Schedule s) {
    if (s == null) {
      return null;
    }
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("realtime", s.realtime());
    view.put("interval", s.interval());
    view.put("max_retries", s.maxRetries());
    return view;
  }

  private static Map<String, Object> policy(PurgePolicy p) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", p.name());
    view.put("interval", p.interval());
    view.put("older_than", duration(p.olderThan()));
    view.put("all_jobs_in", p.allJobsIn().stream().map(Status::value).sorted().toList());
    EventFilter e = p.events();
    Map<String, Object> events = new LinkedHashMap<>();
    events.put("sources_in", sorted(e.sourcesIn()));
    events.put("sources_notin", sorted(e.sourcesNotIn()));
    events.put("triggers_in", sorted(e.triggersIn()));
    events.put("triggers_notin", sorted(e.triggersNotIn()));
    events.put("versions_in", sorted(e.versionsIn()));
    events.put("versions_notin", sorted(e.versionsNotIn()));
    view.put("events", events);
    return view;
  }

  private static List<String> sorted(Set<String> values) {
    return values.stream().sorted().toList();
  }

  /** Versions with their deprecation dates; {@code null} for a maintained version. */
  private static Map<String, @Nullable String> versions(Map<String, Instant> versions) {
    Map<String, @Nullable String> view = new TreeMap<>();
    versions.forEach((v, at) -> view.put(v, at.equals(Instant.EPOCH) ? null : at.toString()));
    return view;
  }

  private static String duration(Duration d) {
    return d.toString();
  }

  private static String scheme(String url) {
    int colon = url.indexOf(':');
    return colon < 0 ? url : url.substring(0, colon);
  }

  /** {@code url} with any password replaced by {@code ***}: user info and password parameters. */
  static String mask(String url) {
    return url.replaceAll("(://[^/:@?]*):[^@/?]*@", "$1:***@")
        .replaceAll("(?i)([?&](?:password|pass|secret|token)=)[^&]*", "$1***");
  }

  private static void list(Context ctx, List<?> items) {
    Map<String, Object> body = Answers.envelope(200, SUCCESSFUL);
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("count", items.size());
    body.put("meta", meta);
    body.put("data", items);
    Answers.send(ctx, 200, body);
  }

  private static void one(Context ctx, Object item) {
    Map<String, Object> body = Answers.envelope(200, SUCCESSFUL);
    body.put("data", item);
    Answers.send(ctx, 200, body);
  }
}
