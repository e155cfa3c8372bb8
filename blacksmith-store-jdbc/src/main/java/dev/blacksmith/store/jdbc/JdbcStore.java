package dev.blacksmith.store.jdbc;

import dev.blacksmith.json.Json;
import dev.blacksmith.spi.Ids;
import dev.blacksmith.spi.store.ClaimRequest;
import dev.blacksmith.spi.store.NewEvent;
import dev.blacksmith.spi.store.NewJob;
import dev.blacksmith.spi.store.Outcome;
import dev.blacksmith.spi.store.Page;
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
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
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
 * The {@link Store} on a relational database through JDBC: embedded SQLite today, with every SQL
 * difference kept in a small dialect so that PostgreSQL can join it.
 *
 * <p>Tables: {@code events}; {@code jobs}, one row per job holding its current status, attempt,
 * latest transition, the instant from which it may be claimed ({@code next_at}) and its lease; and
 * {@code transitions}, the append-only history, written in the same transaction as every change of
 * a job row. Instants are kept to the microsecond; values read back are truncated to it.
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
 * <p>Thread-safe. Open it with {@link #open(String)}; {@link #migrate()} before first use. Failures
 * are thrown as {@link StoreException}.
 */
public final class JdbcStore implements Store {

  private static final List<Dialect> DIALECTS = List.of(SqliteDialect.INSTANCE);

  private static final String SELECT_JOBS = "SELECT " + Columns.select("j", Columns.JOBS);
  private static final String SELECT_EVENTS = "SELECT " + Columns.select("e", Columns.EVENTS);
  private static final String UPDATE_JOB =
      "UPDATE jobs SET status = ?, attempt = ?, transition_id = ?, state_before = ?, error = ?,"
          + " transitioned_at = ?, next_at = ?, lease_owner = ?, lease_until = ?"
          + " WHERE id = ? AND status = ?";

  private final Dialect dialect;
  private final Database database;
  private final String claimSql;
  // Room left for the fixed parameters of a statement that also takes an IN list.
  private final int idsPerStatement;

  JdbcStore(Dialect dialect, Database database) {
    this.dialect = dialect;
    this.database = database;
    this.claimSql =
        SELECT_JOBS
            + " FROM jobs j WHERE j.destination = ? AND j.action = ?"
            + " AND j.next_at IS NOT NULL AND j.next_at <= ? ORDER BY j.next_at LIMIT ?"
            + dialect.lockClaimed();
    this.idsPerStatement = Math.min(1000, dialect.maxParameters() - 16);
  }

  /**
   * Opens the store at {@code url}, such as {@code sqlite:blacksmith.db}, {@code
   * sqlite:/var/lib/blacksmith/store.db} or {@code jdbc:sqlite:store.db}; the file and its parent
   * directories are created when missing. The schema is not migrated until {@link #migrate()}.
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
        "no JDBC store opens '" + url + "'; supported URLs: " + String.join(", ", forms));
  }

  /** Whether {@link #open(String)} takes {@code url}. */
  public static boolean supports(String url) {
    return DIALECTS.stream().anyMatch(d -> d.supports(url));
  }

  /** The connections, for tests of the backend's settings. */
  Database database() {
    return database;
  }

  /** The select of claimable jobs, for tests of its query plan. */
  String claimSql() {
    return claimSql;
  }

  @Override
  public String name() {
    return dialect.name();
  }

  @Override
  public void migrate() {
    try {
      database.migrate(source ->
          Flyway.configure(JdbcStore.class.getClassLoader())
              .dataSource(source)
              .locations(dialect.migrations())
              .load()
              .migrate());
    } catch (FlywayException e) {
      throw new StoreException(database.describe() + ": migration failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void insert(List<NewEvent> events, Instant ingestedAt) {
    if (events.isEmpty()) {
      return;
    }
    long ingested = Micros.of(ingestedAt);
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
            Columns.micros(event.sentAt()),
            Micros.of(event.receivedAt()),
            ingested,
            event.parentEventId()
          });
      for (NewJob job : event.jobs()) {
        if (!job.eventId().equals(event.id())) {
          throw new StoreException(
              "job " + job.id() + " names event " + job.eventId() + " but is in " + event.id());
        }
        acknowledged(job, ingested, jobRows, transitionRows);
      }
    }
    write(
        "insert of " + events.size() + " events",
        c -> {
          Sql.insert(c, "events", Columns.EVENTS, eventRows, dialect.maxParameters());
          Sql.insert(c, "jobs", Columns.JOBS, jobRows, dialect.maxParameters());
          Sql.insert(
              c, "transitions", Columns.TRANSITIONS, transitionRows, dialect.maxParameters());
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
    List<Job> candidates = new ArrayList<>();
    List<@Nullable String> owners = new ArrayList<>();
    try (PreparedStatement statement = c.prepareStatement(claimSql)) {
      statement.setString(1, request.destination());
      statement.setString(2, request.action());
      statement.setLong(3, Micros.of(request.now()));
      statement.setInt(4, request.limit());
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          candidates.add(Columns.job(rs));
          owners.add(rs.getString("lease_owner"));
        }
      }
    }
    if (candidates.isEmpty()) {
      return new Queue(List.of());
    }
    List<Change> changes = new ArrayList<>(candidates.size());
    for (int i = 0; i < candidates.size(); i++) {
      Job job = candidates.get(i);
      Status before = job.status();
      // Awaiting never started its attempt; every other status has used its number.
      int attempt = before == Status.AWAITING ? job.attempt() : job.attempt() + 1;
      String previousOwner = owners.get(i);
      boolean leased = before == Status.AWAITING || before == Status.EXECUTING;
      String error = leased && previousOwner != null ? leaseExpired(previousOwner) : null;
      changes.add(
          new Change(
              job.id(),
              job.eventId(),
              before,
              Status.AWAITING,
              attempt,
              Ids.next(),
              error,
              request.now(),
              request.leaseUntil(),
              request.owner(),
              request.leaseUntil()));
    }
    List<Change> starts = new ArrayList<>(start ? changes.size() : 0);
    if (start) {
      for (Change claimed : changes) {
        starts.add(
            new Change(
                claimed.jobId(),
                claimed.eventId(),
                Status.AWAITING,
                Status.EXECUTING,
                claimed.attempt(),
                Ids.next(),
                null,
                request.now(),
                request.leaseUntil(),
                request.owner(),
                request.leaseUntil()));
      }
      // One row update to the final state; both transitions appended.
      updateRows(c, changes, starts);
      List<Change> history = new ArrayList<>(changes.size() * 2);
      history.addAll(changes);
      history.addAll(starts);
      appendTransitions(c, history);
    } else {
      apply(c, changes);
    }
    Map<String, List<Job>> byEvent = new LinkedHashMap<>();
    for (int i = 0; i < candidates.size(); i++) {
      Job job = withChange(candidates.get(i), start ? starts.get(i) : changes.get(i));
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
        c -> {
          Map<String, Job> awaiting = leased(c, Status.AWAITING, owner, ids);
          List<Change> changes = new ArrayList<>(awaiting.size());
          List<Job> started = new ArrayList<>(awaiting.size());
          for (String id : ids) {
            Job job = awaiting.get(id);
            if (job == null) {
              continue;
            }
            Change change =
                new Change(
                    id,
                    job.eventId(),
                    Status.AWAITING,
                    Status.EXECUTING,
                    job.attempt(),
                    Ids.next(),
                    null,
                    now,
                    leaseUntil,
                    owner,
                    leaseUntil);
            changes.add(change);
            started.add(withChange(job, change));
          }
          apply(c, changes);
          return List.copyOf(started);
        });
  }

  @Override
  public Set<String> complete(
      String owner, List<Outcome> outcomes, List<NewJob> followUps, Instant now) {
    if (outcomes.isEmpty() && followUps.isEmpty()) {
      return Set.of();
    }
    List<String> ids = outcomes.stream().map(Outcome::jobId).distinct().toList();
    return write(
        "completion of " + outcomes.size() + " jobs",
        c -> {
          Map<String, Job> executing =
              ids.isEmpty() ? Map.of() : leased(c, Status.EXECUTING, owner, ids);
          Set<String> applied = new LinkedHashSet<>();
          List<Change> changes = new ArrayList<>(outcomes.size());
          for (Outcome outcome : outcomes) {
            Job job = executing.get(outcome.jobId());
            // A second outcome for the same job finds it no longer executing.
            if (job == null || !applied.add(outcome.jobId())) {
              continue;
            }
            changes.add(
                new Change(
                    job.id(),
                    job.eventId(),
                    Status.EXECUTING,
                    outcome.status(),
                    job.attempt(),
                    outcome.transitionId(),
                    outcome.error(),
                    now,
                    outcome.status() == Status.FAILED ? outcome.nextAt() : null,
                    null,
                    null));
          }
          apply(c, changes);
          Set<String> ignored = new HashSet<>(ids);
          ignored.removeAll(applied);
          long created = Micros.of(now);
          List<@Nullable Object[]> jobRows = new ArrayList<>(followUps.size());
          List<@Nullable Object[]> transitionRows = new ArrayList<>(followUps.size());
          for (NewJob job : followUps) {
            if (job.parentJobId() == null || !ignored.contains(job.parentJobId())) {
              acknowledged(job, created, jobRows, transitionRows);
            }
          }
          Sql.insert(c, "jobs", Columns.JOBS, jobRows, dialect.maxParameters());
          Sql.insert(
              c, "transitions", Columns.TRANSITIONS, transitionRows, dialect.maxParameters());
          return Collections.unmodifiableSet(applied);
        });
  }

  @Override
  public void extendLeases(String owner, Collection<String> jobIds, Instant leaseUntil) {
    List<String> ids = List.copyOf(new LinkedHashSet<>(jobIds));
    if (ids.isEmpty()) {
      return;
    }
    long until = Micros.of(leaseUntil);
    write(
        "lease extension of " + ids.size() + " jobs",
        c -> {
          for (List<String> chunk : Sql.chunks(ids, idsPerStatement)) {
            try (PreparedStatement statement =
                c.prepareStatement(
                    "UPDATE jobs SET lease_until = ?, next_at = ? WHERE lease_owner = ?"
                        + " AND status IN (?, ?) AND id IN ("
                        + Sql.placeholders(chunk.size())
                        + ")")) {
              statement.setLong(1, until);
              statement.setLong(2, until);
              statement.setString(3, owner);
              statement.setString(4, Status.AWAITING.value());
              statement.setString(5, Status.EXECUTING.value());
              Sql.bind(statement, 6, chunk);
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
            statement.setLong(1, Micros.of(now));
            statement.setString(2, owner);
            statement.setString(3, Status.AWAITING.value());
            return statement.executeUpdate();
          }
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
              event = Columns.event(rs);
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
            int next = Sql.bind(statement, 1, parameters);
            statement.setInt(next, query.limit());
            statement.setInt(next + 1, query.offset());
            try (ResultSet rs = statement.executeQuery()) {
              while (rs.next()) {
                page.add(Columns.event(rs));
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
              return rs.next() ? Optional.of(Columns.job(rs)) : Optional.<Job>empty();
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
            int next = Sql.bind(statement, 1, parameters);
            statement.setInt(next, query.limit());
            statement.setInt(next + 1, query.offset());
            try (ResultSet rs = statement.executeQuery()) {
              while (rs.next()) {
                items.add(Columns.job(rs));
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
                transitions.add(Columns.transition(rs));
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
      long at,
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
          Micros.of(job.createdAt()),
          Status.ACKNOWLEDGED.value(),
          0,
          job.transitionId(),
          null,
          null,
          at,
          Micros.of(job.nextAt()),
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

  /** Moves each job's row and appends its transition; fails if a row was not as expected. */
  private void apply(Connection c, List<Change> changes) throws SQLException {
    updateRows(c, changes, changes);
    appendTransitions(c, changes);
  }

  /**
   * Updates each job row to the state of {@code rows.get(i)}, provided it is still in the state
   * before {@code expected.get(i)}: two changes made in one transaction cost one row update.
   */
  private static void updateRows(Connection c, List<Change> expected, List<Change> rows)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement statement = c.prepareStatement(UPDATE_JOB)) {
      for (int i = 0; i < rows.size(); i++) {
        Change change = rows.get(i);
        statement.setString(1, change.after().value());
        statement.setInt(2, change.attempt());
        statement.setString(3, change.transitionId());
        statement.setString(4, change.before().value());
        statement.setString(5, change.error());
        statement.setLong(6, Micros.of(change.at()));
        setMicros(statement, 7, change.nextAt());
        statement.setString(8, change.leaseOwner());
        setMicros(statement, 9, change.leaseUntil());
        statement.setString(10, change.jobId());
        statement.setString(11, expected.get(i).before().value());
        statement.addBatch();
      }
      int[] counts = statement.executeBatch();
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] != 1 && counts[i] != Statement.SUCCESS_NO_INFO) {
          Change change = expected.get(i);
          throw new StoreException(
              "job " + change.jobId() + " was no longer " + change.before() + "; nothing applied");
        }
      }
    }
  }

  private static void setMicros(PreparedStatement statement, int index, @Nullable Instant instant)
      throws SQLException {
    if (instant == null) {
      statement.setNull(index, java.sql.Types.BIGINT);
    } else {
      statement.setLong(index, Micros.of(instant));
    }
  }

  private void appendTransitions(Connection c, List<Change> changes) throws SQLException {
    List<@Nullable Object[]> transitionRows = new ArrayList<>(changes.size());
    for (Change change : changes) {
      transitionRows.add(
          new @Nullable Object[] {
            change.transitionId(),
            change.attempt(),
            change.before().value(),
            change.after().value(),
            change.error(),
            Micros.of(change.at()),
            change.eventId(),
            change.jobId()
          });
    }
    Sql.insert(c, "transitions", Columns.TRANSITIONS, transitionRows, dialect.maxParameters());
  }

  /** The jobs among {@code ids} in {@code status} under {@code owner}'s lease, by id. */
  private Map<String, Job> leased(Connection c, Status status, String owner, List<String> ids)
      throws SQLException {
    Map<String, Job> jobs = new HashMap<>();
    for (List<String> chunk : Sql.chunks(ids, idsPerStatement)) {
      try (PreparedStatement statement =
          c.prepareStatement(
              SELECT_JOBS
                  + " FROM jobs j WHERE j.status = ? AND j.lease_owner = ? AND j.id IN ("
                  + Sql.placeholders(chunk.size())
                  + ")")) {
        statement.setString(1, status.value());
        statement.setString(2, owner);
        Sql.bind(statement, 3, chunk);
        try (ResultSet rs = statement.executeQuery()) {
          while (rs.next()) {
            Job job = Columns.job(rs);
            jobs.put(job.id(), job);
          }
        }
      }
    }
    return jobs;
  }

  /** Events by id, without jobs. */
  private Map<String, Event> eventsById(Connection c, Collection<String> ids) throws SQLException {
    Map<String, Event> events = new HashMap<>();
    for (List<String> chunk : Sql.chunks(List.copyOf(ids), idsPerStatement)) {
      try (PreparedStatement statement =
          c.prepareStatement(
              SELECT_EVENTS
                  + " FROM events e WHERE e.id IN ("
                  + Sql.placeholders(chunk.size())
                  + ")")) {
        Sql.bind(statement, 1, chunk);
        try (ResultSet rs = statement.executeQuery()) {
          while (rs.next()) {
            Event event = Columns.event(rs);
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
                  + " FROM jobs j WHERE j.event_id IN ("
                  + Sql.placeholders(chunk.size())
                  + ") ORDER BY j.id")) {
        Sql.bind(statement, 1, chunk);
        try (ResultSet rs = statement.executeQuery()) {
          while (rs.next()) {
            Job job = Columns.job(rs);
            jobs.computeIfAbsent(job.eventId(), k -> new ArrayList<>()).add(job);
          }
        }
      }
    }
    return jobs;
  }

  private static long count(Connection c, String sql, List<Object> parameters) throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      Sql.bind(statement, 1, parameters);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** {@code job} after {@code change}, with the values as the store keeps them. */
  private static Job withChange(Job job, Change change) {
    Transition transition =
        new Transition(
            change.transitionId(),
            change.attempt(),
            change.before(),
            change.after(),
            change.error(),
            Micros.truncate(change.at()),
            job.eventId(),
            job.id());
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

  private static String leaseExpired(String owner) {
    return Json.write(Map.of("message", "lease of " + owner + " expired"));
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
