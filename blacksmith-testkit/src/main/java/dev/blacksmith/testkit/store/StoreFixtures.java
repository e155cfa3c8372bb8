package dev.blacksmith.testkit.store;

import dev.blacksmith.json.Json;
import dev.blacksmith.spi.Ids;
import dev.blacksmith.spi.store.ClaimRequest;
import dev.blacksmith.spi.store.NewEvent;
import dev.blacksmith.spi.store.NewJob;
import dev.blacksmith.spi.store.Outcome;
import dev.blacksmith.store.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Test data for stores: {@code anEvent().withJobs(3).build()}, {@code aJob().action("identify")},
 * outcomes and claim requests. Builders fill every field with a sensible default and generate ids
 * when created, so building the same builder twice gives the same event (handy for duplicates).
 * Builders are mutable and not thread-safe.
 */
public final class StoreFixtures {

  /** The instant test data happens at by default: a fixed time, microsecond-aligned. */
  public static final Instant T0 = Instant.parse("2030-01-02T03:04:05.123456Z");

  /** The default destination and action of jobs. */
  public static final String DESTINATION = "webhook";

  public static final String ACTION = "post";

  private StoreFixtures() {}

  /** An event from source {@code segment}, trigger {@code track}, received at {@link #T0}. */
  public static EventBuilder anEvent() {
    return new EventBuilder();
  }

  /** A job of {@value #DESTINATION}/{@value #ACTION}, due at {@link #T0}. */
  public static JobBuilder aJob() {
    return new JobBuilder();
  }

  /** A claim of up to {@code limit} jobs of {@code destination}/{@code action}. */
  public static ClaimRequest claim(
      String destination, String action, String owner, Instant now, Duration lease, int limit) {
    return new ClaimRequest(destination, action, owner, now, now.plus(lease), limit);
  }

  /** A claim of up to {@code limit} jobs of the default action with a one-minute lease. */
  public static ClaimRequest claim(String owner, Instant now, int limit) {
    return claim(DESTINATION, ACTION, owner, now, Duration.ofMinutes(1), limit);
  }

  /** The JSON of an error with {@code message}, as the engine writes it. */
  public static String error(String message) {
    return Json.write(Map.of("message", message));
  }

  public static Outcome succeeded(String jobId) {
    return new Outcome(jobId, Status.SUCCEEDED, null, null, Ids.next());
  }

  public static Outcome failed(String jobId, Instant retryAt, String message) {
    return new Outcome(jobId, Status.FAILED, error(message), retryAt, Ids.next());
  }

  public static Outcome discarded(String jobId, String message) {
    return new Outcome(jobId, Status.DISCARDED, error(message), null, Ids.next());
  }

  public static Outcome unknown(String jobId) {
    return new Outcome(
        jobId, Status.UNKNOWN, error("the load never reported this job"), null, Ids.next());
  }

  /** Builds a {@link NewEvent} with its jobs. */
  public static final class EventBuilder {
    private String id = Ids.next();
    private String source = "segment";
    private String trigger = "track";
    private @Nullable String version;
    private String context = "{\"ip\":\"127.0.0.1\"}";
    private String data = "{\"event\":\"signed_up\"}";
    private @Nullable Instant sentAt;
    private Instant receivedAt = T0;
    private @Nullable String parentEventId;
    private final List<JobBuilder> jobs = new ArrayList<>();

    private EventBuilder() {}

    public EventBuilder id(String value) {
      this.id = value;
      return this;
    }

    public EventBuilder source(String value) {
      this.source = value;
      return this;
    }

    public EventBuilder trigger(String value) {
      this.trigger = value;
      return this;
    }

    public EventBuilder version(@Nullable String value) {
      this.version = value;
      return this;
    }

    public EventBuilder context(String json) {
      this.context = json;
      return this;
    }

    public EventBuilder data(String json) {
      this.data = json;
      return this;
    }

    public EventBuilder sentAt(@Nullable Instant value) {
      this.sentAt = value;
      return this;
    }

    /** When it was received; also when its jobs are created and due unless they say otherwise. */
    public EventBuilder receivedAt(Instant value) {
      this.receivedAt = value;
      return this;
    }

    public EventBuilder parentEventId(@Nullable String value) {
      this.parentEventId = value;
      return this;
    }

    /** Adds {@code count} default jobs. */
    public EventBuilder withJobs(int count) {
      return withJobs(count, UnaryOperator.identity());
    }

    /** Adds {@code count} jobs, each shaped by {@code job}, such as {@code j -> j.action("x")}. */
    public EventBuilder withJobs(int count, UnaryOperator<JobBuilder> job) {
      for (int i = 0; i < count; i++) {
        jobs.add(job.apply(new JobBuilder()));
      }
      return this;
    }

    /** Adds one job. */
    public EventBuilder withJob(JobBuilder job) {
      jobs.add(job);
      return this;
    }

    public String id() {
      return id;
    }

    public NewEvent build() {
      List<NewJob> built = new ArrayList<>(jobs.size());
      for (JobBuilder job : jobs) {
        built.add(job.buildFor(id, receivedAt));
      }
      return new NewEvent(
          id, source, trigger, version, context, data, sentAt, receivedAt, parentEventId, built);
    }
  }

  /** Builds a {@link NewJob}; the event builder fills in its event unless set. */
  public static final class JobBuilder {
    private String id = Ids.next();
    private String transitionId = Ids.next();
    private @Nullable String eventId;
    private @Nullable String parentJobId;
    private String destination = DESTINATION;
    private String action = ACTION;
    private @Nullable String version;
    private String context = "{\"ip\":\"127.0.0.1\"}";
    private String data = "{\"event\":\"signed_up\"}";
    private @Nullable Instant createdAt;
    private @Nullable Instant nextAt;

    private JobBuilder() {}

    public JobBuilder id(String value) {
      this.id = value;
      return this;
    }

    public JobBuilder transitionId(String value) {
      this.transitionId = value;
      return this;
    }

    public JobBuilder eventId(String value) {
      this.eventId = value;
      return this;
    }

    public JobBuilder parentJobId(@Nullable String value) {
      this.parentJobId = value;
      return this;
    }

    public JobBuilder destination(String value) {
      this.destination = value;
      return this;
    }

    public JobBuilder action(String value) {
      this.action = value;
      return this;
    }

    public JobBuilder version(@Nullable String value) {
      this.version = value;
      return this;
    }

    public JobBuilder context(String json) {
      this.context = json;
      return this;
    }

    public JobBuilder data(String json) {
      this.data = json;
      return this;
    }

    public JobBuilder createdAt(Instant value) {
      this.createdAt = value;
      return this;
    }

    /** From when it may be claimed. */
    public JobBuilder nextAt(Instant value) {
      this.nextAt = value;
      return this;
    }

    public String id() {
      return id;
    }

    /** A job on its own, such as a follow-up; needs {@link #eventId}. */
    public NewJob build() {
      if (eventId == null) {
        throw new IllegalStateException("a job built on its own needs eventId(...)");
      }
      return buildFor(eventId, T0);
    }

    private NewJob buildFor(String event, Instant defaultTime) {
      Instant created = createdAt != null ? createdAt : defaultTime;
      return new NewJob(
          id,
          eventId != null ? eventId : event,
          parentJobId,
          destination,
          action,
          version,
          context,
          data,
          created,
          nextAt != null ? nextAt : created,
          transitionId);
    }
  }
}
