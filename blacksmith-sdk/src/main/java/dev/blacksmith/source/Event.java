package dev.blacksmith.source;

import dev.blacksmith.destination.Actions;
import dev.blacksmith.flow.Flow;
import dev.blacksmith.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a trigger extracts: data, and where it goes.
 *
 * @param version the source version of this event, {@code null} for the source's default
 * @param context JSON text giving context; {@code null} stores {@code {}}
 * @param data JSON text; {@code null} stores {@code {}}
 * @param actions actions to run directly, by destination
 * @param flows flows the event goes through; only enabled flows create jobs
 * @param subEvents events stored as children of this one, each with its own jobs
 * @param sentAt when the client sent the event, if it says
 */
public record Event(
    @Nullable String version,
    @Nullable String context,
    @Nullable String data,
    Actions actions,
    List<Flow> flows,
    List<SubEvent> subEvents,
    @Nullable Instant sentAt) {

  public Event {
    flows = List.copyOf(flows);
    subEvents = List.copyOf(subEvents);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link Event}. */
  public static final class Builder {
    private @Nullable String version;
    private @Nullable String context;
    private @Nullable String data;
    private Actions actions = Actions.none();
    private final List<Flow> flows = new ArrayList<>();
    private final List<SubEvent> subEvents = new ArrayList<>();
    private @Nullable Instant sentAt;

    private Builder() {}

    public Builder version(String value) {
      this.version = value;
      return this;
    }

    /** Context as JSON text. */
    public Builder contextJson(String json) {
      this.context = json;
      return this;
    }

    /** Context written as JSON. */
    public Builder context(Object value) {
      this.context = Json.write(value);
      return this;
    }

    /** Data as JSON text. */
    public Builder dataJson(String json) {
      this.data = json;
      return this;
    }

    /** Data written as JSON. */
    public Builder data(Object value) {
      this.data = Json.write(value);
      return this;
    }

    public Builder actions(Actions value) {
      this.actions = value;
      return this;
    }

    public Builder flow(Flow... values) {
      flows.addAll(List.of(values));
      return this;
    }

    public Builder subEvent(SubEvent value) {
      subEvents.add(value);
      return this;
    }

    public Builder sentAt(Instant value) {
      this.sentAt = value;
      return this;
    }

    public Event build() {
      return new Event(version, context, data, actions, flows, subEvents, sentAt);
    }
  }
}
