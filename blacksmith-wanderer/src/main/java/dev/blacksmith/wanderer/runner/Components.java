package dev.blacksmith.wanderer.runner;

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Destination;
import dev.blacksmith.source.Source;
import dev.blacksmith.source.Trigger;
import dev.blacksmith.spi.wanderer.Scope;
import dev.blacksmith.wanderer.WithMigrations;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The scopes of an application: every source, trigger, destination and action, in the application's
 * order (sources, each followed by its triggers by name, then destinations, each followed by its
 * actions by name), and which of them own migrations.
 */
final class Components {

  /**
   * One component of the application.
   *
   * @param scope its scope
   * @param component the source, trigger, destination or action itself
   * @param owner for a trigger or an action, its source or destination; {@code null} otherwise
   */
  record Component(Scope scope, Object component, @Nullable Object owner) {

    /** Whether it declares migrations. */
    boolean hasMigrations() {
      return component instanceof WithMigrations;
    }

    WithMigrations migrations() {
      return (WithMigrations) component;
    }

    /** The scope of the source or destination this component is, or belongs to. */
    Scope rootScope() {
      return switch (scope.kind()) {
        case SOURCE, TRIGGER -> Scope.source(scope.owner());
        case DESTINATION, ACTION -> Scope.destination(scope.owner());
      };
    }

    /** The source or destination whose hooks run first: the owner, or the component itself. */
    Object root() {
      return owner == null ? component : owner;
    }
  }

  private final Map<Scope, Component> byScope;

  private Components(Map<Scope, Component> byScope) {
    this.byScope = byScope;
  }

  /**
   * The components of {@code sources} and {@code destinations}.
   *
   * @throws IllegalArgumentException when a name is invalid or used twice
   */
  static Components of(List<Source> sources, List<Destination> destinations) {
    Map<Scope, Component> all = new LinkedHashMap<>();
    for (Source s : sources) {
      add(all, new Component(Scope.source(s.name()), s, null));
      List<Trigger> triggers = new ArrayList<>(s.triggers().values());
      triggers.sort(Comparator.comparing(Trigger::name));
      for (Trigger t : triggers) {
        add(all, new Component(Scope.trigger(s.name(), t.name()), t, s));
      }
    }
    for (Destination d : destinations) {
      add(all, new Component(Scope.destination(d.name()), d, null));
      List<Action> actions = new ArrayList<>(d.actions().values());
      actions.sort(Comparator.comparing(Action::name));
      for (Action a : actions) {
        add(all, new Component(Scope.action(d.name(), a.name()), a, d));
      }
    }
    return new Components(all);
  }

  private static void add(Map<Scope, Component> all, Component c) {
    if (all.putIfAbsent(c.scope(), c) != null) {
      throw new IllegalArgumentException("two components have the scope " + c.scope().value());
    }
  }

  /** Every component with migrations, in the application's order. */
  List<Component> withMigrations() {
    return byScope.values().stream().filter(Component::hasMigrations).toList();
  }

  /**
   * The components of {@code scopes}, in the application's order; every component with migrations
   * when {@code scopes} is empty.
   *
   * @throws IllegalArgumentException naming what exists when a scope names no component, or one
   *     without migrations
   */
  List<Component> select(List<Scope> scopes) {
    if (scopes.isEmpty()) {
      return withMigrations();
    }
    for (Scope scope : scopes) {
      require(scope);
    }
    return byScope.values().stream().filter(c -> scopes.contains(c.scope())).toList();
  }

  /**
   * The component of {@code scope}.
   *
   * @throws IllegalArgumentException naming what exists when there is none, or it has no migrations
   */
  Component require(Scope scope) {
    Component c = byScope.get(scope);
    if (c == null) {
      throw new IllegalArgumentException(
          "the application has no " + describeKind(scope) + "; " + listing());
    }
    if (!c.hasMigrations()) {
      throw new IllegalArgumentException(
          scope.value()
              + " has no migrations (it does not implement "
              + WithMigrations.class.getName()
              + "); "
              + listing());
    }
    return c;
  }

  private static String describeKind(Scope scope) {
    return switch (scope.kind()) {
      case SOURCE -> "source '" + scope.owner() + "'";
      case TRIGGER -> "trigger '" + scope.component() + "' in source '" + scope.owner() + "'";
      case DESTINATION -> "destination '" + scope.owner() + "'";
      case ACTION -> "action '" + scope.component() + "' in destination '" + scope.owner() + "'";
    };
  }

  private String listing() {
    List<Component> with = withMigrations();
    return with.isEmpty()
        ? "no component of the application has migrations"
        : "scopes with migrations: "
            + with.stream().map(c -> c.scope().value()).collect(Collectors.joining(", "));
  }
}
