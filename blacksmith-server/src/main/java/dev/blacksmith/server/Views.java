package dev.blacksmith.server;

import dev.blacksmith.engine.Accepted;
import dev.blacksmith.store.Event;
import dev.blacksmith.store.Job;
import dev.blacksmith.store.Transition;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The JSON forms of what the HTTP services answer with. Stored JSON text (context, data, error)
 * becomes JSON trees, and statuses their lowercase values; property names become snake_case through
 * {@link Answers#MAPPER}.
 */
final class Views {

  private Views() {}

  record EventView(
      String id,
      String source,
      String trigger,
      @Nullable String version,
      @Nullable JsonNode context,
      @Nullable JsonNode data,
      List<JobView> jobs,
      @Nullable Instant sentAt,
      Instant receivedAt,
      Instant ingestedAt,
      @Nullable String parentEventId) {

    static EventView of(Event e) {
      return new EventView(
          e.id(),
          e.source(),
          e.trigger(),
          e.version(),
          Answers.tree(e.context()),
          Answers.tree(e.data()),
          e.jobs().stream().map(JobView::of).toList(),
          e.sentAt(),
          e.receivedAt(),
          e.ingestedAt(),
          e.parentEventId());
    }
  }

  record JobView(
      String id,
      String destination,
      String action,
      @Nullable String version,
      String status,
      int attempt,
      @Nullable JsonNode context,
      @Nullable JsonNode data,
      TransitionView transition,
      Instant createdAt,
      String eventId,
      @Nullable String parentJobId) {

    static JobView of(Job j) {
      return new JobView(
          j.id(),
          j.destination(),
          j.action(),
          j.version(),
          j.status().value(),
          j.attempt(),
          Answers.tree(j.context()),
          Answers.tree(j.data()),
          TransitionView.of(j.transition()),
          j.createdAt(),
          j.eventId(),
          j.parentJobId());
    }
  }

  record TransitionView(
      String id,
      int attempt,
      @Nullable String stateBefore,
      String stateAfter,
      @Nullable JsonNode error,
      Instant createdAt,
      String eventId,
      String jobId) {

    static TransitionView of(Transition t) {
      return new TransitionView(
          t.id(),
          t.attempt(),
          t.stateBefore() == null ? null : t.stateBefore().value(),
          t.stateAfter().value(),
          Answers.tree(t.error()),
          t.createdAt(),
          t.eventId(),
          t.jobId());
    }
  }

  /** What the gateway committed, without the event's data (shown apart when the route wants). */
  record AcceptedView(
      String eventId,
      List<String> jobIds,
      List<AcceptedView> subEvents,
      List<Accepted.Rejection> rejected) {

    static AcceptedView of(Accepted a) {
      return new AcceptedView(
          a.eventId(),
          a.jobIds(),
          a.subEvents().stream().map(AcceptedView::of).toList(),
          a.rejected());
    }
  }
}
