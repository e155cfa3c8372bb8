package dev.blacksmith.store.jdbc;

import dev.blacksmith.spi.jdbc.PostgresUrl;
import dev.blacksmith.spi.pubsub.PubSub;
import dev.blacksmith.spi.store.ClaimRequest;
import dev.blacksmith.spi.store.NewEvent;
import dev.blacksmith.spi.store.NewJob;
import dev.blacksmith.spi.store.Outcome;
import dev.blacksmith.spi.store.Page;
import dev.blacksmith.spi.store.Purge;
import dev.blacksmith.spi.store.Query;
import dev.blacksmith.spi.store.Store;
import dev.blacksmith.spi.store.StoreException;
import dev.blacksmith.store.Event;
import dev.blacksmith.store.Job;
import dev.blacksmith.store.Queue;
import dev.blacksmith.store.Status;
import dev.blacksmith.store.Transition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Store} on a relational database through JDBC: embedded SQLite, or PostgreSQL for
 * several instances sharing one store, with every SQL difference kept in a small dialect.
 *
 * <p>Tables: {@code events}; {@code jobs}, one row per job holding its current status, attempt,
 * latest transition, the instant from which it may be claimed ({@code next_at}) and its lease; and
 * {@code transitions}, the append-only history, written in the same transaction as every change of
 * a job row. Instants are kept to the microsecond; values read back are truncated to it. JSON
 * (contexts, data, errors) is read back as the same JSON value it was given, though PostgreSQL
 * returns it reformatted (spacing, key order, number notation).
 *
 * <p>Attempts: a job is acknowledged at attempt 0; a claim moves it to {@code awaiting} at the
 * attempt about to run (the number of loads started so far plus one); {@link #start} keeps that
 * number, so a job's first load is attempt 1 from {@code awaiting} through its outcome. A claim
 * that takes over an expired lease appends {@code awaiting -> awaiting} (same attempt) or {@code
 * executing -> awaiting} (next attempt) with the error {@code {"message":"lease of <owner>
 * expired"}}; jobs {@link #release released} at shutdown are reclaimed without an error.
 *
 * <p>{@link #complete} drops the follow-up jobs whose parent's outcome it ignored, since the
 * instance that took the parent over will create its own.
 *
 * <p>{@link #purge} deletes root events (those without a parent event in the store) with their
 * sub-events, oldest {@code received_at} first; an event qualifies when every job of it and of its
 * sub-events is in one of the purge's statuses. The limit counts root events; the result counts
 * every event deleted.
 *
 * <p>Thread-safe. Open it with {@link #open(String)}; {@link #migrate()} before first use. Failures
 * are thrown as {@link StoreException}.
 */
public final class JdbcStore implements Store {

  private static final List<Dialect> DIALECTS =
      List.of(SqliteDialect.INSTANCE, PostgresDialect.INSTANCE);

  private static final String SELECT_JOBS = "SELECT " + Columns.select("j", Columns.JOBS);
  private static final String SELECT_EVENTS = "SELECT " + Columns.select("e", Columns.EVENTS);

  private final Dialect dialect;
  private final Database database;
  // Room left for the fixed parameters of a statement that also takes an IN list.
  private final int idsPerStatement;
  private final OperatorWrites operator;

  JdbcStore(Dialect dialect, Database database) {
    this.dialect = dialect;
    this.database = database;
    this.operator = new OperatorWrites(dialect);
    this.idsPerStatement = Math.min(1000, dialect.maxParameters() - 16);
  }

  /**
   * Opens the store at {@code url}; the schema is not migrated until {@link #migrate()}.
   *
   * <ul>
   *   <li>SQLite: {@code sqlite:blacksmith.db}, {@code sqlite:/var/lib/blacksmith/store.db} or
   *       {@code jdbc:sqlite:store.db}; the file and its parent directories are created when
   *       missing.
   *   <li>PostgreSQL: {@code postgres://user:password@host:5432/db}, {@code postgresql://...} or
   *       {@code jdbc:postgresql://host:5432/db?user=...}. Query options pass through to the driver
   *       ({@code sslmode}, {@code ApplicationName}, ...), except the store's own: {@code schema}
   *       (default {@code blacksmith_store}) and {@code poolSize} (default 8).
   * </ul>
   *
   * @throws StoreException when no dialect supports the URL or the database cannot be opened
   */
  public static JdbcStore open(String url) {
    for (Dialect dialect : DIALECTS) {
      if (dialect.supports(url)) {
        return new JdbcStore(dialect, dialect.open(url));
      }
    }
    List<String> forms = DIALECTS.stream().map(Dialect::urlForms).toList();
    throw new StoreException(
        "no JDBC store opens '"
            + PostgresUrl.redact(url)
            + "'; supported URLs: "
            + String.join(", ", forms));
  }

  /** Whether {@link #open(String)} takes {@code url}. */
  public static boolean supports(String url) {
    return DIALECTS.stream().anyMatch(d -> d.supports(url));
  }

  /** The connections, for tests of the backend's settings. */
  Database database() {
    return database;
  }

  @Override
  public String name() {
    return dialect.name();
  }

  @Override
  public void migrate() {
    try {
      // A database holding other tables (the wanderer's, in a shared SQLite file) is a baseline
      // at version 0, below every migration of the store: they all still run.
      database.migrate(
          Flyway.configure(JdbcStore.class.getClassLoader())
              .locations(dialect.migrations())
              .baselineOnMigrate(true)
              .baselineVersion("0"));
    } catch (FlywayException e) {
      throw new StoreException(database.describe() + ": migration failed: " + e.getMessage(), e);
    }
  }

  /**
   * LISTEN/NOTIFY on PostgreSQL: at-most-once wake-ups between instances, delivered to every
   * subscriber; empty on SQLite.
   */
  @Override
  public Optional<PubSub> notifications() {
    return database.notifications();
  }

  @Override
  public void insert(List<NewEvent> events, Instant ingestedAt) {
    if (events.isEmpty()) {
      return;
    }
    List<@Nullable Object[]> eventRows = new ArrayList<>(events.size());
    List<@Nullable Object[]> jobRows = new ArrayList<>();
    List<@Nullable Object[]> transitionRows = new ArrayList<>();
    for (NewEvent event : events) {
      eventRows.add(
          new @Nullable Object[] {
            event.id(),
            event.source(),
            event.trigger(),
            event.version(),
            event.context(),
            event.data(),
            event.sentAt(),
            event.receivedAt(),
            ingestedAt,
            event.parentEventId()
          });
      for (NewJob job : event.jobs()) {
        if (!job.eventId().equals(event.id())) {
          throw new StoreException(
              "job " + job.id() + " names event " + job.eventId() + " but is in " + event.id());
        }
        acknowledged(job, ingestedAt, jobRows, transitionRows);
      }
    }
    write(
        "insert of " + events.size() + " events",
        c -> {
          dialect.insert(c, Columns.EVENTS_TABLE, eventRows);
          dialect.insert(c, Columns.JOBS_TABLE, jobRows);
          dialect.insert(c, Columns.TRANSITIONS_TABLE, transitionRows);
          return null;
        });
  }

  @Override
  public Queue claim(ClaimRequest request) {
    return write(
        "claim of " + request.destination() + "/" + request.action(),
        c -> claimIn(c, request, false));
  }

  @Override
  public Queue claimAndStart(ClaimRequest request) {
    return write(
        "claim and start of " + request.destination() + "/" + request.action(),
        c -> claimIn(c, request, true));
  }

  private Queue claimIn(Connection c, ClaimRequest request, boolean start) throws SQLException {
    List<Job> claimed = dialect.claim(c, request, start);
    if (claimed.isEmpty()) {
      return new Queue(List.of());
    }
    Map<String, List<Job>> byEvent = new LinkedHashMap<>();
    for (Job job : claimed) {
      byEvent.computeIfAbsent(job.eventId(), k -> new ArrayList<>()).add(job);
    }
    Map<String, Event> events = eventsById(c, byEvent.keySet());
    List<Event> queue = new ArrayList<>(byEvent.size());
    for (Map.Entry<String, List<Job>> entry : byEvent.entrySet()) {
      Event event = events.get(entry.getKey());
      if (event == null) {
        throw new StoreException("event " + entry.getKey() + " of claimed jobs is missing");
      }
      queue.add(event.withJobs(entry.getValue()));
    }
    return new Queue(queue);
  }

  @Override
  public List<Job> start(String owner, Collection<String> jobIds, Instant now, Instant leaseUntil) {
    List<String> ids = List.copyOf(new LinkedHashSet<>(jobIds));
    if (ids.isEmpty()) {
      return List.of();
    }
    return write(
        "start of " + ids.size() + " jobs",
        c -> List.copyOf(dialect.start(c, owner, ids, now, leaseUntil)));
  }

  @Override
  public Set<String> complete(
      String owner, List<Outcome> outcomes, List<NewJob> followUps, Instant now) {
    if (outcomes.isEmpty() && followUps.isEmpty()) {
      return Set.of();
    }
    // A second outcome for the same job would find it no longer executing: the first one wins.
    Map<String, Outcome> firsts = new LinkedHashMap<>();
    for (Outcome outcome : outcomes) {
      firsts.putIfAbsent(outcome.jobId(), outcome);
    }
    List<Outcome> distinct = List.copyOf(firsts.values());
    return write(
        "completion of " + outcomes.size() + " jobs",
        c -> {
          Set<String> applied =
              distinct.isEmpty() ? Set.of() : dialect.complete(c, owner, distinct, now);
          List<@Nullable Object[]> jobRows = new ArrayList<>(followUps.size());
          List<@Nullable Object[]> transitionRows = new ArrayList<>(followUps.size());
          for (NewJob job : followUps) {
            String parent = job.parentJobId();
            boolean ignored =
                parent != null && firsts.containsKey(parent) && !applied.contains(parent);
            if (!ignored) {
              acknowledged(job, now, jobRows, transitionRows);
            }
          }
          dialect.insert(c, Columns.JOBS_TABLE, jobRows);
          dialect.insert(c, Columns.TRANSITIONS_TABLE, transitionRows);
          return Set.copyOf(applied);
        });
  }

  @Override
  public void extendLeases(String owner, Collection<String> jobIds, Instant leaseUntil) {
    List<String> ids = List.copyOf(new LinkedHashSet<>(jobIds));
    if (ids.isEmpty()) {
      return;
    }
    Object until = dialect.instant(leaseUntil);
    write(
        "lease extension of " + ids.size() + " jobs",
        c -> {
          for (List<String> chunk : Sql.chunks(ids, idsPerStatement)) {
            try (PreparedStatement statement =
                c.prepareStatement(
                    "UPDATE jobs SET lease_until = ?, next_at = ? WHERE lease_owner = ?"
                        + " AND status IN (?, ?) AND "
                        + dialect.isIn("id", chunk.size()))) {
              statement.setObject(1, until);
              statement.setObject(2, until);
              statement.setString(3, owner);
              statement.setString(4, Status.AWAITING.value());
              statement.setString(5, Status.EXECUTING.value());
              dialect.bindAll(c, statement, 6, chunk);
              statement.executeUpdate();
            }
          }
          return null;
        });
  }

  @Override
  public int release(String owner, Instant now) {
    return write(
        "release of the leases of " + owner,
        c -> {
          try (PreparedStatement statement =
              c.prepareStatement(
                  "UPDATE jobs SET lease_owner = NULL, lease_until = NULL, next_at = ?"
                      + " WHERE lease_owner = ? AND status = ?")) {
            statement.setObject(1, dialect.instant(now));
            statement.setString(2, owner);
            statement.setString(3, Status.AWAITING.value());
            return statement.executeUpdate();
          }
        });
  }

  @Override
  public Set<String> retry(Collection<String> jobIds, Instant now) {
    return operate(
        "retry", jobIds, Status.retryable(), Status.ACKNOWLEDGED, OperatorWrites.RETRIED, now, now);
  }

  @Override
  public Set<String> discard(Collection<String> jobIds, Instant now) {
    return operate(
        "discard",
        jobIds,
        Status.discardable(),
        Status.DISCARDED,
        OperatorWrites.DISCARDED,
        now,
        null);
  }

  private Set<String> operate(
      String what,
      Collection<String> jobIds,
      Set<Status> from,
      Status to,
      String error,
      Instant now,
      @Nullable Instant nextAt) {
    List<String> ids = List.copyOf(new LinkedHashSet<>(jobIds));
    if (ids.isEmpty()) {
      return Set.of();
    }
    return write(
        "operator " + what + " of " + ids.size() + " jobs",
        c -> Set.copyOf(operator.move(c, ids, from, to, error, now, nextAt)));
  }

  @Override
  public int purge(Purge purge) {
    List<String> allowed = purge.allJobsIn().stream().map(Status::value).sorted().toList();
    String notAllowed = " NOT IN (" + Sql.placeholders(allowed.size()) + ")";
    Filters filter = Filters.events(purge.events());
    // Roots: events without a parent in the store, whose jobs and sub-events' jobs all qualify.
    String rootsSql =
        "SELECT e.id FROM events e WHERE "
            + filter.sql()
            + " AND e.received_at < ?"
            + " AND (e.parent_event_id IS NULL"
            + " OR NOT EXISTS (SELECT 1 FROM events p WHERE p.id = e.parent_event_id))"
            + " AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.event_id = e.id AND j.status"
            + notAllowed
            + ") AND NOT EXISTS (SELECT 1 FROM events s JOIN jobs j ON j.event_id = s.id"
            + " WHERE s.parent_event_id = e.id AND j.status"
            + notAllowed
            + ") ORDER BY e.received_at, e.id LIMIT ?"
            + dialect.forUpdate(true);
    List<Object> parameters = new ArrayList<>(filter.parameters());
    parameters.add(purge.receivedBefore());
    parameters.addAll(allowed);
    parameters.addAll(allowed);
    parameters.add(purge.limit());
    return write(
        "purge of events received before " + purge.receivedBefore(),
        c -> {
          List<String> roots = strings(c, rootsSql, parameters);
          if (roots.isEmpty()) {
            return 0;
          }
          // Each root with its sub-events, locked, then checked again under the locks: a job may
          // have moved between the select and the locks.
          Map<String, String> rootOf = new LinkedHashMap<>();
          roots.forEach(id -> rootOf.put(id, id));
          for (List<String> chunk : Sql.chunks(roots, idsPerStatement)) {
            try (PreparedStatement statement =
                c.prepareStatement(
                    "SELECT id, parent_event_id FROM events WHERE "
                        + dialect.isIn("parent_event_id", chunk.size())
                        + " ORDER BY id"
                        + dialect.forUpdate(false))) {
              dialect.bindAll(c, statement, 1, chunk);
              try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                  rootOf.putIfAbsent(rs.getString(1), rs.getString(2));
                }
              }
            }
          }
          Set<String> disqualified = new HashSet<>();
          List<String> all = List.copyOf(rootOf.keySet());
          for (List<String> chunk : Sql.chunks(all, idsPerStatement)) {
            try (PreparedStatement statement =
                c.prepareStatement(
                    "SELECT event_id, status FROM jobs WHERE "
                        + dialect.isIn("event_id", chunk.size())
                        + " ORDER BY id"
                        + dialect.forUpdate(false))) {
              dialect.bindAll(c, statement, 1, chunk);
              try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                  if (!allowed.contains(rs.getString(2))) {
                    disqualified.add(rootOf.get(rs.getString(1)));
                  }
                }
              }
            }
          }
          List<String> doomed =
              all.stream().filter(id -> !disqualified.contains(rootOf.get(id))).toList();
          int deleted = 0;
          for (List<String> chunk : Sql.chunks(doomed, idsPerStatement)) {
            update(
                c,
                "DELETE FROM transitions WHERE job_id IN (SELECT id FROM jobs WHERE "
                    + dialect.isIn("event_id", chunk.size())
                    + ")",
                chunk);
            update(c, "DELETE FROM jobs WHERE " + dialect.isIn("event_id", chunk.size()), chunk);
            deleted +=
                update(c, "DELETE FROM events WHERE " + dialect.isIn("id", chunk.size()), chunk);
          }
          return deleted;
        });
  }

  @Override
  public Optional<Event> findEvent(String id) {
    return read(
        "reading event " + id,
        c -> {
          Event event;
          try (PreparedStatement statement =
              c.prepareStatement(SELECT_EVENTS + " FROM events e WHERE e.id = ?")) {
            statement.setString(1, id);
            try (ResultSet rs = statement.executeQuery()) {
              if (!rs.next()) {
                return Optional.empty();
              }
              event = Columns.event(rs, dialect);
            }
          }
          return Optional.of(event.withJobs(jobsOf(c, List.of(id)).getOrDefault(id, List.of())));
        });
  }

  @Override
  public Page<Event> findEvents(Query query) {
    Filters events = Filters.events(query.events());
    Filters jobs = Filters.jobs(query.jobs());
    String where =
        events.sql()
            + (jobs.isEmpty()
                ? ""
                : " AND EXISTS (SELECT 1 FROM jobs j WHERE j.event_id = e.id AND "
                    + jobs.sql()
                    + ")");
    List<Object> parameters = new ArrayList<>(events.parameters());
    parameters.addAll(jobs.parameters());
    return read(
        "finding events",
        c -> {
          long count = count(c, "SELECT COUNT(*) FROM events e WHERE " + where, parameters);
          List<Event> page = new ArrayList<>();
          try (PreparedStatement statement =
              c.prepareStatement(
                  SELECT_EVENTS
                      + " FROM events e WHERE "
                      + where
                      + " ORDER BY e.id DESC LIMIT ? OFFSET ?")) {
            int next = Sql.bind(statement, 1, parameters, dialect);
            statement.setInt(next, query.limit());
            statement.setInt(next + 1, query.offset());
            try (ResultSet rs = statement.executeQuery()) {
              while (rs.next()) {
                page.add(Columns.event(rs, dialect));
              }
            }
          }
          Map<String, List<Job>> jobsByEvent =
              page.isEmpty() ? Map.of() : jobsOf(c, page.stream().map(Event::id).toList());
          List<Event> items =
              page.stream()
                  .map(e -> e.withJobs(jobsByEvent.getOrDefault(e.id(), List.of())))
                  .toList();
          return new Page<>(items, count, query.offset(), query.limit());
        });
  }

  @Override
  public Optional<Job> findJob(String id) {
    return read(
        "reading job " + id,
        c -> {
          try (PreparedStatement statement =
              c.prepareStatement(SELECT_JOBS + " FROM jobs j WHERE j.id = ?")) {
            statement.setString(1, id);
            try (ResultSet rs = statement.executeQuery()) {
              return rs.next() ? Optional.of(Columns.job(rs, dialect)) : Optional.<Job>empty();
            }
          }
        });
  }

  @Override
  public Page<Job> findJobs(Query query) {
    Filters jobs = Filters.jobs(query.jobs());
    Filters events = Filters.events(query.events());
    String from = events.isEmpty() ? "jobs j" : "jobs j JOIN events e ON e.id = j.event_id";
    String where = jobs.sql() + (events.isEmpty() ? "" : " AND " + events.sql());
    List<Object> parameters = new ArrayList<>(jobs.parameters());
    parameters.addAll(events.parameters());
    return read(
        "finding jobs",
        c -> {
          long count = count(c, "SELECT COUNT(*) FROM " + from + " WHERE " + where, parameters);
          List<Job> items = new ArrayList<>();
          try (PreparedStatement statement =
              c.prepareStatement(
                  SELECT_JOBS
                      + " FROM "
                      + from
                      + " WHERE "
                      + where
                      + " ORDER BY j.id DESC LIMIT ? OFFSET ?")) {
            int next = Sql.bind(statement, 1, parameters, dialect);
            statement.setInt(next, query.limit());
            statement.setInt(next + 1, query.offset());
            try (ResultSet rs = statement.executeQuery()) {
              while (rs.next()) {
                items.add(Columns.job(rs, dialect));
              }
            }
          }
          return new Page<>(items, count, query.offset(), query.limit());
        });
  }

  @Override
  public List<Transition> findTransitions(String jobId) {
    return read(
        "reading the transitions of job " + jobId,
        c -> {
          List<Transition> transitions = new ArrayList<>();
          try (PreparedStatement statement =
              c.prepareStatement(
                  "SELECT "
                      + String.join(", ", Columns.TRANSITIONS)
                      + " FROM transitions WHERE job_id = ? ORDER BY seq")) {
            statement.setString(1, jobId);
            try (ResultSet rs = statement.executeQuery()) {
              while (rs.next()) {
                transitions.add(Columns.transition(rs, dialect));
              }
            }
          }
          return List.copyOf(transitions);
        });
  }

  @Override
  public void close() {
    database.close();
  }

  @Override
  public String toString() {
    return "JdbcStore[" + database.describe() + "]";
  }

  /** Adds the rows of a new {@code acknowledged} job and its first transition. */
  private static void acknowledged(
      NewJob job,
      Instant at,
      List<@Nullable Object[]> jobRows,
      List<@Nullable Object[]> transitionRows) {
    jobRows.add(
        new @Nullable Object[] {
          job.id(),
          job.eventId(),
          job.parentJobId(),
          job.destination(),
          job.action(),
          job.version(),
          job.context(),
          job.data(),
          job.createdAt(),
          Status.ACKNOWLEDGED.value(),
          0,
          job.transitionId(),
          null,
          null,
          at,
          job.nextAt(),
          null,
          null
        });
    transitionRows.add(
        new @Nullable Object[] {
          job.transitionId(),
          0,
          null,
          Status.ACKNOWLEDGED.value(),
          null,
          at,
          job.eventId(),
          job.id()
        });
  }

  /** Events by id, without jobs. */
  private Map<String, Event> eventsById(Connection c, Collection<String> ids) throws SQLException {
    Map<String, Event> events = new HashMap<>();
    for (List<String> chunk : Sql.chunks(List.copyOf(ids), idsPerStatement)) {
      try (PreparedStatement statement =
          c.prepareStatement(
              SELECT_EVENTS + " FROM events e WHERE " + dialect.isIn("e.id", chunk.size()))) {
        dialect.bindAll(c, statement, 1, chunk);
        try (ResultSet rs = statement.executeQuery()) {
          while (rs.next()) {
            Event event = Columns.event(rs, dialect);
            events.put(event.id(), event);
          }
        }
      }
    }
    return events;
  }

  /** Every job of the events, oldest first, by event id. */
  private Map<String, List<Job>> jobsOf(Connection c, List<String> eventIds) throws SQLException {
    Map<String, List<Job>> jobs = new HashMap<>();
    for (List<String> chunk : Sql.chunks(eventIds, idsPerStatement)) {
      try (PreparedStatement statement =
          c.prepareStatement(
              SELECT_JOBS
                  + " FROM jobs j WHERE "
                  + dialect.isIn("j.event_id", chunk.size())
                  + " ORDER BY j.id")) {
        dialect.bindAll(c, statement, 1, chunk);
        try (ResultSet rs = statement.executeQuery()) {
          while (rs.next()) {
            Job job = Columns.job(rs, dialect);
            jobs.computeIfAbsent(job.eventId(), k -> new ArrayList<>()).add(job);
          }
        }
      }
    }
    return jobs;
  }

  private long count(Connection c, String sql, List<Object> parameters) throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      Sql.bind(statement, 1, parameters, dialect);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** The first column of every row of {@code sql}. */
  private List<String> strings(Connection c, String sql, List<?> parameters) throws SQLException {
    List<String> values = new ArrayList<>();
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      Sql.bind(statement, 1, parameters, dialect);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          values.add(rs.getString(1));
        }
      }
    }
    return values;
  }

  /** Runs {@code sql}, whose one condition is an {@link Dialect#isIn} of {@code ids}. */
  private int update(Connection c, String sql, List<String> ids) throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      dialect.bindAll(c, statement, 1, ids);
      return statement.executeUpdate();
    }
  }

  private <T> T write(String what, SqlWork<T> work) {
    try {
      return database.write(work);
    } catch (SQLException e) {
      throw new StoreException(database.describe() + ": " + what + " failed: " + e.getMessage(), e);
    } catch (StoreException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new StoreException(database.describe() + ": " + what + " failed: " + e.getMessage(), e);
    }
  }

  private <T> T read(String what, SqlWork<T> work) {
    try {
      return database.read(work);
    } catch (SQLException e) {
      throw new StoreException(database.describe() + ": " + what + " failed: " + e.getMessage(), e);
    } catch (StoreException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new StoreException(database.describe() + ": " + what + " failed: " + e.getMessage(), e);
    }
  }
}
