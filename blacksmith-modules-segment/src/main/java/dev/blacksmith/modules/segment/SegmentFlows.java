package dev.blacksmith.modules.segment;

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Actions;
import dev.blacksmith.flow.Flow;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Maps Segment calls to destination actions: each rule picks calls by type (and track calls by
 * event name) and says which actions they go to. The source gives every call one flow per rule it
 * matches, so a rule that fails (its mapping throws) voids its own jobs only.
 *
 * <pre>{@code
 * SegmentFlows flows = SegmentFlows.builder()
 *     // Java: any action of any destination, built from the call.
 *     .onTrack("Order Completed", call -> Actions.of("crm", new Crm.Upsert(contactOf(call))))
 *     // Configuration: the call itself, as the job's data, to an action by name.
 *     .forward("warehouse", "run-operation", CallType.IDENTIFY, CallType.GROUP)
 *     .build();
 * }</pre>
 *
 * <p>Rules are enabled by default; {@link Builder#enabled(boolean) enabled(false)} ships them
 * switched off (their flows are disabled and create no jobs).
 */
public final class SegmentFlows {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
  private static final SegmentFlows NONE = new SegmentFlows(List.of(), true);

  /** Turns a call into the actions to run for it. */
  @FunctionalInterface
  public interface Mapping {
    /**
     * The actions for {@code call}; {@link Actions#none()} for none.
     *
     * @throws Exception to create no job from this rule for this call; the gateway logs it and
     *     reports it in its answer
     */
    Actions map(SegmentCall call) throws Exception;
  }

  private final List<Rule> rules;
  private final boolean enabled;

  private SegmentFlows(List<Rule> rules, boolean enabled) {
    this.rules = List.copyOf(rules);
    this.enabled = enabled;
  }

  /** No rules: calls are stored and go nowhere. */
  public static SegmentFlows none() {
    return NONE;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * An action named {@code action} whose job's data is {@code call} as JSON text, the job's context
   * the call's context, and its {@code sentAt} the call's. The destination's own action of that
   * name loads it, so it suits destinations that take any JSON document as job data.
   */
  public static Action forward(String action, SegmentCall call) {
    return new ForwardedCall(checkName("action", action), call.json(), call.clientTime());
  }

  /** Whether the flows of these rules create jobs. */
  public boolean enabled() {
    return enabled;
  }

  /** These rules, switched on or off. */
  public SegmentFlows withEnabled(boolean value) {
    return new SegmentFlows(rules, value);
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }

  /** A line per rule, such as {@code track[Order Completed] -> http/send}, for logs. */
  public List<String> describe() {
    return rules.stream().map(Rule::description).toList();
  }

  /** The flows {@code call} goes through: one per rule it matches. */
  List<Flow> flowsFor(SegmentCall call) {
    List<Flow> flows = new ArrayList<>(2);
    for (Rule rule : rules) {
      if (rule.matches(call)) {
        flows.add(new SegmentFlow(call, rule, enabled));
      }
    }
    return flows;
  }

  @Override
  public String toString() {
    return "SegmentFlows" + describe() + (enabled ? "" : " (disabled)");
  }

  /**
   * One mapping and the calls it takes.
   *
   * @param types the call types it takes; every type when empty
   * @param events the track events it takes; every event when empty
   */
  record Rule(Set<CallType> types, Set<String> events, Mapping mapping, String description) {
    Rule {
      types = Set.copyOf(types);
      events = Set.copyOf(events);
    }

    boolean matches(SegmentCall call) {
      if (!types.isEmpty() && !types.contains(call.type())) {
        return false;
      }
      return events.isEmpty() || events.contains(call.event());
    }
  }

  /** A forward rule's target, or {@code "code"} for a mapping written in Java. */
  private static String describe(Mapping mapping) {
    return mapping instanceof Forward ? mapping.toString() : "code";
  }

  private static String checkName(String what, String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          what + " name '" + name + "' is invalid: expected lower-case letters, digits, - and _");
    }
    return name;
  }

  /** Builds {@link SegmentFlows}; rules apply in the order they are added. */
  public static final class Builder {
    private final List<Rule> rules = new ArrayList<>();
    private boolean enabled = true;

    private Builder() {}

    /** Maps every call of {@code type} with {@code mapping}. */
    public Builder on(CallType type, Mapping mapping) {
      rules.add(
          new Rule(Set.of(type), Set.of(), mapping, type.value() + " -> " + describe(mapping)));
      return this;
    }

    /** Maps every call, of any type, with {@code mapping}. */
    public Builder onEveryCall(Mapping mapping) {
      rules.add(new Rule(Set.of(), Set.of(), mapping, "* -> " + describe(mapping)));
      return this;
    }

    /** Maps the track calls whose event is {@code event}, such as {@code "Order Completed"}. */
    public Builder onTrack(String event, Mapping mapping) {
      if (event.isBlank()) {
        throw new IllegalArgumentException("the event name of a track rule must not be blank");
      }
      rules.add(
          new Rule(
              Set.of(CallType.TRACK),
              Set.of(event),
              mapping,
              "track[" + event + "] -> " + describe(mapping)));
      return this;
    }

    /**
     * Sends calls of {@code types} (every type when none is given) to action {@code action} of
     * destination {@code destination}, the call itself being the job's data: see {@link
     * SegmentFlows#forward(String, SegmentCall)}.
     */
    public Builder forward(String destination, String action, CallType... types) {
      return forward(Set.of(types), Set.of(), destination, action);
    }

    /**
     * Sends calls of {@code types} (every type when empty) to {@code destination}/{@code action},
     * and of track calls only those whose event is in {@code events} (every event when empty).
     *
     * @throws IllegalArgumentException when a name is invalid, or {@code events} is given with
     *     types other than track
     */
    public Builder forward(
        Set<CallType> types, Set<String> events, String destination, String action) {
      checkName("destination", destination);
      checkName("action", action);
      Set<CallType> t = types.isEmpty() ? Set.of() : EnumSet.copyOf(types);
      if (!events.isEmpty()) {
        if (!t.isEmpty() && !t.equals(EnumSet.of(CallType.TRACK))) {
          throw new IllegalArgumentException(
              "events filter track calls only, but the rule for "
                  + destination
                  + "/"
                  + action
                  + " also takes "
                  + t);
        }
        t = EnumSet.of(CallType.TRACK);
        for (String e : events) {
          if (e == null || e.isBlank()) {
            throw new IllegalArgumentException("an event name of a rule must not be blank");
          }
        }
      }
      String description =
          (t.isEmpty() ? "*" : String.join(",", t.stream().map(CallType::value).toList()))
              + (events.isEmpty() ? "" : new LinkedHashSet<>(events).toString())
              + " -> "
              + destination
              + "/"
              + action;
      Mapping mapping = new Forward(destination, action);
      rules.add(new Rule(t, events, mapping, description));
      return this;
    }

    /** Whether the rules create jobs; {@code true} by default. */
    public Builder enabled(boolean value) {
      this.enabled = value;
      return this;
    }

    public SegmentFlows build() {
      return new SegmentFlows(rules, enabled);
    }
  }

  /** The mapping of a forward rule. */
  private record Forward(String destination, String action) implements Mapping {
    @Override
    public Actions map(SegmentCall call) {
      return Actions.of(destination, SegmentFlows.forward(action, call));
    }

    @Override
    public String toString() {
      return destination + "/" + action;
    }
  }
}
