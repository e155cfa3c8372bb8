package dev.blacksmith.destination;

import dev.blacksmith.store.Queue;
import org.jspecify.annotations.Nullable;

/**
 * One thing a destination can do, such as {@code "identify"} or {@code "insert"}.
 *
 * <p>The same type plays two roles. The instances a trigger or a flow creates carry the data of one
 * event, and {@link #marshal} turns that data into a {@link Job} at the gateway. The instance
 * registered in {@link Destination#actions()} is the one the scheduler calls {@link #load} on, with
 * a queue of jobs for this action only.
 *
 * <p>Lifecycle, as the platform drives it:
 *
 * <ol>
 *   <li>{@link WithHooks#init} of the destination, then of the action, when the scheduler starts.
 *   <li>{@link #marshal} on the gateway, once per event routed to this action. An exception voids
 *       that job only: no job is created and the action never runs for that event.
 *   <li>{@link #load} on the scheduler, in realtime or on the action's schedule, with every due
 *       job.
 *   <li>{@link WithHooks#shutdown} of the action, then of the destination.
 * </ol>
 *
 * <p>Generate a new one with {@code blacksmith generate action --name <name> [--path <path>]
 * [--migrations]}.
 */
public interface Action {

  /** The string representation of the destination's action interface: {@value}. */
  String INTERFACE_ACTION = "destination/action";

  /** The name of this action within its destination, such as {@code "identify"}. */
  String name();

  /**
   * When this action runs. Returning {@code null} (the default) applies the destination's schedule;
   * unset fields fall back to the destination's, then to {@link Defaults#SCHEDULE}.
   */
  default @Nullable Schedule schedule() {
    return null;
  }

  /**
   * The "T" of ETL: turns the data this instance carries into a job. A job with a {@code null}
   * context gets the event's; one without a version gets the destination's default version.
   *
   * @throws Exception when the data cannot be transformed: no job is created for this action
   */
  Job marshal(Toolkit toolkit) throws Exception;

  /**
   * The "L" of ETL: loads a queue of jobs into the destination and reports what happened through
   * {@code then}.
   *
   * <p>The queue holds the events whose jobs are due for this action, and each event's jobs are
   * this action's only. Report one {@link Then} with no job ids to settle the whole queue at once
   * (batch loading), or one per job or group of jobs. A job never reported ends {@code unknown}. If
   * this method throws, every job not reported yet fails with that exception.
   *
   * @throws Exception to fail every job not reported yet
   */
  void load(Toolkit toolkit, Queue queue, ThenSink then) throws Exception;
}
