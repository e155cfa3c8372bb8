package dev.blacksmith.modules.segment;

import dev.blacksmith.destination.Actions;
import dev.blacksmith.flow.Flow;
import dev.blacksmith.flow.Options;
import dev.blacksmith.flow.Toolkit;

/**
 * The flow of one call through one rule of {@link SegmentFlows}.
 *
 * @param call the call it carries
 * @param rule the rule that picked it
 * @param enabled whether it creates jobs
 */
record SegmentFlow(SegmentCall call, SegmentFlows.Rule rule, boolean enabled) implements Flow {

  @Override
  public Options options() {
    return enabled ? Options.ENABLED : Options.DISABLED;
  }

  @Override
  public Actions transform(Toolkit toolkit) throws Exception {
    Actions actions = rule.mapping().map(call);
    return actions == null ? Actions.none() : actions;
  }
}
