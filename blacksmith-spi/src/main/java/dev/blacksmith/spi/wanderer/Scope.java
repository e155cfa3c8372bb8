package dev.blacksmith.spi.wanderer;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The component that owns a migration: a source, a trigger of a source, a destination or an action
 * of a destination. Each scope has its own migrations, run under its own supervisor lock {@link
 * #lockKey()}.
 *
 * <table>
 *   <caption>Scope forms</caption>
 *   <tr><th>Kind</th><th>Form</th><th>Short form</th></tr>
 *   <tr><td>source</td><td>{@code source:<s>}</td><td>{@code s:<s>}</td></tr>
 *   <tr><td>trigger</td><td>{@code source/trigger:<s>/<t>}</td><td>{@code st:<s>/<t>}</td></tr>
 *   <tr><td>destination</td><td>{@code destination:<d>}</td><td>{@code d:<d>}</td></tr>
 *   <tr><td>action</td><td>{@code destination/action:<d>/<a>}</td><td>{@code da:<d>/<a>}</td></tr>
 * </table>
 *
 * <p>The long form is the canonical one: it is what the wanderer stores and {@link #value()}
 * returns. A scope names exactly one component: {@code destination:warehouse} does not include the
 * migrations of the destination's actions. Names follow the platform's rule, {@code
 * [a-z0-9][a-z0-9_-]*}.
 *
 * @param kind which kind of component
 * @param owner the source or destination
 * @param component the trigger or action; {@code null} for a source or destination scope
 */
public record Scope(Kind kind, String owner, @Nullable String component) {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");

  /** The kinds of scope, with their long and short prefixes. */
  public enum Kind {
    /** A source's own migrations. */
    SOURCE("source", "s"),
    /** A trigger's migrations. */
    TRIGGER("source/trigger", "st"),
    /** A destination's own migrations. */
    DESTINATION("destination", "d"),
    /** An action's migrations. */
    ACTION("destination/action", "da");

    private final String prefix;
    private final String shortPrefix;

    Kind(String prefix, String shortPrefix) {
      this.prefix = prefix;
      this.shortPrefix = shortPrefix;
    }

    /** The long prefix, such as {@code "destination/action"}. */
    public String prefix() {
      return prefix;
    }

    /** The short prefix, such as {@code "da"}. */
    public String shortPrefix() {
      return shortPrefix;
    }

    /** Whether scopes of this kind name a trigger or an action under their owner. */
    public boolean isNested() {
      return this == TRIGGER || this == ACTION;
    }
  }

  /** Checks the names against the kind. */
  public Scope {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(owner, "owner");
    checkName(owner, kind == Kind.SOURCE || kind == Kind.TRIGGER ? "source" : "destination");
    if (kind.isNested()) {
      if (component == null) {
        throw new IllegalArgumentException(
            "a "
                + kind.prefix()
                + " scope needs a "
                + (kind == Kind.TRIGGER ? "trigger" : "action"));
      }
      checkName(component, kind == Kind.TRIGGER ? "trigger" : "action");
    } else if (component != null) {
      throw new IllegalArgumentException(
          "a " + kind.prefix() + " scope names no " + (kind == Kind.SOURCE ? "trigger" : "action"));
    }
  }

  /** The scope of source {@code source}'s own migrations. */
  public static Scope source(String source) {
    return new Scope(Kind.SOURCE, source, null);
  }

  /** The scope of trigger {@code trigger} of source {@code source}. */
  public static Scope trigger(String source, String trigger) {
    return new Scope(Kind.TRIGGER, source, trigger);
  }

  /** The scope of destination {@code destination}'s own migrations. */
  public static Scope destination(String destination) {
    return new Scope(Kind.DESTINATION, destination, null);
  }

  /** The scope of action {@code action} of destination {@code destination}. */
  public static Scope action(String destination, String action) {
    return new Scope(Kind.ACTION, destination, action);
  }

  /**
   * Reads a scope in its long or short form, such as {@code destination/action:warehouse/insert} or
   * {@code da:warehouse/insert}; surrounding blanks are ignored.
   *
   * @throws IllegalArgumentException saying which forms are accepted when {@code text} is none
   */
  public static Scope parse(String text) {
    String t = text.trim();
    int colon = t.indexOf(':');
    if (colon < 0) {
      throw invalid(text, "it has no kind");
    }
    String prefix = t.substring(0, colon).toLowerCase(Locale.ROOT);
    String names = t.substring(colon + 1);
    Kind kind = null;
    for (Kind k : Kind.values()) {
      if (k.prefix.equals(prefix) || k.shortPrefix.equals(prefix)) {
        kind = k;
      }
    }
    if (kind == null) {
      throw invalid(text, "unknown kind '" + prefix + "'");
    }
    try {
      if (kind.isNested()) {
        int slash = names.indexOf('/');
        if (slash < 0) {
          throw invalid(
              text,
              "a "
                  + kind.prefix
                  + " scope names "
                  + (kind == Kind.TRIGGER ? "<source>/<trigger>" : "<destination>/<action>"));
        }
        return new Scope(kind, names.substring(0, slash), names.substring(slash + 1));
      }
      return new Scope(kind, names, null);
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("invalid scope")) {
        throw e;
      }
      throw invalid(text, e.getMessage());
    }
  }

  /** The canonical form, such as {@code destination/action:warehouse/insert}. */
  public String value() {
    return kind.prefix + ":" + owner + (component == null ? "" : "/" + component);
  }

  /** The supervisor lock key of this scope, {@code migrations/<scope>}. */
  public String lockKey() {
    return "migrations/" + value();
  }

  @Override
  public String toString() {
    return value();
  }

  private static void checkName(String name, String what) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "the " + what + " name '" + name + "' must match [a-z0-9][a-z0-9_-]*");
    }
  }

  private static IllegalArgumentException invalid(String text, @Nullable String why) {
    String forms =
        Arrays.stream(Kind.values())
            .map(k -> k.prefix + ":" + example(k) + " (" + k.shortPrefix + ":)")
            .collect(Collectors.joining(", "));
    return new IllegalArgumentException(
        "invalid scope '" + text + "': " + why + "; expected one of " + forms);
  }

  private static String example(Kind kind) {
    return switch (kind) {
      case SOURCE -> "<source>";
      case TRIGGER -> "<source>/<trigger>";
      case DESTINATION -> "<destination>";
      case ACTION -> "<destination>/<action>";
    };
  }
}
