/**
 * A test kit for the authors of sources, flows and destinations: run an action's {@code marshal}
 * and {@code load} as the scheduler would, and a trigger's {@code extract}, in a plain unit test.
 *
 * <ul>
 *   <li>{@link dev.blacksmith.testkit.authoring.ActionHarness} marshals events into jobs, loads
 *       queues of them and decides each job's outcome from the reported {@link
 *       dev.blacksmith.destination.Then}s with the platform's rules, in a {@link
 *       dev.blacksmith.testkit.authoring.LoadResult}.
 *   <li>{@link dev.blacksmith.testkit.authoring.Registrations} checks that a source or destination
 *       would be accepted at start-up.
 *   <li>{@link dev.blacksmith.testkit.authoring.HttpRequests}, {@link
 *       dev.blacksmith.testkit.authoring.RecordingNotifier} and {@link
 *       dev.blacksmith.testkit.authoring.Routing} feed triggers and follow their events to actions.
 *   <li>{@link dev.blacksmith.testkit.authoring.RecordingLogger} and {@link
 *       dev.blacksmith.testkit.authoring.SettableClock} stand in for the toolkit's logger and for
 *       time.
 * </ul>
 *
 * Use this module with test scope. Everything here is non-null unless documented otherwise.
 */
@NullMarked
package dev.blacksmith.testkit.authoring;

import org.jspecify.annotations.NullMarked;
