package dev.blacksmith.engine.internal;

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Actions;
import dev.blacksmith.engine.Accepted;
import dev.blacksmith.engine.Accepted.Rejection;
import dev.blacksmith.flow.Flow;
import dev.blacksmith.json.Json;
import dev.blacksmith.source.Event;
import dev.blacksmith.source.ExtractException;
import dev.blacksmith.source.Source;
import dev.blacksmith.source.SubEvent;
import dev.blacksmith.spi.Ids;
import dev.blacksmith.spi.store.NewEvent;
import dev.blacksmith.spi.store.NewJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Turns what a trigger extracted into events ready to commit: ids, version, context, and jobs from
 * {@link Event#actions()} and from every <em>enabled</em> flow; sub-events become child events.
 */
final class EventBuilder {

  private final JobMarshaller marshaller;
  private final Logger logger;

  EventBuilder(JobMarshaller marshaller, Logger logger) {
    this.marshaller = marshaller;
    this.logger = logger;
  }

  /** The events to insert (parent first) and the answer to give once they are committed. */
  record Built(List<NewEvent> events, Accepted accepted) {
    int jobCount() {
      int n = 0;
      for (NewEvent e : events) {
        n += e.jobs().size();
      }
      return n;
    }
  }

  Built build(Source source, String trigger, Event event, Instant receivedAt)
      throws ExtractException {
    List<NewEvent> events = new ArrayList<>();
    String version = version(source, event.version(), receivedAt);
    String context = json(event.context(), "context");
    String data = json(event.data(), "data");
    String eventId = Ids.next();
    List<NewJob> jobs = new ArrayList<>();
    List<Rejection> rejected = new ArrayList<>();
    jobsFor(event.actions(), event.flows(), eventId, context, receivedAt, jobs, rejected);
    NewEvent parent =
        new NewEvent(
            eventId,
            source.name(),
            trigger,
            version,
            context,
            data,
            event.sentAt(),
            receivedAt,
            null,
            jobs);
    events.add(parent);
    List<Accepted> children = new ArrayList<>();
    for (SubEvent sub : event.subEvents()) {
      String childVersion =
          sub.version() == null ? version : version(source, sub.version(), receivedAt);
      String childContext =
          sub.context() == null ? context : json(sub.context(), "sub-event context");
      String childData = json(sub.data(), "sub-event data");
      String childId = Ids.next();
      List<NewJob> childJobs = new ArrayList<>();
      List<Rejection> childRejected = new ArrayList<>();
      jobsFor(
          sub.actions(), sub.flows(), childId, childContext, receivedAt, childJobs, childRejected);
      events.add(
          new NewEvent(
              childId,
              source.name(),
              trigger,
              childVersion,
              childContext,
              childData,
              sub.sentAt() == null ? event.sentAt() : sub.sentAt(),
              receivedAt,
              eventId,
              childJobs));
      children.add(new Accepted(childId, ids(childJobs), List.of(), childRejected, childData));
    }
    return new Built(events, new Accepted(eventId, ids(jobs), children, rejected, data));
  }

  private void jobsFor(
      Actions actions,
      List<Flow> flows,
      String eventId,
      String context,
      Instant now,
      List<NewJob> jobs,
      List<Rejection> rejected) {
    addAll(actions, eventId, context, now, jobs, rejected);
    for (Flow flow : flows) {
      if (!flow.options().enabled()) {
        continue;
      }
      Actions fromFlow;
      try {
        fromFlow = flow.transform(new dev.blacksmith.flow.Toolkit(logger));
      } catch (Exception e) {
        logger.warn("flow {} failed: {}", flow.getClass().getSimpleName(), e.getMessage(), e);
        rejected.add(
            new Rejection(
                "flow",
                flow.getClass().getSimpleName(),
                "transform failed: " + JobMarshaller.describe(e)));
        continue;
      }
      if (fromFlow != null) {
        addAll(fromFlow, eventId, context, now, jobs, rejected);
      }
    }
  }

  private void addAll(
      Actions actions,
      String eventId,
      String context,
      Instant now,
      List<NewJob> jobs,
      List<Rejection> rejected) {
    for (Map.Entry<String, List<Action>> e : actions.byDestination().entrySet()) {
      marshaller.marshalAll(e.getKey(), e.getValue(), eventId, context, null, now, jobs, rejected);
    }
  }

  private @Nullable String version(Source source, @Nullable String requested, Instant now)
      throws ExtractException {
    var options = source.options();
    try {
      return Versions.resolve(
          "source " + source.name(),
          options.versions(),
          options.defaultVersion(),
          requested,
          now,
          logger);
    } catch (Versions.UnknownVersionException e) {
      throw ExtractException.badRequest(e.getMessage(), "version");
    }
  }

  private static String json(@Nullable String text, String what) throws ExtractException {
    if (text == null) {
      return "{}";
    }
    try {
      return Json.requireValid(text, "event " + what);
    } catch (Json.NulCharacterException e) {
      // The request's fault, not the trigger's: what the client sent cannot be stored.
      throw ExtractException.badRequest(e.getMessage(), what);
    } catch (Json.JsonException e) {
      throw new ExtractException(
          500,
          "the trigger produced an invalid event",
          List.of(new ExtractException.Validation(e.getMessage(), List.of(what))));
    }
  }

  private static List<String> ids(List<NewJob> jobs) {
    return jobs.stream().map(NewJob::id).toList();
  }
}
