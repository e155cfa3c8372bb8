package dev.blacksmith.testkit.authoring;

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Defaults;
import dev.blacksmith.destination.Destination;
import dev.blacksmith.destination.Options;
import dev.blacksmith.destination.Schedule;
import dev.blacksmith.destination.Then;
import dev.blacksmith.destination.Toolkit;
import dev.blacksmith.destination.WithHooks;
import dev.blacksmith.json.Json;
import dev.blacksmith.spi.Ids;
import dev.blacksmith.spi.LoadOutcomes;
import dev.blacksmith.store.Event;
import dev.blacksmith.store.Job;
import dev.blacksmith.store.Queue;
import dev.blacksmith.store.Status;
import dev.blacksmith.store.Transition;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Runs one destination action as Blacksmith would, without starting Blacksmith: {@link #marshal}
 * turns an action carrying an event's data into a job, {@link #load} hands a queue of jobs to the
 * registered action and decides each job's outcome from the {@link Then}s it reported.
 *
 * <pre>{@code
 * ActionHarness harness = ActionHarness.of(new CrmDestination(), "upsert");
 * Job job = harness.marshal(UpsertAction.withData("{\"email\":\"ada@example.com\"}"));
 * LoadResult result = harness.load(job);
 * assertThat(result.succeeded()).containsExactly(job.id());
 * }</pre>
 *
 * <p>The platform's rules apply: a job without context gets its event's, one without version its
 * destination's default version; an unknown version, a {@code null} job or data that is not JSON is
 * refused with a {@link JobRejectedException}. A load claims its jobs, so each load of a job is its
 * next attempt. A {@code Then} with no job ids settles every job no other {@code Then} named; a job
 * never reported is {@code unknown}; an exception from {@code load} fails every job it did not
 * report; an error discards a job when {@code forceDiscard} is set or when its attempt exceeds the
 * action's {@code maxRetries}, and fails it otherwise. Follow-up actions become jobs of the same
 * destination whose parent is the job.
 *
 * <p>The toolkit's logger is a {@link RecordingLogger}; time comes from a {@link SettableClock}
 * standing at {@link #T0} unless {@link #withClock} says otherwise. Not thread-safe, except that a
 * load may report from several threads.
 */
public final class ActionHarness {

  /** Where the default clock stands: {@code 2030-01-01T00:00:00Z}. */
  public static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  /** The destination name of jobs marshalled by a harness of an action without its destination. */
  public static final String NO_DESTINATION = "test";

  /** The source and trigger of the events built around marshalled jobs. */
  public static final String SOURCE = "test";

  private final @Nullable Destination destination;
  private final String destinationName;
  private final Action action;
  private final String actionName;
  private final Schedule schedule;
  private final Shared shared;

  /** What the harnesses of one destination share: time, logs and the events jobs belong to. */
  private static final class Shared {
    private Clock clock = new SettableClock(T0);
    private final RecordingLogger logger = new RecordingLogger();
    private final Map<String, EventFields> events = new ConcurrentHashMap<>();
  }

  private record EventFields(String context, String data, Instant receivedAt) {}

  private ActionHarness(
      @Nullable Destination destination,
      String destinationName,
      Action action,
      Schedule schedule,
      Shared shared) {
    this.destination = destination;
    this.destinationName = destinationName;
    this.action = action;
    this.actionName = action.name();
    this.schedule = schedule;
    this.shared = shared;
  }

  /**
   * A harness of {@code action} alone: its schedule falls back to {@link Defaults#SCHEDULE}, jobs
   * belong to destination {@value #NO_DESTINATION}, versions are not checked and follow-ups are
   * created for any action.
   */
  public static ActionHarness of(Action action) {
    Objects.requireNonNull(action, "action");
    return new ActionHarness(null, NO_DESTINATION, action, effective(action, null), new Shared());
  }

  /**
   * A harness of the action {@code actionName} that {@code destination} registers, with the
   * destination's options: schedule, versions, and the actions follow-ups may name.
   *
   * @throws AssertionError when Blacksmith would refuse {@code destination} (see {@link
   *     Registrations#assertValid(Destination)})
   * @throws IllegalArgumentException when {@code destination} has no such action
   */
  public static ActionHarness of(Destination destination, String actionName) {
    Registrations.assertValid(destination);
    return forAction(destination, actionName, new Shared());
  }

  private static ActionHarness forAction(
      Destination destination, String actionName, Shared shared) {
    Action registered = destination.actions().get(actionName);
    if (registered == null) {
      throw new IllegalArgumentException(
          "destination "
              + destination.name()
              + " has no action '"
              + actionName
              + "'; it has "
              + destination.actions().keySet());
    }
    return new ActionHarness(
        destination, destination.name(), registered, effective(registered, destination), shared);
  }

  /**
   * A harness of another action of the same destination, sharing this one's clock, logger and
   * events: load the follow-up jobs of this action with it.
   *
   * @throws IllegalStateException when this harness has no destination
   */
  public ActionHarness forAction(String otherAction) {
    if (destination == null) {
      throw new IllegalStateException(
          "this harness runs action "
              + actionName
              + " without its destination; use of(destination, name)");
    }
    return forAction(destination, otherAction, shared);
  }

  /** Uses {@code clock} for job and transition times and version deprecation from now on. */
  public ActionHarness withClock(Clock clock) {
    shared.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /** The clock in use: a {@link SettableClock} at {@link #T0} unless changed. */
  public Clock clock() {
    return shared.clock;
  }

  /** The logger of every toolkit this harness hands out. */
  public RecordingLogger logger() {
    return shared.logger;
  }

  /** The action under test: the one registered by the destination, which loads. */
  public Action action() {
    return action;
  }

  /** The action's effective schedule: the action's, then the destination's, then the defaults'. */
  public Schedule schedule() {
    return schedule;
  }

  /** How many times a failed job is retried before it is discarded. */
  public int maxRetries() {
    return Objects.requireNonNull(schedule.maxRetries(), "maxRetries");
  }

  /**
   * Runs the {@code init} hooks as the scheduler does when it starts: the destination's first, then
   * the action's, for those implementing {@link WithHooks}.
   *
   * @throws Exception the first hook's failure; the later hooks did not run
   */
  public void init() throws Exception {
    Toolkit toolkit = toolkit(null, null);
    if (destination instanceof WithHooks hooks) {
      hooks.init(toolkit);
    }
    if (action instanceof WithHooks hooks) {
      hooks.init(toolkit);
    }
  }

  /**
   * Runs the {@code shutdown} hooks as the scheduler does when it stops: the action's first, then
   * the destination's. Both run even when the first fails. The scheduler only logs such failures;
   * the harness throws them so that a test sees them.
   *
   * @throws Exception the first failure, with any later one suppressed
   */
  public void shutdown() throws Exception {
    Toolkit toolkit = toolkit(null, null);
    Exception failure = null;
    for (Object component : Arrays.asList(action, destination)) {
      if (component instanceof WithHooks hooks) {
        try {
          hooks.shutdown(toolkit);
        } catch (Exception e) {
          if (failure == null) {
            failure = e;
          } else {
            failure.addSuppressed(e);
          }
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Marshals {@code carrying}, an instance of this action carrying an event's data, into the job
   * the gateway would commit for an event with an empty context and empty data.
   *
   * @throws Exception what {@code marshal} threw: the gateway would create no job
   * @throws JobRejectedException when the platform would refuse the returned job
   */
  public Job marshal(Action carrying) throws Exception {
    return marshal(carrying, "{}", "{}");
  }

  /**
   * Marshals {@code carrying} for an event with the given context and data (JSON text); the job
   * gets the event's context unless it sets its own.
   *
   * @throws Exception what {@code marshal} threw: the gateway would create no job
   * @throws JobRejectedException when the platform would refuse the returned job
   */
  public Job marshal(Action carrying, String eventContext, String eventData) throws Exception {
    String name = carrying.name();
    if (!actionName.equals(name)) {
      throw new IllegalArgumentException(
          "this harness runs action "
              + actionName
              + ", not "
              + name
              + (destination == null ? "" : "; use forAction(\"" + name + "\")"));
    }
    Json.requireValid(eventContext, "event context");
    Json.requireValid(eventData, "event data");
    String eventId = Ids.next();
    shared.events.put(eventId, new EventFields(eventContext, eventData, shared.clock.instant()));
    return marshalJob(carrying, name, eventId, eventContext, null);
  }

  /**
   * The queue a scheduler would hand to {@code load} after claiming {@code jobs}: each job moves to
   * {@code executing} with its next attempt, and jobs are grouped by event in the order given.
   *
   * @throws IllegalArgumentException for a job of another action, a job given twice, or a job that
   *     is not due ({@code acknowledged} or {@code failed})
   */
  public Queue queueOf(Job... jobs) {
    return queueOf(Arrays.asList(jobs));
  }

  /** See {@link #queueOf(Job...)}. */
  public Queue queueOf(List<Job> jobs) {
    Instant now = shared.clock.instant();
    Set<String> seen = new HashSet<>();
    Map<String, List<Job>> byEvent = new LinkedHashMap<>();
    for (Job job : jobs) {
      if (!job.destination().equals(destinationName) || !job.action().equals(actionName)) {
        throw new IllegalArgumentException(
            "job "
                + job.id()
                + " is for "
                + job.destination()
                + "/"
                + job.action()
                + ", not "
                + destinationName
                + "/"
                + actionName);
      }
      if (!seen.add(job.id())) {
        throw new IllegalArgumentException("job " + job.id() + " is given twice");
      }
      Status status = job.status();
      if (status != Status.ACKNOWLEDGED && status != Status.FAILED) {
        throw new IllegalArgumentException(
            "job "
                + job.id()
                + " is "
                + status
                + "; only acknowledged or failed jobs are due to load");
      }
      Transition executing =
          new Transition(
              Ids.next(),
              job.attempt() + 1,
              Status.AWAITING,
              Status.EXECUTING,
              null,
              now,
              job.eventId(),
              job.id());
      byEvent
          .computeIfAbsent(job.eventId(), id -> new ArrayList<>())
          .add(withTransition(job, executing));
    }
    List<Event> events = new ArrayList<>(byEvent.size());
    byEvent.forEach((eventId, eventJobs) -> {
      Job first = eventJobs.get(0);
      EventFields fields =
          shared.events.getOrDefault(
              eventId, new EventFields(first.context(), "{}", first.createdAt()));
      events.add(
          new Event(
              eventId,
              SOURCE,
              SOURCE,
              null,
              fields.context(),
              fields.data(),
              eventJobs,
              null,
              fields.receivedAt(),
              fields.receivedAt(),
              null));
    });
    return new Queue(events);
  }

  /** Claims {@code jobs} and loads them as one queue; see {@link #queueOf(Job...)}. */
  public LoadResult load(Job... jobs) {
    return load(queueOf(jobs));
  }

  /** Claims {@code jobs} and loads them as one queue; see {@link #queueOf(Job...)}. */
  public LoadResult load(List<Job> jobs) {
    return load(queueOf(jobs));
  }

  /**
   * Loads {@code queue} as it is: jobs keep the attempt they have. Use it for queues built by hand;
   * {@link #load(Job...)} claims jobs first.
   *
   * <p>What {@code load} throws is kept in {@link LoadResult#thrown()}, as the scheduler keeps it;
   * errors other than {@link LinkageError}, such as a failed assertion in a fake, are not caught.
   */
  public LoadResult load(Queue queue) {
    List<Job> jobs = queue.jobs();
    List<Then> thens = new CopyOnWriteArrayList<>();
    AtomicBoolean open = new AtomicBoolean(true);
    Throwable thrown = null;
    try {
      action.load(
          toolkit(null, null),
          queue,
          then -> {
            Objects.requireNonNull(then, "a load reports a Then, not null");
            if (!open.get()) {
              throw new IllegalStateException(
                  "load of " + destinationName + "/" + actionName + " already returned");
            }
            thens.add(then);
          });
    } catch (Exception | LinkageError e) {
      thrown = e;
      shared.logger.warn("load of {}/{} threw", destinationName, actionName, e);
    } finally {
      open.set(false);
    }
    List<String> unexpected = unexpected(thens, jobs);
    Map<String, String> contexts = new LinkedHashMap<>();
    queue.events().forEach(e -> contexts.put(e.id(), e.context()));
    Instant now = shared.clock.instant();
    List<JobOutcome> outcomes = new ArrayList<>(jobs.size());
    List<LoadResult.Rejection> rejections = new ArrayList<>();
    for (LoadOutcomes.Decision d : LoadOutcomes.decide(jobs, thens, thrown, maxRetries())) {
      Job job = d.job();
      Throwable error = d.error();
      Transition done =
          new Transition(
              Ids.next(),
              job.attempt(),
              job.status(),
              d.status(),
              error == null ? null : errorJson(error),
              now,
              job.eventId(),
              job.id());
      List<Job> followUps = new ArrayList<>();
      for (Action next : d.followUps()) {
        followUp(
            next, job, contexts.getOrDefault(job.eventId(), job.context()), followUps, rejections);
      }
      outcomes.add(new JobOutcome(withTransition(job, done), d.status(), error, followUps));
    }
    return new LoadResult(queue, thens, thrown, outcomes, unexpected, rejections);
  }

  /**
   * {@code job} as it stands before its {@code attempt}-th load: {@code acknowledged} for the
   * first, {@code failed} after {@code attempt - 1} attempts otherwise. Handy to test the last
   * attempt: {@code harness.load(harness.atAttempt(job, harness.maxRetries() + 1))}.
   */
  public Job atAttempt(Job job, int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempts count from 1, was " + attempt);
    }
    Instant now = shared.clock.instant();
    Transition before =
        attempt == 1
            ? new Transition(
                Ids.next(), 0, null, Status.ACKNOWLEDGED, null, now, job.eventId(), job.id())
            : new Transition(
                Ids.next(),
                attempt - 1,
                Status.EXECUTING,
                Status.FAILED,
                errorJson("failed on attempt " + (attempt - 1)),
                now,
                job.eventId(),
                job.id());
    return withTransition(job, before);
  }

  private void followUp(
      Action next,
      Job parent,
      String eventContext,
      List<Job> followUps,
      List<LoadResult.Rejection> rejections) {
    String name;
    try {
      name = Objects.requireNonNull(next.name(), "action name");
    } catch (RuntimeException e) {
      name = next.getClass().getSimpleName();
    }
    String reason = null;
    if (destination != null && !destination.actions().containsKey(name)) {
      reason = "destination '" + destinationName + "' has no action '" + name + "'";
    } else {
      try {
        followUps.add(marshalJob(next, name, parent.eventId(), eventContext, parent.id()));
      } catch (JobRejectedException e) {
        reason = e.getMessage();
      } catch (Exception e) {
        reason = "marshal failed: " + describe(e);
      }
    }
    if (reason != null) {
      shared.logger.warn("follow-up {} of job {} not created: {}", name, parent.id(), reason);
      rejections.add(new LoadResult.Rejection(parent.id(), name, reason));
    }
  }

  private Job marshalJob(
      Action carrying,
      String name,
      String eventId,
      String eventContext,
      @Nullable String parentJobId)
      throws Exception {
    String jobId = Ids.next();
    dev.blacksmith.destination.Job job = carrying.marshal(toolkit(eventId, jobId));
    if (job == null) {
      throw new JobRejectedException("marshal of " + name + " returned no job");
    }
    String data;
    String context;
    try {
      data = Json.requireValid(job.data(), "job data");
      context =
          job.context() == null ? eventContext : Json.requireValid(job.context(), "job context");
    } catch (Json.JsonException e) {
      throw new JobRejectedException(e.getMessage());
    }
    Instant now = shared.clock.instant();
    return new Job(
        jobId,
        destinationName,
        name,
        version(job.version(), now),
        context,
        data,
        new Transition(Ids.next(), 0, null, Status.ACKNOWLEDGED, null, now, eventId, jobId),
        now,
        eventId,
        parentJobId);
  }

  /** The version to record, following the destination's versions; see {@link Options}. */
  private @Nullable String version(@Nullable String requested, Instant now) {
    if (destination == null) {
      return requested;
    }
    Options options = destination.options();
    if (!options.isVersioned()) {
      return requested;
    }
    String version =
        requested == null || requested.isEmpty() ? options.defaultVersion() : requested;
    Instant deprecation = options.versions().get(version);
    if (deprecation == null) {
      throw new JobRejectedException(
          "unknown version '"
              + version
              + "' for destination "
              + destinationName
              + "; supported: "
              + options.versions().keySet());
    }
    if (!deprecation.equals(Options.MAINTAINED) && !now.isBefore(deprecation)) {
      shared.logger.warn(
          "version {} of destination {} is deprecated since {}",
          version,
          destinationName,
          deprecation);
    }
    return version;
  }

  private List<String> unexpected(List<Then> thens, List<Job> jobs) {
    Set<String> known = new HashSet<>();
    jobs.forEach(j -> known.add(j.id()));
    Set<String> strangers = new LinkedHashSet<>();
    for (Then then : thens) {
      for (String id : then.jobs()) {
        if (!known.contains(id) && strangers.add(id)) {
          shared.logger.warn(
              "load of {}/{} reported job {} which is not in its queue; ignored",
              destinationName,
              actionName,
              id);
        }
      }
    }
    return List.copyOf(strangers);
  }

  private Toolkit toolkit(@Nullable String eventId, @Nullable String jobId) {
    return new Toolkit(shared.logger, null, eventId, jobId);
  }

  private static Schedule effective(Action action, @Nullable Destination destination) {
    Schedule fallback = Defaults.SCHEDULE;
    if (destination != null && destination.options().defaultSchedule() != null) {
      fallback = destination.options().defaultSchedule().orElse(Defaults.SCHEDULE);
    }
    Schedule own = action.schedule();
    return own == null ? fallback : own.orElse(fallback);
  }

  private static Job withTransition(Job job, Transition transition) {
    return new Job(
        job.id(),
        job.destination(),
        job.action(),
        job.version(),
        job.context(),
        job.data(),
        transition,
        job.createdAt(),
        job.eventId(),
        job.parentJobId());
  }

  private static String errorJson(Throwable error) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("message", describe(error));
    fields.put("type", error.getClass().getName());
    if (error.getCause() != null) {
      fields.put("cause", describe(error.getCause()));
    }
    return Json.write(fields);
  }

  private static String errorJson(String message) {
    return Json.write(Map.of("message", message));
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
