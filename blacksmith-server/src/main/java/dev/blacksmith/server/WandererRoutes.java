package dev.blacksmith.server;

import dev.blacksmith.source.ExtractException.Validation;
import dev.blacksmith.spi.store.Page;
import dev.blacksmith.spi.wanderer.MigrationQuery;
import dev.blacksmith.spi.wanderer.MigrationRecord;
import dev.blacksmith.spi.wanderer.MigrationStatus;
import dev.blacksmith.spi.wanderer.MigrationTransition;
import dev.blacksmith.spi.wanderer.Scope;
import dev.blacksmith.spi.wanderer.Wanderer;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The wanderer's admin routes, under {@value AdminRoutes#PREFIX}{@value #PATH}: the migrations of
 * sources, triggers, destinations and actions with their statuses, one migration, and one
 * migration's transitions. Read-only: migrations run with {@code blacksmith migrations}.
 *
 * <p>Filters, as repeated query keys: {@code migrations.scopes_in} and {@code
 * migrations.scopes_notin} (scopes in their long or short form, such as {@code
 * destination:warehouse} or {@code d:warehouse}), {@code migrations.status_in} and {@code
 * migrations.status_notin} (such as {@code succeeded(up)} or {@code succeeded_up}), with {@code
 * offset} and {@code limit} (default 100, at most 1000). Lists are newest version first.
 */
final class WandererRoutes {

  static final String PATH = "/wanderer/migrations";

  /** Every filter key, in the order {@code where} lists them. */
  static final List<String> FILTER_KEYS =
      List.of(
          "migrations.scopes_in",
          "migrations.scopes_notin",
          "migrations.status_in",
          "migrations.status_notin");

  private static final String SUCCESSFUL = "Successful";

  private final Supplier<Wanderer> wanderer;

  private WandererRoutes(Supplier<Wanderer> wanderer) {
    this.wanderer = wanderer;
  }

  /**
   * Mounts the wanderer's routes over {@code wanderer}.
   *
   * @return the routes mounted, for the OpenAPI document's checks
   */
  static List<AdminRoutes.Route> mount(RoutesConfig routes, Supplier<Wanderer> wanderer) {
    WandererRoutes w = new WandererRoutes(wanderer);
    List<AdminRoutes.Route> mounted = new ArrayList<>();
    get(routes, mounted, PATH, w::migrations);
    get(routes, mounted, PATH + "/{id}", w::migration);
    get(routes, mounted, PATH + "/{id}/transitions", w::transitions);
    return List.copyOf(mounted);
  }

  private static void get(
      RoutesConfig routes,
      List<AdminRoutes.Route> mounted,
      String path,
      io.javalin.http.Handler handler) {
    routes.get(AdminRoutes.PREFIX + path, handler);
    mounted.add(new AdminRoutes.Route("get", AdminRoutes.PREFIX + path));
  }

  private void migrations(Context ctx) {
    Filters filters = Filters.parse(ctx.queryParamMap());
    Page<MigrationRecord> page = wanderer.get().findMigrations(filters.query());
    Map<String, Object> body = Answers.envelope(200, SUCCESSFUL);
    body.put("meta", meta(page.count(), page.offset(), page.limit(), filters.where()));
    body.put("data", page.items().stream().map(MigrationView::of).toList());
    Answers.send(ctx, 200, body);
  }

  private void migration(Context ctx) {
    String id = ctx.pathParam("id");
    MigrationRecord m =
        wanderer.get().findMigration(id).orElseThrow(() -> ApiException.notFound("migration", id));
    Map<String, Object> body = Answers.envelope(200, SUCCESSFUL);
    body.put("data", MigrationView.of(m));
    Answers.send(ctx, 200, body);
  }

  private void transitions(Context ctx) {
    String id = ctx.pathParam("id");
    AdminQuery paging = AdminQuery.parsePaging(ctx.queryParamMap());
    Wanderer w = wanderer.get();
    if (w.findMigration(id).isEmpty()) {
      throw ApiException.notFound("migration", id);
    }
    // A migration has a handful of transitions, so paging them in memory is fine.
    List<MigrationTransition> all = w.findTransitions(id);
    int offset = paging.query().offset();
    int limit = paging.query().limit();
    int from = (int) Math.min(all.size(), (long) offset);
    int to = (int) Math.min(all.size(), (long) from + limit);
    Map<String, Object> where = new LinkedHashMap<>();
    where.put("migration_id", id);
    where.putAll(paging.where());
    Map<String, Object> body = Answers.envelope(200, SUCCESSFUL);
    body.put("meta", meta(all.size(), offset, limit, where));
    body.put("data", all.subList(from, to).stream().map(TransitionView::of).toList());
    Answers.send(ctx, 200, body);
  }

  private static Map<String, Object> meta(
      long count, int offset, int limit, Map<String, Object> where) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("count", count);
    meta.put("pagination", AdminQuery.pagination(count, offset, limit));
    meta.put("where", where);
    return meta;
  }

  /** A migration as the admin API shows it. */
  record MigrationView(
      String id,
      String scope,
      String version,
      String name,
      String status,
      String checksum,
      TransitionView transition,
      Instant createdAt) {

    static MigrationView of(MigrationRecord m) {
      return new MigrationView(
          m.id(),
          m.scope().value(),
          m.version(),
          m.name(),
          m.status().value(),
          m.checksum(),
          TransitionView.of(m.transition()),
          m.createdAt());
    }
  }

  /** A migration's transition as the admin API shows it; the error is a JSON tree. */
  record TransitionView(
      String id,
      String migrationId,
      @Nullable String stateBefore,
      String stateAfter,
      @Nullable JsonNode error,
      Instant createdAt) {

    static TransitionView of(MigrationTransition t) {
      return new TransitionView(
          t.id(),
          t.migrationId(),
          t.stateBefore() == null ? null : t.stateBefore().value(),
          t.stateAfter().value(),
          Answers.tree(t.error()),
          t.createdAt());
    }
  }

  /**
   * The list's query parameters read into a {@link MigrationQuery}, with what was applied as the
   * envelope's {@code where}.
   */
  record Filters(MigrationQuery query, Map<String, Object> where) {

    /**
     * Reads the parameters of the migrations list.
     *
     * @throws ApiException 400 naming every key that is unknown or has a bad value
     */
    static Filters parse(Map<String, List<String>> params) {
      // Sorted so the validations come in a stable order whatever the client sent.
      Map<String, List<String>> sorted = new TreeMap<>(params);
      List<Validation> errors = new ArrayList<>();
      Map<String, Object> where = new LinkedHashMap<>();
      for (String key : sorted.keySet()) {
        if (!FILTER_KEYS.contains(key)
            && !key.equals(AdminQuery.OFFSET)
            && !key.equals(AdminQuery.LIMIT)) {
          errors.add(
              new Validation(
                  "unknown filter '"
                      + key
                      + "'; expected "
                      + String.join(", ", FILTER_KEYS)
                      + ", offset or limit",
                  List.of(key)));
        }
      }
      Set<Scope> scopesIn = scopes(sorted, "migrations.scopes_in", errors, where);
      Set<Scope> scopesNotIn = scopes(sorted, "migrations.scopes_notin", errors, where);
      Set<MigrationStatus> statusIn = statuses(sorted, "migrations.status_in", errors, where);
      Set<MigrationStatus> statusNotIn = statuses(sorted, "migrations.status_notin", errors, where);
      Integer offset = integer(sorted, AdminQuery.OFFSET, 0, Integer.MAX_VALUE, errors);
      Integer limit = integer(sorted, AdminQuery.LIMIT, 1, MigrationQuery.MAX_LIMIT, errors);
      if (!errors.isEmpty()) {
        throw new ApiException(400, Answers.reason(400), errors);
      }
      int o = offset == null ? 0 : offset;
      int l = limit == null ? MigrationQuery.DEFAULT_LIMIT : limit;
      Map<String, Object> applied = new LinkedHashMap<>();
      for (String key : FILTER_KEYS) {
        if (where.containsKey(key)) {
          applied.put(key, where.get(key));
        }
      }
      applied.put(AdminQuery.OFFSET, o);
      applied.put(AdminQuery.LIMIT, l);
      return new Filters(
          new MigrationQuery(scopesIn, scopesNotIn, statusIn, statusNotIn, o, l), applied);
    }

    private static List<String> values(Map<String, List<String>> params, String key) {
      return params.getOrDefault(key, List.of()).stream()
          .filter(v -> !v.isBlank())
          .map(String::trim)
          .toList();
    }

    private static Set<Scope> scopes(
        Map<String, List<String>> params,
        String key,
        List<Validation> errors,
        Map<String, Object> where) {
      Set<Scope> scopes = new LinkedHashSet<>();
      for (String v : values(params, key)) {
        try {
          scopes.add(Scope.parse(v));
        } catch (IllegalArgumentException e) {
          errors.add(new Validation(String.valueOf(e.getMessage()), List.of(key)));
        }
      }
      if (!scopes.isEmpty()) {
        where.put(key, scopes.stream().map(Scope::value).toList());
      }
      return scopes;
    }

    private static Set<MigrationStatus> statuses(
        Map<String, List<String>> params,
        String key,
        List<Validation> errors,
        Map<String, Object> where) {
      Set<MigrationStatus> statuses = new LinkedHashSet<>();
      for (String v : values(params, key)) {
        try {
          statuses.add(MigrationStatus.of(v));
        } catch (IllegalArgumentException e) {
          errors.add(new Validation(String.valueOf(e.getMessage()), List.of(key)));
        }
      }
      if (!statuses.isEmpty()) {
        where.put(key, statuses.stream().map(MigrationStatus::value).toList());
      }
      return statuses;
    }

    private static @Nullable Integer integer(
        Map<String, List<String>> params, String key, int min, int max, List<Validation> errors) {
      List<String> given = values(params, key);
      if (given.isEmpty()) {
        return null;
      }
      if (given.size() > 1) {
        errors.add(
            new Validation(
                key + " must be given once, was given " + given.size() + " times", List.of(key)));
        return null;
      }
      String v = given.get(0);
      int n;
      try {
        n = Integer.parseInt(v);
      } catch (NumberFormatException e) {
        errors.add(new Validation(key + " must be a whole number, was '" + v + "'", List.of(key)));
        return null;
      }
      if (n < min || n > max) {
        errors.add(
            new Validation(
                max == Integer.MAX_VALUE
                    ? key + " must be " + min + " or more, was " + n
                    : key + " must be between " + min + " and " + max + ", was " + n,
                List.of(key)));
        return null;
      }
      return n;
    }
  }
}
