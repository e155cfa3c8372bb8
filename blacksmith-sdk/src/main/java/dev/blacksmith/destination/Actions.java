package dev.blacksmith.destination;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Actions grouped by the name of their destination: what a flow or a trigger asks to run for an
 * event. Each action instance carries the event's data for its {@link Action#marshal}.
 */
public final class Actions {

  private static final Actions NONE = new Actions(Map.of());

  private final Map<String, List<Action>> byDestination;

  private Actions(Map<String, List<Action>> byDestination) {
    this.byDestination = byDestination;
  }

  /** No actions. */
  public static Actions none() {
    return NONE;
  }

  /** The given actions of one destination. */
  public static Actions of(String destination, Action... actions) {
    return builder().add(destination, actions).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The actions, by destination name, in the order they were added. */
  public Map<String, List<Action>> byDestination() {
    return byDestination;
  }

  public boolean isEmpty() {
    return byDestination.isEmpty();
  }

  @Override
  public String toString() {
    return "Actions" + byDestination;
  }

  /** Builds {@link Actions}. */
  public static final class Builder {
    private final Map<String, List<Action>> byDestination = new LinkedHashMap<>();

    private Builder() {}

    /** Adds actions to run on {@code destination}. */
    public Builder add(String destination, Action... actions) {
      List<Action> list = byDestination.computeIfAbsent(destination, d -> new ArrayList<>());
      Collections.addAll(list, actions);
      return this;
    }

    /** Adds every action of {@code other}. */
    public Builder addAll(Actions other) {
      other.byDestination.forEach((d, list) -> add(d, list.toArray(Action[]::new)));
      return this;
    }

    public Actions build() {
      Map<String, List<Action>> copy = new LinkedHashMap<>();
      byDestination.forEach((d, list) -> copy.put(d, List.copyOf(list)));
      return copy.isEmpty() ? NONE : new Actions(Collections.unmodifiableMap(copy));
    }
  }
}
