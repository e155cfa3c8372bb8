/**
 * The development kit for destinations: the third-party services (analytics, marketing,
 * advertising, data warehousing, security scanning, webhooks, brokers) that receive events from
 * Blacksmith.
 *
 * <p>A {@link dev.blacksmith.destination.Destination} groups {@link
 * dev.blacksmith.destination.Action actions}. Each action <em>marshals</em> an event into a {@link
 * dev.blacksmith.destination.Job} when the gateway receives it, then <em>loads</em> queues of jobs
 * into the third-party service when the scheduler runs it, reporting the outcome with {@link
 * dev.blacksmith.destination.Then}. Everything here is non-null unless documented otherwise.
 */
package dev.blacksmith.destination;
