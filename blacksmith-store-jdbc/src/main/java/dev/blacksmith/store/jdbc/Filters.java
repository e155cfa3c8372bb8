package dev.blacksmith.store.jdbc;

import dev.blacksmith.spi.store.Query;
import dev.blacksmith.store.Status;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The conditions of a {@link Query} as SQL over {@code events e} and {@code jobs j}, with their
 * parameters in order (instants as {@link java.time.Instant}s, bound by the dialect). Bounds on
 * time are strict: {@code receivedBefore} excludes the instant.
 */
final class Filters {

  private final List<String> conditions = new ArrayList<>();
  private final List<Object> parameters = new ArrayList<>();

  private Filters() {}

  /** Conditions on {@code e} for {@code filter}. */
  static Filters events(Query.EventFilter filter) {
    Filters f = new Filters();
    f.in("e.source", filter.sourcesIn(), false, false);
    f.in("e.source", filter.sourcesNotIn(), true, false);
    f.in("e.trigger_name", filter.triggersIn(), false, false);
    f.in("e.trigger_name", filter.triggersNotIn(), true, false);
    f.in("e.version", filter.versionsIn(), false, true);
    f.in("e.version", filter.versionsNotIn(), true, true);
    if (filter.receivedBefore() != null) {
      f.add("e.received_at < ?", filter.receivedBefore());
    }
    if (filter.receivedAfter() != null) {
      f.add("e.received_at > ?", filter.receivedAfter());
    }
    return f;
  }

  /** Conditions on {@code j} for {@code filter}. */
  static Filters jobs(Query.JobFilter filter) {
    Filters f = new Filters();
    f.in("j.destination", filter.destinationsIn(), false, false);
    f.in("j.destination", filter.destinationsNotIn(), true, false);
    f.in("j.action", filter.actionsIn(), false, false);
    f.in("j.action", filter.actionsNotIn(), true, false);
    f.in("j.status", values(filter.statusIn()), false, false);
    f.in("j.status", values(filter.statusNotIn()), true, false);
    if (filter.minAttempts() != null) {
      f.add("j.attempt >= ?", filter.minAttempts());
    }
    if (filter.maxAttempts() != null) {
      f.add("j.attempt <= ?", filter.maxAttempts());
    }
    if (filter.eventId() != null) {
      f.add("j.event_id = ?", filter.eventId());
    }
    return f;
  }

  boolean isEmpty() {
    return conditions.isEmpty();
  }

  /** The conditions joined with AND, or an always-true condition when there are none. */
  String sql() {
    return conditions.isEmpty() ? "1 = 1" : String.join(" AND ", conditions);
  }

  List<Object> parameters() {
    return parameters;
  }

  private void add(String condition, Object parameter) {
    conditions.add(condition);
    parameters.add(parameter);
  }

  /**
   * {@code column IN (...)} or {@code NOT IN}. A NULL column matches no IN list and, for a nullable
   * column, every NOT IN list: an unversioned event is not in version v1.
   */
  private void in(String column, Collection<String> values, boolean not, boolean nullable) {
    if (values.isEmpty()) {
      return;
    }
    List<String> sorted = values.stream().sorted().toList();
    String list = column + (not ? " NOT IN (" : " IN (") + Sql.placeholders(sorted.size()) + ")";
    conditions.add(not && nullable ? "(" + column + " IS NULL OR " + list + ")" : list);
    parameters.addAll(sorted);
  }

  private static List<String> values(Set<Status> statuses) {
    return statuses.stream().map(Status::value).toList();
  }
}
