/**
 * The records the store keeps and hands to {@link dev.blacksmith.destination.Action#load}: events,
 * their jobs and each job's append-only history of {@link dev.blacksmith.store.Transition
 * transitions} between {@link dev.blacksmith.store.Status statuses}.
 */
package dev.blacksmith.store;
