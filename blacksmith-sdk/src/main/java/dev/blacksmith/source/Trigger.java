package dev.blacksmith.source;

/**
 * One way a source receives events. Implement exactly one of {@link HttpTrigger}, {@link
 * CronTrigger}, {@link CdcTrigger} or {@link SubscriptionTrigger}.
 */
public sealed interface Trigger permits HttpTrigger, CronTrigger, CdcTrigger, SubscriptionTrigger {

  /** The name of this trigger within its source. */
  String name();

  /** How this trigger receives events. */
  Mode mode();
}
