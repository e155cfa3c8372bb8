package dev.blacksmith.server;

import dev.blacksmith.source.ExtractException.Validation;
import dev.blacksmith.spi.store.Query;
import dev.blacksmith.spi.store.Query.EventFilter;
import dev.blacksmith.spi.store.Query.JobFilter;
import dev.blacksmith.store.Status;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Reads the admin API's query parameters (filters as repeated keys, {@code offset}, {@code limit})
 * into a store {@link Query}, and echoes what was applied as the envelope's {@code where}.
 *
 * @param query the store query
 * @param where the filters applied, by query key, with {@code offset} and {@code limit}
 */
record AdminQuery(Query query, Map<String, Object> where) {

  static final String OFFSET = "offset";
  static final String LIMIT = "limit";

  /** Every filter key, in the order {@code where} lists them. */
  static final List<String> FILTER_KEYS =
      List.of(
          "events.sources_in",
          "events.sources_notin",
          "events.triggers_in",
          "events.triggers_notin",
          "events.versions_in",
          "events.versions_notin",
          "events.received_before",
          "events.received_after",
          "jobs.destinations_in",
          "jobs.destinations_notin",
          "jobs.actions_in",
          "jobs.actions_notin",
          "jobs.status_in",
          "jobs.status_notin",
          "jobs.min_attempts",
          "jobs.max_attempts");

  /**
   * Parses the parameters of a list of events or jobs.
   *
   * @throws ApiException 400 naming every key that is unknown or has a bad value
   */
  static AdminQuery parse(Map<String, List<String>> params) {
    return new Parser(params, true).parse();
  }

  /**
   * Parses the parameters of a list that only pages ({@code offset}, {@code limit}), such as a
   * job's transitions.
   *
   * @throws ApiException 400 naming every key that is unknown or has a bad value
   */
  static AdminQuery parsePaging(Map<String, List<String>> params) {
    return new Parser(params, false).parse();
  }

  /**
   * The {@code pagination} of the envelope: pages numbered from 1, of {@code limit} results each,
   * the current one being the page {@code offset} falls in.
   */
  static Map<String, Object> pagination(long count, int offset, int limit) {
    long current = offset / limit + 1L;
    long last = Math.max(1L, (count + limit - 1) / limit);
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("current", current);
    p.put("first", 1L);
    p.put("last", last);
    p.put("previous", current > 1 ? current - 1 : null);
    p.put("next", current < last ? current + 1 : null);
    return p;
  }

  /** The {@code meta} of a list: count, pagination and where. */
  Map<String, Object> meta(long count) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("count", count);
    meta.put("pagination", pagination(count, query.offset(), query.limit()));
    meta.put("where", where);
    return meta;
  }

  private static final class Parser {
    private final Map<String, List<String>> params;
    private final boolean filters;
    private final List<Validation> errors = new ArrayList<>();
    private final Map<String, Object> where = new LinkedHashMap<>();

    Parser(Map<String, List<String>> params, boolean filters) {
      // Sorted so the validations come in a stable order whatever the client sent.
      this.params = new TreeMap<>(params);
      this.filters = filters;
    }

    AdminQuery parse() {
      for (String key : params.keySet()) {
        boolean known =
            key.equals(OFFSET) || key.equals(LIMIT) || (filters && FILTER_KEYS.contains(key));
        if (!known) {
          errors.add(
              invalid(
                  key,
                  filters
                      ? "unknown filter '" + key + "'"
                      : "unknown parameter '" + key + "'; only offset and limit are accepted"));
        }
      }
      EventFilter events = EventFilter.NONE;
      JobFilter jobs = JobFilter.NONE;
      if (filters) {
        events =
            new EventFilter(
                strings("events.sources_in"),
                strings("events.sources_notin"),
                strings("events.triggers_in"),
                strings("events.triggers_notin"),
                strings("events.versions_in"),
                strings("events.versions_notin"),
                instant("events.received_before"),
                instant("events.received_after"));
        jobs =
            new JobFilter(
                strings("jobs.destinations_in"),
                strings("jobs.destinations_notin"),
                strings("jobs.actions_in"),
                strings("jobs.actions_notin"),
                statuses("jobs.status_in"),
                statuses("jobs.status_notin"),
                integer("jobs.min_attempts", 0, Integer.MAX_VALUE),
                integer("jobs.max_attempts", 0, Integer.MAX_VALUE),
                null);
      }
      Integer offset = integer(OFFSET, 0, Integer.MAX_VALUE);
      Integer limit = integer(LIMIT, 1, Query.MAX_LIMIT);
      if (!errors.isEmpty()) {
        throw new ApiException(400, Answers.reason(400), errors);
      }
      int o = offset == null ? 0 : offset;
      int l = limit == null ? Query.DEFAULT_LIMIT : limit;
      Map<String, Object> applied = new LinkedHashMap<>();
      for (String key : FILTER_KEYS) {
        if (where.containsKey(key)) {
          applied.put(key, where.get(key));
        }
      }
      applied.put(OFFSET, o);
      applied.put(LIMIT, l);
      return new AdminQuery(new Query(events, jobs, o, l), applied);
    }

    /** The non-blank values of a repeated key. */
    private Set<String> strings(String key) {
      Set<String> values = new LinkedHashSet<>();
      for (String v : params.getOrDefault(key, List.of())) {
        if (!v.isBlank()) {
          values.add(v.trim());
        }
      }
      if (!values.isEmpty()) {
        where.put(key, List.copyOf(values));
      }
      return values;
    }

    private Set<Status> statuses(String key) {
      Set<Status> values = new LinkedHashSet<>();
      for (String v : strings(key)) {
        try {
          values.add(Status.of(v));
        } catch (IllegalArgumentException e) {
          errors.add(invalid(key, e.getMessage()));
        }
      }
      if (!values.isEmpty()) {
        where.put(key, values.stream().map(Status::value).toList());
      }
      return values;
    }

    private @Nullable Integer integer(String key, int min, int max) {
      String v = single(key);
      if (v == null) {
        return null;
      }
      int n;
      try {
        n = Integer.parseInt(v);
      } catch (NumberFormatException e) {
        errors.add(invalid(key, key + " must be a whole number, was '" + v + "'"));
        return null;
      }
      if (n < min || n > max) {
        errors.add(
            invalid(
                key,
                max == Integer.MAX_VALUE
                    ? key + " must be " + min + " or more, was " + n
                    : key + " must be between " + min + " and " + max + ", was " + n));
        return null;
      }
      where.put(key, n);
      return n;
    }

    private @Nullable Instant instant(String key) {
      String v = single(key);
      if (v == null) {
        return null;
      }
      Instant at = parseInstant(v);
      if (at == null) {
        errors.add(
            invalid(
                key,
                key
                    + " must be an ISO-8601 date or date-time, such as 2024-05-01T12:00:00Z, was '"
                    + v
                    + "'"));
        return null;
      }
      where.put(key, at.toString());
      return at;
    }

    /** The value of a key given at most once; blank counts as absent. */
    private @Nullable String single(String key) {
      List<String> values =
          params.getOrDefault(key, List.of()).stream().filter(s -> !s.isBlank()).toList();
      if (values.size() > 1) {
        errors.add(
            invalid(key, key + " must be given once, was given " + values.size() + " times"));
        return null;
      }
      return values.isEmpty() ? null : values.get(0).trim();
    }

    private static Validation invalid(String key, String message) {
      return new Validation(message, List.of(key));
    }
  }

  /**
   * An instant from ISO-8601 text: with {@code Z} or an offset, or a local date-time or date read
   * as UTC. A space may separate date and time ({@code 2021-02-09 15:23:00}).
   */
  static @Nullable Instant parseInstant(String text) {
    String t = text.trim();
    try {
      return OffsetDateTime.parse(t.replace(' ', 'T')).toInstant();
    } catch (DateTimeParseException e) {
      // Not with an offset; try the local forms below.
    }
    try {
      return LocalDateTime.parse(t.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // Not a local date-time either.
    }
    try {
      return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
