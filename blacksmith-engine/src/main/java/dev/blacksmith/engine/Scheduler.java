package dev.blacksmith.engine;

import java.util.List;

/**
 * The scheduler service: claims due jobs, loads them into destinations and applies what the loads
 * report. Realtime actions run as soon as their jobs are committed; the others run on their
 * interval or CRON schedule. Every time comes from {@link Options#clock()}.
 */
public interface Scheduler {

  /**
   * Runs, now and in this thread, every action that has work due at the clock's current time, until
   * no due job is left, and returns how many jobs were loaded. Realtime actions are loaded when
   * they have due jobs; interval actions when their next run time has come. Tests drive the
   * scheduler with this and a settable clock instead of sleeping.
   */
  int runDue();

  /** The actions the scheduler runs, with their effective schedules. */
  List<ScheduledAction> actions();
}
