package dev.blacksmith.source;

/** How a trigger receives events. */
public enum Mode {
  /** An HTTP route on the gateway: {@link HttpTrigger}. */
  HTTP,
  /** A schedule, run on one instance at a time: {@link CronTrigger}. */
  CRON,
  /** A long-running change-data-capture loop, on one instance at a time: {@link CdcTrigger}. */
  CDC,
  /** Messages from a broker topic: {@link SubscriptionTrigger}. */
  SUBSCRIPTION
}
