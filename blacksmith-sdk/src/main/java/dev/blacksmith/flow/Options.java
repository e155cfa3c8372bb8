package dev.blacksmith.flow;

/**
 * The options of a flow.
 *
 * @param enabled whether the flow runs; {@code false} by default
 */
public record Options(boolean enabled) {

  public static final Options DISABLED = new Options(false);
  public static final Options ENABLED = new Options(true);
}
