package dev.blacksmith.engine.internal;

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Job;
import dev.blacksmith.destination.Options;
import dev.blacksmith.destination.Toolkit;
import dev.blacksmith.engine.Accepted.Rejection;
import dev.blacksmith.json.Json;
import dev.blacksmith.spi.Ids;
import dev.blacksmith.spi.store.NewJob;
import dev.blacksmith.supervisor.Service;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * Turns an action instance carrying an event's data into a job: {@link Action#marshal}, then the
 * context and version fallbacks and checks. Used by the gateway for events and by the scheduler for
 * follow-up actions.
 */
public final class JobMarshaller {

  private final Registry registry;
  private final Logger logger;
  private final @Nullable Service service;
  private final EngineCounters counters;

  public JobMarshaller(
      Registry registry, Logger logger, @Nullable Service service, EngineCounters counters) {
    this.registry = registry;
    this.logger = logger;
    this.service = service;
    this.counters = counters;
  }

  /** A job, or why there is none. */
  public sealed interface Result permits Marshalled, Rejected {}

  public record Marshalled(NewJob job) implements Result {}

  public record Rejected(Rejection rejection) implements Result {}

  /**
   * Marshals {@code action} of {@code destinationName} for an event.
   *
   * @param eventContext the event's context JSON, applied when the job has none
   */
  public Result marshal(
      String destinationName,
      Action action,
      String eventId,
      String eventContext,
      @Nullable String parentJobId,
      Instant now) {
    String actionName = safeName(action);
    try (MDC.MDCCloseable e = MDC.putCloseable(LogFields.EVENT_ID, eventId);
        MDC.MDCCloseable d = MDC.putCloseable(LogFields.DESTINATION, destinationName);
        MDC.MDCCloseable a = MDC.putCloseable(LogFields.ACTION, actionName)) {
      return marshal(destinationName, actionName, action, eventId, eventContext, parentJobId, now);
    }
  }

  private Result marshal(
      String destinationName,
      String actionName,
      Action action,
      String eventId,
      String eventContext,
      @Nullable String parentJobId,
      Instant now) {
    Registry.RegisteredAction registered = registry.action(destinationName, actionName);
    if (registered == null) {
      return reject(
          destinationName,
          actionName,
          registry.destinations().containsKey(destinationName)
              ? "destination '" + destinationName + "' has no action '" + actionName + "'"
              : "no destination named '" + destinationName + "'",
          null);
    }
    String jobId = Ids.next();
    Job job;
    try (MDC.MDCCloseable j = MDC.putCloseable(LogFields.JOB_ID, jobId)) {
      job = action.marshal(new Toolkit(logger, service, eventId, jobId));
    } catch (Exception | LinkageError e) {
      return reject(destinationName, actionName, "marshal failed: " + describe(e), e);
    }
    if (job == null) {
      return reject(destinationName, actionName, "marshal returned no job", null);
    }
    String data;
    String context;
    try {
      data = Json.requireValid(job.data(), "job data");
      context =
          job.context() == null ? eventContext : Json.requireValid(job.context(), "job context");
    } catch (Json.JsonException e) {
      return reject(destinationName, actionName, e.getMessage(), null);
    }
    Options options = registered.destination().options();
    String version;
    try {
      version =
          Versions.resolve(
              "destination " + destinationName,
              options.versions(),
              options.defaultVersion(),
              job.version(),
              now,
              logger);
    } catch (Versions.UnknownVersionException e) {
      return reject(destinationName, actionName, e.getMessage(), null);
    }
    return new Marshalled(
        new NewJob(
            jobId,
            eventId,
            parentJobId,
            destinationName,
            actionName,
            version,
            context,
            data,
            now,
            now,
            Ids.next()));
  }

  /** Marshals each action of a list, collecting jobs and rejections. */
  public void marshalAll(
      String destinationName,
      List<Action> actions,
      String eventId,
      String eventContext,
      @Nullable String parentJobId,
      Instant now,
      List<NewJob> jobs,
      List<Rejection> rejected) {
    for (Action action : actions) {
      switch (marshal(destinationName, action, eventId, eventContext, parentJobId, now)) {
        case Marshalled m -> jobs.add(m.job());
        case Rejected r -> rejected.add(r.rejection());
      }
    }
  }

  private Rejected reject(
      String destination, String action, String message, @Nullable Throwable cause) {
    counters.marshalErrors.increment();
    if (cause != null) {
      logger.warn("no job for {}/{}: {}", destination, action, message, cause);
    } else {
      logger.warn("no job for {}/{}: {}", destination, action, message);
    }
    return new Rejected(new Rejection(destination, action, message));
  }

  private static String safeName(Action action) {
    try {
      String name = action.name();
      return name == null ? action.getClass().getSimpleName() : name;
    } catch (RuntimeException e) {
      return action.getClass().getSimpleName();
    }
  }

  static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
