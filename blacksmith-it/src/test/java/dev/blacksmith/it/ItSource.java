package dev.blacksmith.it;

import dev.blacksmith.source.Source;
import dev.blacksmith.source.Trigger;
import java.util.Map;

/** Source {@code it}: events arrive over HTTP only, through {@link EventsTrigger}. */
final class ItSource implements Source {

  private final Map<String, Trigger> triggers = Map.of(EventsTrigger.NAME, new EventsTrigger());

  @Override
  public String name() {
    return "it";
  }

  @Override
  public Map<String, Trigger> triggers() {
    return triggers;
  }
}
