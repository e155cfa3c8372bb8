package dev.blacksmith.wanderer.runner;

import dev.blacksmith.destination.Destination;
import dev.blacksmith.engine.Blacksmith;
import dev.blacksmith.engine.Options;
import dev.blacksmith.source.Source;
import dev.blacksmith.spi.Ids;
import dev.blacksmith.spi.supervisor.Lock;
import dev.blacksmith.spi.supervisor.Supervisor;
import dev.blacksmith.spi.wanderer.Acknowledgement;
import dev.blacksmith.spi.wanderer.MigrationRecord;
import dev.blacksmith.spi.wanderer.MigrationStatus;
import dev.blacksmith.spi.wanderer.NewMigration;
import dev.blacksmith.spi.wanderer.Scope;
import dev.blacksmith.spi.wanderer.Wanderer;
import dev.blacksmith.supervisor.Service;
import dev.blacksmith.wanderer.Direction;
import dev.blacksmith.wanderer.Migration;
import dev.blacksmith.wanderer.Toolkit;
import dev.blacksmith.wanderer.runner.Components.Component;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the migrations of an application's sources, triggers, destinations and actions (those that
 * implement {@link dev.blacksmith.wanderer.WithMigrations}), recording every status in a {@link
 * Wanderer}.
 *
 * <p>Each operation is planned first, so an operator can confirm it, then executed:
 *
 * <ol>
 *   <li>{@link #planAcknowledge} / {@link #acknowledge}: registers the migrations the components
 *       declare and the wanderer does not know yet ({@code acknowledged}), and refreshes the
 *       scripts of known ones that are not applied.
 *   <li>{@link #planRun} / {@link #execute}: runs the acknowledged, failed and rolled back
 *       migrations up, per scope in the application's order, oldest version first, up to and
 *       including a version if one is given. A migration the components declare but that is not
 *       acknowledged, or whose up script changed since it was, is a problem: the plan runs nothing.
 *   <li>{@link #planRollback} / {@link #execute}: rolls back the applied migrations of one scope,
 *       newest first: the newest one only, every one newer than a version (which stays applied), or
 *       all of them.
 *   <li>{@link #discard}: sets aside a migration that is not applied, so it never runs.
 * </ol>
 *
 * <p>Execution, scope by scope: take the supervisor lock {@code migrations/<scope>} (a scope locked
 * by another run stops the run), mark failed any migration a dead run left executing (and stop
 * there, for an operator to check it), run the init hooks (the source or destination first, then
 * the trigger or action), run each migration ({@code executing(up|down)}, then {@code
 * succeeded(..)} or {@code failed(..)} with the error), then the shutdown hooks in reverse and
 * release the lock. The first error stops the whole run. The lock is renewed while migrations run,
 * and checked before each one: a run that lost it stops.
 *
 * <p>Several processes may run migrations safely only with a shared supervisor (PostgreSQL): an
 * in-process supervisor locks within its process only. Times come from the injected clock.
 */
public final class MigrationRunner {

  private static final Logger LOG = LoggerFactory.getLogger(MigrationRunner.class);

  private final Wanderer wanderer;
  private final Supervisor supervisor;
  private final Components components;
  private final Clock clock;
  private final Logger logger;
  private final Duration lockLease;
  private final Service holder;

  private MigrationRunner(Builder b) {
    this.wanderer = b.wanderer;
    this.supervisor = b.supervisor;
    this.components = Components.of(b.sources, b.destinations);
    this.clock = b.clock;
    this.logger = b.logger;
    this.lockLease = b.lockLease;
    this.holder = b.holder;
  }

  /**
   * A runner for the application in {@code options}: its sources and destinations, clock, logger
   * and lock lease.
   *
   * @throws IllegalArgumentException when a component's name is invalid or used twice
   */
  public static MigrationRunner forApplication(
      Options options, Wanderer wanderer, Supervisor supervisor) {
    return builder(wanderer, supervisor)
        .sources(options.sources())
        .destinations(options.destinations())
        .clock(options.clock())
        .logger(options.logger())
        .lockLease(options.lockLease())
        .build();
  }

  /** A builder of a runner over {@code wanderer}, locking with {@code supervisor}. */
  public static Builder builder(Wanderer wanderer, Supervisor supervisor) {
    return new Builder(wanderer, supervisor);
  }

  /** The instance this runner locks scopes as, and hands to hooks and migrations. */
  public Service holder() {
    return holder;
  }

  /** Every scope whose component has migrations, in the application's order. */
  public List<Scope> scopes() {
    return components.withMigrations().stream().map(Component::scope).toList();
  }

  // ---------------------------------------------------------------- status

  /**
   * The migrations of {@code scopes} (every scope with migrations when empty), declared or known,
   * per scope in the application's order, oldest version first.
   *
   * @throws IllegalArgumentException when a scope names no component with migrations, or a
   *     component's migrations cannot be read
   */
  public List<StatusEntry> status(List<Scope> scopes) {
    List<StatusEntry> entries = new ArrayList<>();
    for (Component c : components.select(scopes)) {
      Declared declared = declared(c);
      if (declared.problem() != null) {
        throw new IllegalArgumentException(declared.problem());
      }
      Map<String, MigrationRecord> known = byVersion(wanderer.findMigrations(c.scope()));
      TreeSet<String> versions = new TreeSet<>(known.keySet());
      versions.addAll(declared.migrations().keySet());
      for (String version : versions) {
        Migration m = declared.migrations().get(version);
        MigrationRecord r = known.get(version);
        entries.add(
            new StatusEntry(
                c.scope(),
                version,
                m != null ? m.name() : Objects.requireNonNull(r).name(),
                r,
                m != null,
                m != null && r != null && !NewMigration.checksum(m.up()).equals(r.checksum())));
      }
    }
    return entries;
  }

  // ---------------------------------------------------------------- acknowledge

  /**
   * What acknowledging {@code scopes} (every scope with migrations when empty) would register.
   *
   * @throws IllegalArgumentException when a scope names no component with migrations
   */
  public AckPlan planAcknowledge(List<Scope> scopes) {
    List<NewMigration> added = new ArrayList<>();
    List<NewMigration> refreshed = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (Component c : components.select(scopes)) {
      Declared declared = declared(c);
      if (declared.problem() != null) {
        problems.add(declared.problem());
        continue;
      }
      Map<String, MigrationRecord> known = byVersion(wanderer.findMigrations(c.scope()));
      for (Migration m : declared.migrations().values()) {
        NewMigration candidate = NewMigration.of(c.scope(), m);
        MigrationRecord r = known.get(m.version());
        if (r == null) {
          added.add(candidate);
        } else if (!r.checksum().equals(candidate.checksum()) || !r.name().equals(m.name())) {
          if (r.status().isRunnable()) {
            refreshed.add(candidate);
          } else if (!r.checksum().equals(candidate.checksum())) {
            notes.add(
                r.describe()
                    + " is "
                    + r.status().value()
                    + " but its up script changed since; the wanderer keeps the checksum of the"
                    + " script it ran (add a new migration for a new change)");
          }
        }
      }
      for (MigrationRecord r : known.values()) {
        if (!declared.migrations().containsKey(r.version())
            && r.status() != MigrationStatus.DISCARDED) {
          notes.add(
              r.describe()
                  + " is "
                  + r.status().value()
                  + " but "
                  + c.scope().value()
                  + " no longer declares it");
        }
      }
    }
    return new AckPlan(added, refreshed, problems, notes);
  }

  /**
   * Registers what {@code plan} lists, in one transaction of the wanderer.
   *
   * @throws IllegalArgumentException when the plan has problems; nothing is registered
   */
  public Acknowledgement acknowledge(AckPlan plan, MigrationListener listener) {
    if (!plan.isRunnable()) {
      throw new IllegalArgumentException(
          "nothing was acknowledged: " + String.join("; ", plan.problems()));
    }
    List<NewMigration> all = new ArrayList<>(plan.added());
    all.addAll(plan.refreshed());
    Acknowledgement done = wanderer.acknowledge(all, clock.instant());
    done.added().forEach(listener::acknowledged);
    done.known().forEach(listener::acknowledged);
    return done;
  }

  // ---------------------------------------------------------------- plans

  /**
   * What running {@code scopes} up (every scope with migrations when empty) would do: their
   * acknowledged, {@code failed(up)} and {@code succeeded(down)} migrations, oldest first, up to
   * and including {@code toVersion} when given.
   *
   * @throws IllegalArgumentException when a scope names no component with migrations, or {@code
   *     toVersion} is not a {@code YYYYMMDDHHMISS} version
   */
  public Plan planRun(List<Scope> scopes, @Nullable String toVersion) {
    if (toVersion != null) {
      Migration.versionTime(toVersion);
    }
    List<Step> steps = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (Component c : components.select(scopes)) {
      Declared declared = declared(c);
      if (declared.problem() != null) {
        problems.add(declared.problem());
        continue;
      }
      Map<String, MigrationRecord> known = byVersion(wanderer.findMigrations(c.scope()));
      for (Migration m : declared.migrations().values()) {
        if (!known.containsKey(m.version()) && !after(m.version(), toVersion)) {
          problems.add(
              c.scope().value()
                  + " "
                  + m.version()
                  + "."
                  + m.name()
                  + " is not acknowledged: run 'blacksmith migrations ack' first");
        }
      }
      for (MigrationRecord r : known.values()) {
        if (after(r.version(), toVersion)) {
          continue;
        }
        noteUnfinished(r, notes);
        if (!r.status().isRunnable()) {
          continue;
        }
        Migration m = declared.migrations().get(r.version());
        if (m == null) {
          problems.add(noLongerDeclared(r));
        } else if (!NewMigration.checksum(m.up()).equals(r.checksum())) {
          problems.add(
              r.describe()
                  + ": its up script changed since it was acknowledged; run 'blacksmith migrations"
                  + " ack' to acknowledge it again");
        } else {
          steps.add(new Step(c.scope(), r, m, Direction.UP));
        }
      }
    }
    return new Plan(Direction.UP, steps, problems, notes);
  }

  /**
   * What rolling back {@code scope} would do: its applied migrations ({@code succeeded(up)}, and
   * {@code failed(down)} to try again), newest first; with {@code all}, every one; with {@code
   * toVersion}, every one newer than it ({@code toVersion} itself stays applied); otherwise the
   * newest one only.
   *
   * @throws IllegalArgumentException when {@code scope} names no component with migrations, {@code
   *     toVersion} is not a {@code YYYYMMDDHHMISS} version, or both {@code toVersion} and {@code
   *     all} are given
   */
  public Plan planRollback(Scope scope, @Nullable String toVersion, boolean all) {
    if (toVersion != null) {
      Migration.versionTime(toVersion);
      if (all) {
        throw new IllegalArgumentException("roll back to a version or roll back all, not both");
      }
    }
    Component c = components.require(scope);
    List<Step> steps = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Declared declared = declared(c);
    if (declared.problem() != null) {
      return new Plan(Direction.DOWN, steps, List.of(declared.problem()), notes);
    }
    List<MigrationRecord> newestFirst = new ArrayList<>(wanderer.findMigrations(scope));
    newestFirst.sort(Comparator.comparing(MigrationRecord::version).reversed());
    List<MigrationRecord> chosen = new ArrayList<>();
    for (MigrationRecord r : newestFirst) {
      boolean inRange =
          all || (toVersion != null ? after(r.version(), toVersion) : chosen.isEmpty());
      if (r.status().isExecuting() && (all || toVersion == null || after(r.version(), toVersion))) {
        noteUnfinished(r, notes);
      }
      if (r.status() == MigrationStatus.FAILED_UP && (all || after(r.version(), toVersion))) {
        notes.add(
            r.describe()
                + " is failed(up), so it is not rolled back; discard it if it should not run"
                + " again");
      }
      if (r.status().isRollbackable() && inRange) {
        chosen.add(r);
      }
    }
    for (MigrationRecord r : chosen) {
      Migration m = declared.migrations().get(r.version());
      if (m == null) {
        problems.add(noLongerDeclared(r));
      } else if (m.down() == null) {
        problems.add(
            r.describe()
                + " has no down script ("
                + m.version()
                + "."
                + m.name()
                + ".down.sql): it cannot be rolled back");
      } else {
        steps.add(new Step(scope, r, m, Direction.DOWN));
      }
    }
    return new Plan(Direction.DOWN, steps, problems, notes);
  }

  // ---------------------------------------------------------------- execute

  /**
   * Runs {@code plan}; see the class documentation. A migration's error does not throw: the run
   * stops and the result says why.
   *
   * @throws IllegalArgumentException when the plan has problems; nothing runs
   */
  public RunResult execute(Plan plan, MigrationListener listener) {
    if (!plan.isRunnable()) {
      throw new IllegalArgumentException(
          "nothing ran, the plan has problems: " + String.join("; ", plan.problems()));
    }
    Execution run = new Execution(plan.steps().size(), listener);
    List<Step> steps = plan.steps();
    int i = 0;
    while (i < steps.size()) {
      Component first = components.require(steps.get(i).scope());
      int end = i;
      while (end < steps.size()
          && components.require(steps.get(end).scope()).rootScope().equals(first.rootScope())) {
        end++;
      }
      if (!run.owner(first, steps.subList(i, end))) {
        break;
      }
      i = end;
    }
    return new RunResult(run.completed, run.failure);
  }

  /** One execution of a plan: what completed, and why it stopped. */
  private final class Execution {
    private final int total;
    private final MigrationListener listener;
    private final List<MigrationRecord> completed = new ArrayList<>();
    private RunResult.@Nullable Failure failure;
    private int index;

    Execution(int total, MigrationListener listener) {
      this.total = total;
      this.listener = listener;
    }

    /** The steps of one source or destination and its triggers or actions; whether to go on. */
    boolean owner(Component first, List<Step> steps) {
      Hooks root = new Hooks(first.root(), rootName(first), logger, holder);
      try {
        int i = 0;
        while (i < steps.size()) {
          Scope scope = steps.get(i).scope();
          int end = i;
          while (end < steps.size() && steps.get(end).scope().equals(scope)) {
            end++;
          }
          if (!scope(components.require(scope), root, steps.subList(i, end))) {
            return false;
          }
          i = end;
        }
        return true;
      } finally {
        root.shutdown();
      }
    }

    /** The steps of one scope, under its lock; whether to go on. */
    private boolean scope(Component c, Hooks root, List<Step> steps) {
      Scope scope = c.scope();
      Optional<Lock> acquired;
      try {
        acquired = supervisor.tryAcquire(scope.lockKey(), holder, lockLease);
      } catch (RuntimeException e) {
        return stop(
            scope,
            null,
            "cannot lock " + scope.lockKey() + ": the supervisor failed: " + Errors.describe(e));
      }
      if (acquired.isEmpty()) {
        return stop(scope, null, lockedBy(scope));
      }
      Lock lock = acquired.get();
      AtomicBoolean lost = new AtomicBoolean();
      Thread renewer = startRenewer(lock, lost);
      Hooks own =
          c.owner() == null ? null : new Hooks(c.component(), componentName(c), logger, holder);
      try {
        listener.locked(scope);
        if (!recoverInterrupted(scope)) {
          return false;
        }
        try {
          root.init();
          if (own != null) {
            own.init();
          }
        } catch (Hooks.InitException e) {
          return stop(scope, null, e.getMessage() + "; no migration of " + scope.value() + " ran");
        }
        for (Step step : steps) {
          if (lost.get() || !renew(lock)) {
            return stop(
                scope,
                null,
                "lost the lock "
                    + scope.lockKey()
                    + " (its lease of "
                    + lockLease
                    + " ran out): stopped before "
                    + step.describe());
          }
          if (!step(c, step)) {
            return false;
          }
        }
        return true;
      } finally {
        if (own != null) {
          own.shutdown();
        }
        renewer.interrupt();
        release(lock);
      }
    }

    /** Marks failed what a dead run left executing in {@code scope}; whether to go on. */
    private boolean recoverInterrupted(Scope scope) {
      for (MigrationRecord r : wanderer.findMigrations(scope)) {
        if (!r.status().isExecuting()) {
          continue;
        }
        Direction d = Objects.requireNonNull(r.status().direction());
        String why =
            "interrupted: the run that started it at "
                + r.transition().createdAt()
                + " ended before it reported (its process died or lost the lock "
                + scope.lockKey()
                + ")";
        MigrationRecord failed;
        try {
          failed =
              wanderer.transition(
                  r.id(), r.status(), MigrationStatus.failed(d), Errors.json(why), clock.instant());
        } catch (RuntimeException e) {
          return stop(
              scope, r, "cannot mark " + r.describe() + " interrupted: " + Errors.describe(e));
        }
        listener.interrupted(failed);
        return stop(
            scope,
            failed,
            r.describe()
                + " was "
                + r.status().value()
                + " when its run stopped; it is now "
                + failed.status().value()
                + ". Check what it changed, then run again to retry it, or discard it");
      }
      return true;
    }

    /** Runs one step; whether it succeeded. */
    private boolean step(Component c, Step step) {
      Direction d = step.direction();
      MigrationRecord planned = step.migration();
      Instant start = clock.instant();
      MigrationRecord executing;
      try {
        executing =
            wanderer.transition(
                planned.id(), planned.status(), MigrationStatus.executing(d), null, start);
      } catch (RuntimeException e) {
        return stop(
            step.scope(), planned, "cannot start " + step.describe() + ": " + Errors.describe(e));
      }
      index++;
      listener.started(step, index, total);
      Throwable error = null;
      try {
        c.migrations().migrate(new Toolkit(logger, holder), step.definition(), d);
      } catch (Exception | LinkageError e) {
        error = e;
      }
      Instant end = clock.instant();
      MigrationStatus outcome =
          error == null ? MigrationStatus.succeeded(d) : MigrationStatus.failed(d);
      MigrationRecord after;
      try {
        after =
            wanderer.transition(
                planned.id(),
                executing.status(),
                outcome,
                error == null ? null : Errors.json(error),
                end);
      } catch (RuntimeException e) {
        return stop(
            step.scope(),
            executing,
            step.describe()
                + (error == null ? " ran" : " failed (" + Errors.describe(error) + ")")
                + " but its status could not be recorded: "
                + Errors.describe(e)
                + "; it stays "
                + executing.status().value()
                + ", and the next run marks it failed");
      }
      listener.finished(step, after, Duration.between(start, end), index, total);
      if (error != null) {
        logger.error("migration {} failed: {}", step.describe(), Errors.describe(error), error);
        return stop(step.scope(), after, step.describe() + " failed: " + Errors.describe(error));
      }
      logger.info("migration {} succeeded", step.describe());
      completed.add(after);
      return true;
    }

    private boolean stop(
        @Nullable Scope scope, @Nullable MigrationRecord migration, String message) {
      failure = new RunResult.Failure(scope, migration, message);
      return false;
    }
  }

  // ---------------------------------------------------------------- discard

  /**
   * Discards the migration {@code version} of {@code scope}, under the scope's lock, so that it
   * never runs; the transition's error says an operator did it. The component need not exist any
   * more.
   *
   * @return the discarded migration
   * @throws IllegalArgumentException when there is no such migration or the version is malformed
   * @throws IllegalStateException when its status cannot be discarded (applied or running), or the
   *     scope is locked by a run
   */
  public MigrationRecord discard(Scope scope, String version) {
    Migration.versionTime(version);
    MigrationRecord m =
        wanderer
            .findMigration(scope, version)
            .orElseThrow(() ->
                new IllegalArgumentException(
                    "the wanderer has no migration " + version + " in " + scope.value()));
    checkDiscardable(m);
    Optional<Lock> lock = supervisor.tryAcquire(scope.lockKey(), holder, lockLease);
    if (lock.isEmpty()) {
      throw new IllegalStateException(lockedBy(scope));
    }
    try {
      MigrationRecord current = wanderer.findMigration(m.id()).orElseThrow();
      checkDiscardable(current);
      return wanderer.transition(
          current.id(),
          current.status(),
          MigrationStatus.DISCARDED,
          Errors.json("discarded by an operator"),
          clock.instant());
    } finally {
      release(lock.get());
    }
  }

  private static void checkDiscardable(MigrationRecord m) {
    if (!m.status().isDiscardable()) {
      throw new IllegalStateException(
          m.describe()
              + " is "
              + m.status().value()
              + "; only migrations that are acknowledged, failed(up), failed(down) or"
              + " succeeded(down) can be discarded"
              + (m.status() == MigrationStatus.SUCCEEDED_UP ? ": roll it back first" : ""));
    }
  }

  // ---------------------------------------------------------------- helpers

  /** The migrations a component declares, by version, or why they cannot be read. */
  private record Declared(Map<String, Migration> migrations, @Nullable String problem) {}

  private Declared declared(Component c) {
    List<Migration> list;
    try {
      list = c.migrations().migrations();
    } catch (Exception | LinkageError e) {
      return new Declared(
          Map.of(),
          "cannot read the migrations of " + c.scope().value() + ": " + Errors.describe(e));
    }
    Map<String, Migration> byVersion = new TreeMap<>();
    if (list == null) {
      return new Declared(
          byVersion, "the migrations of " + c.scope().value() + " are null, expected a list");
    }
    for (Migration m : list) {
      Migration twice = byVersion.put(m.version(), m);
      if (twice != null) {
        return new Declared(
            Map.of(),
            "two migrations of "
                + c.scope().value()
                + " have version "
                + m.version()
                + ": '"
                + twice.name()
                + "' and '"
                + m.name()
                + "'");
      }
    }
    return new Declared(byVersion, null);
  }

  private static Map<String, MigrationRecord> byVersion(List<MigrationRecord> records) {
    Map<String, MigrationRecord> map = new TreeMap<>();
    records.forEach(r -> map.put(r.version(), r));
    return map;
  }

  /** Whether {@code version} is after {@code limit}; nothing is after no limit. */
  private static boolean after(String version, @Nullable String limit) {
    return limit != null && version.compareTo(limit) > 0;
  }

  private static void noteUnfinished(MigrationRecord r, List<String> notes) {
    if (r.status().isExecuting()) {
      notes.add(
          r.describe()
              + " is "
              + r.status().value()
              + " since "
              + r.transition().createdAt()
              + ": unless another run is going on, the run marks it failed and stops there");
    } else if (r.status() == MigrationStatus.FAILED_DOWN) {
      notes.add(r.describe() + " failed to roll back: roll it back again, or discard it");
    }
  }

  private static String noLongerDeclared(MigrationRecord r) {
    return r.describe()
        + " is "
        + r.status().value()
        + " but "
        + r.scope().value()
        + " no longer declares it: restore its files, or discard it with 'blacksmith migrations"
        + " discard --scope "
        + r.scope().value()
        + " --version "
        + r.version()
        + "'";
  }

  private String lockedBy(Scope scope) {
    try {
      for (Lock l : supervisor.locks()) {
        if (l.key().equals(scope.lockKey())) {
          return scope.value()
              + " is locked by another run ("
              + l.holder().name()
              + " "
              + l.holder().id()
              + ", lock "
              + l.key()
              + " until "
              + l.expiresAt()
              + "); nothing of it ran";
        }
      }
    } catch (RuntimeException e) {
      LOG.debug("cannot list the locks", e);
    }
    return scope.value() + " is locked by another run (lock " + scope.lockKey() + ")";
  }

  private boolean renew(Lock lock) {
    try {
      return supervisor.renew(lock, lockLease);
    } catch (RuntimeException e) {
      logger.warn("cannot renew the lock {}: {}", lock.key(), e.getMessage());
      return false;
    }
  }

  /** Keeps {@code lock} alive while a long migration runs; sets {@code lost} when it is not. */
  private Thread startRenewer(Lock lock, AtomicBoolean lost) {
    Duration every = lockLease.dividedBy(3);
    return Thread.ofVirtual()
        .name("blacksmith-migrations-lock")
        .start(() -> {
          while (!Thread.currentThread().isInterrupted()) {
            try {
              Thread.sleep(every);
            } catch (InterruptedException e) {
              return;
            }
            if (!renew(lock)) {
              lost.set(true);
              logger.error(
                  "lost the lock {}: the running migration finishes, then the run stops",
                  lock.key());
              return;
            }
          }
        });
  }

  private void release(Lock lock) {
    try {
      supervisor.release(lock);
    } catch (RuntimeException e) {
      logger.warn(
          "cannot release the lock {}; it ends with its lease: {}", lock.key(), e.getMessage());
    }
  }

  private static String rootName(Component c) {
    return switch (c.scope().kind()) {
      case SOURCE, TRIGGER -> "source " + c.scope().owner();
      case DESTINATION, ACTION -> "destination " + c.scope().owner();
    };
  }

  private static String componentName(Component c) {
    return (c.scope().kind() == Scope.Kind.TRIGGER ? "trigger " : "action ")
        + c.scope().owner()
        + "/"
        + c.scope().component();
  }

  /** Builds a {@link MigrationRunner}. */
  public static final class Builder {
    private final Wanderer wanderer;
    private final Supervisor supervisor;
    private List<Source> sources = List.of();
    private List<Destination> destinations = List.of();
    private Clock clock = Clock.systemUTC();
    private Logger logger = LoggerFactory.getLogger("blacksmith");
    private Duration lockLease = Duration.ofSeconds(30);
    private Service holder = new Service(Ids.next(), "migrations", Blacksmith.VERSION, null);

    private Builder(Wanderer wanderer, Supervisor supervisor) {
      this.wanderer = Objects.requireNonNull(wanderer, "wanderer");
      this.supervisor = Objects.requireNonNull(supervisor, "supervisor");
    }

    public Builder sources(List<Source> values) {
      this.sources = List.copyOf(values);
      return this;
    }

    public Builder destinations(List<Destination> values) {
      this.destinations = List.copyOf(values);
      return this;
    }

    /** The clock of every transition and duration. */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /** The logger handed to hooks and migrations. */
    public Builder logger(Logger value) {
      this.logger = Objects.requireNonNull(value, "logger");
      return this;
    }

    /** How long a scope's lock outlives a runner that died; at least 1 s (default 30 s). */
    public Builder lockLease(Duration value) {
      if (value.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("lockLease must be at least 1s, was " + value);
      }
      this.lockLease = value;
      return this;
    }

    /** The instance the runner locks as; a new {@code migrations} instance by default. */
    public Builder holder(Service value) {
      this.holder = Objects.requireNonNull(value, "holder");
      return this;
    }

    /**
     * The runner.
     *
     * @throws IllegalArgumentException when a component's name is invalid or used twice
     */
    public MigrationRunner build() {
      return new MigrationRunner(this);
    }
  }
}
