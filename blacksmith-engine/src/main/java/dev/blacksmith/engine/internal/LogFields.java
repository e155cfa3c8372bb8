package dev.blacksmith.engine.internal;

import dev.blacksmith.store.Job;
import java.util.List;
import java.util.stream.Collectors;

/** The MDC keys the engine sets, so structured logs can be filtered by event, job and action. */
public final class LogFields {

  public static final String EVENT_ID = "event_id";
  public static final String JOB_ID = "job_id";
  public static final String JOB_IDS = "job_ids";
  public static final String JOB_COUNT = "job_count";
  public static final String DESTINATION = "destination";
  public static final String ACTION = "action";
  public static final String SOURCE = "source";
  public static final String TRIGGER = "trigger";

  /** At most this many ids go in {@link #JOB_IDS}, so a 500-job load does not flood each line. */
  static final int MAX_IDS = 20;

  private LogFields() {}

  /** The ids of {@code jobs}, comma-separated, the first {@link #MAX_IDS} and "..." after. */
  static String ids(List<Job> jobs) {
    String ids = jobs.stream().limit(MAX_IDS).map(Job::id).collect(Collectors.joining(","));
    return jobs.size() > MAX_IDS ? ids + ",..." : ids;
  }
}
