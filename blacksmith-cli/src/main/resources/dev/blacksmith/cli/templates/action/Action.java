package {{package}};

import dev.blacksmith.destination.Action;
import dev.blacksmith.destination.Job;
import dev.blacksmith.destination.Schedule;
import dev.blacksmith.destination.Then;
import dev.blacksmith.destination.ThenSink;
import dev.blacksmith.destination.Toolkit;
{{#hooks}}
import dev.blacksmith.destination.WithHooks;
{{/hooks}}
import dev.blacksmith.store.Queue;
{{#migrations}}
import dev.blacksmith.wanderer.Direction;
import dev.blacksmith.wanderer.Migration;
import dev.blacksmith.wanderer.Migrations;
import dev.blacksmith.wanderer.WithMigrations;
import java.util.List;
{{/migrations}}
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Action {@code {{name}}}. Like every action it plays two roles: the instances a trigger or a flow
 * creates with {@link #withData} carry one event's data to {@link #marshal}; the instance its
 * destination registers with {@link #loadingWith} loads queues of jobs into the service.
 *
 * <p>Register it in its destination's {@code actions()}: {@code Map.of({{Name}}Action.NAME,
 * {{Name}}Action.loadingWith({{Name}}Action.Client.LOG))}, and send events to it from a trigger or a
 * flow: {@code Actions.of(<destination>.NAME, {{Name}}Action.withData(data))}.
 */
public final class {{Name}}Action implements Action{{#hooks}}, WithHooks{{/hooks}}{{#migrations}}, WithMigrations{{/migrations}} {

  /** The name the destination registers this action under. */
  public static final String NAME = "{{name}}";

  /** Sends one job to the service. Replace {@link #LOG} with a client of your service. */
  @FunctionalInterface
  public interface Client {

    /** A client that only logs each job: a starting point that sends nothing anywhere. */
    Client LOG =
        (toolkit, job) -> toolkit.logger().info("{} job {}: {}", NAME, job.id(), job.data());

    /**
     * Sends {@code job} to the service.
     *
     * @throws Exception when the service refused the job or could not be reached: the job fails and
     *     is retried on schedule
     */
    void send(Toolkit toolkit, dev.blacksmith.store.Job job) throws Exception;
  }

  private final @Nullable String data;
  private final @Nullable Client client;

  private {{Name}}Action(@Nullable String data, @Nullable Client client) {
    this.data = data;
    this.client = client;
  }

  /** The action a trigger or a flow creates for an event, carrying its data (JSON text). */
  public static {{Name}}Action withData(String data) {
    return new {{Name}}Action(Objects.requireNonNull(data, "data"), null);
  }

  /** The action the destination registers, loading jobs with {@code client}. */
  public static {{Name}}Action loadingWith(Client client) {
    return new {{Name}}Action(null, Objects.requireNonNull(client, "client"));
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Loaded in realtime, as soon as the gateway commits a job; a failed job is retried every ten
   * minutes, as many times as the destination allows. Return {@code null} to use the destination's
   * schedule instead.
   */
  @Override
  public Schedule schedule() {
    return Schedule.inRealtime().withInterval("@every 10m");
  }

  /**
   * The "T" of ETL: the job's data is the event's data as is. Shape it here into what the service
   * expects; throwing refuses the event for this action only.
   */
  @Override
  public Job marshal(Toolkit toolkit) {
    return Job.ofJson(
        Objects.requireNonNull(data, "only the actions created for an event marshal"));
  }

  /**
   * The "L" of ETL: sends each job on its own and reports each outcome, so one refused job does not
   * fail the others. To load a whole queue in one call, report {@code Then.succeeded()} once.
   */
  @Override
  public void load(Toolkit toolkit, Queue queue, ThenSink then) throws InterruptedException {
    Client to = Objects.requireNonNull(client, "only the registered action loads");
    for (dev.blacksmith.store.Job job : queue.jobs()) {
      try {
        to.send(toolkit, job);
        then.send(Then.succeeded().forJobs(job.id()));
      } catch (InterruptedException e) {
        // Blacksmith is stopping: the jobs not reported yet fail, and are retried later.
        Thread.currentThread().interrupt();
        throw e;
      } catch (Exception e) {
        then.send(Then.failed(e).forJobs(job.id()));
      }
    }
  }
{{#hooks}}

  /** Runs when the scheduler starts, after the destination's init. Throwing stops start-up. */
  @Override
  public void init(Toolkit toolkit) throws Exception {
    toolkit.logger().info("action {} started", NAME);
  }

  /** Runs when the scheduler stops, before the destination's shutdown. Failures are logged. */
  @Override
  public void shutdown(Toolkit toolkit) throws Exception {
    toolkit.logger().info("action {} stopped", NAME);
  }
{{/hooks}}
{{#migrations}}

  /** The migrations in {@code src/main/resources/{{migrationsFolder}}}, oldest first. */
  @Override
  public List<Migration> migrations() {
    return Migrations.fromClasspath({{Name}}Action.class.getClassLoader(), "{{migrationsFolder}}");
  }

  /**
   * Runs one script of {@code migration} against the service, in one transaction where it can.
   * Until this is written, running a migration fails rather than pretending it ran.
   */
  @Override
  public void migrate(
      dev.blacksmith.wanderer.Toolkit toolkit, Migration migration, Direction direction)
      throws Exception {
    String id = migration.version() + "." + migration.name();
    if (migration.script(direction) == null) {
      throw new IllegalStateException(id + " has no " + direction.value() + " script");
    }
    throw new UnsupportedOperationException(
        "cannot run " + id + " yet: write " + getClass().getName() + ".migrate");
  }
{{/migrations}}
}
