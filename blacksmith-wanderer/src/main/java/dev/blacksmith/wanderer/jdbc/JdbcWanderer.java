package dev.blacksmith.wanderer.jdbc;

import dev.blacksmith.json.Json;
import dev.blacksmith.spi.Ids;
import dev.blacksmith.spi.jdbc.PostgresUrl;
import dev.blacksmith.spi.store.Page;
import dev.blacksmith.spi.wanderer.Acknowledgement;
import dev.blacksmith.spi.wanderer.MigrationQuery;
import dev.blacksmith.spi.wanderer.MigrationRecord;
import dev.blacksmith.spi.wanderer.MigrationStatus;
import dev.blacksmith.spi.wanderer.MigrationTransition;
import dev.blacksmith.spi.wanderer.NewMigration;
import dev.blacksmith.spi.wanderer.Scope;
import dev.blacksmith.spi.wanderer.Wanderer;
import dev.blacksmith.spi.wanderer.WandererException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Wanderer} on SQLite or PostgreSQL through JDBC.
 *
 * <p>Tables: on PostgreSQL, {@code migrations} and {@code transitions} in schema {@code
 * blacksmith_wanderer} (the URL's {@code ?schema=} changes it); on SQLite, {@code
 * wanderer_migrations} and {@code wanderer_transitions}, by default in the store's file. Flyway
 * creates them from {@code classpath:db/wanderer/{sqlite,postgresql}} and keeps its history in
 * {@code wanderer_schema_history}, apart from the store's, so the two never collide. A migration
 * row carries its latest transition; every change appends a transition in the same transaction.
 * Instants are kept to the microsecond.
 *
 * <p>Thread-safe. Open it with {@link #open(String)}; {@link #migrate()} before first use. Failures
 * are thrown as {@link WandererException}.
 */
public final class JdbcWanderer implements Wanderer {

  private static final String COLUMNS =
      "id, scope, version, name, checksum, created_at, status, transition_id, state_before, error,"
          + " transitioned_at";
  private static final String TRANSITION_COLUMNS =
      "id, migration_id, state_before, state_after, error, created_at";

  private final Dialect dialect;
  private final Database database;
  private final String migrations;
  private final String transitions;

  private JdbcWanderer(Dialect dialect, Database database) {
    this.dialect = dialect;
    this.database = database;
    this.migrations = dialect.migrations();
    this.transitions = dialect.transitions();
  }

  /**
   * Opens the wanderer at {@code url}; its tables are not created until {@link #migrate()}.
   *
   * <ul>
   *   <li>SQLite: {@code sqlite:blacksmith.db} or {@code jdbc:sqlite:blacksmith.db}, usually the
   *       store's file; the file and its directories are created when missing.
   *   <li>PostgreSQL: {@code postgres://user:password@host:5432/db}, {@code postgresql://...} or
   *       {@code jdbc:postgresql://host:5432/db?user=...}, with {@code schema} (default {@code
   *       blacksmith_wanderer}) and {@code poolSize} (default 2); other options pass through to the
   *       driver ({@code sslmode}, ...).
   * </ul>
   *
   * @throws WandererException when the URL is of neither form or the database cannot be opened
   */
  public static JdbcWanderer open(String url) {
    if (WandererUrls.isSqlite(url)) {
      return new JdbcWanderer(
          Dialect.SQLITE, SqliteDatabase.open(WandererUrls.sqliteFile(url.trim())));
    }
    if (PostgresUrl.matches(url)) {
      return new JdbcWanderer(
          Dialect.POSTGRES, PostgresDatabase.open(WandererUrls.postgres(url.trim())));
    }
    throw new WandererException(
        "no JDBC wanderer opens '"
            + PostgresUrl.redact(url)
            + "'; supported URLs: sqlite:<path>, jdbc:sqlite:<path>,"
            + " postgres://user:password@host:port/database, postgresql://...,"
            + " jdbc:postgresql://host:port/database");
  }

  /** Whether {@link #open(String)} takes {@code url}. */
  public static boolean supports(String url) {
    return WandererUrls.isSqlite(url) || PostgresUrl.matches(url);
  }

  /**
   * The wanderer URL to use with the store at {@code storeUrl} when none is configured: the store's
   * SQLite file, or its PostgreSQL database in the wanderer's own schema (the store's {@code
   * schema} and {@code poolSize} options are dropped). Other URLs come back unchanged.
   */
  public static String urlForStore(String storeUrl) {
    return WandererUrls.fromStoreUrl(storeUrl);
  }

  /** {@code url} with any password masked, for messages and logs. */
  public static String redact(String url) {
    return PostgresUrl.redact(url);
  }

  @Override
  public String name() {
    return dialect.backend();
  }

  /**
   * Creates or upgrades the wanderer's tables. An existing database without the wanderer's history
   * (such as the store's SQLite file) is taken as it is: the wanderer's migrations then create only
   * its own tables.
   */
  @Override
  public void migrate() {
    try {
      database.migrate(
          Flyway.configure(JdbcWanderer.class.getClassLoader())
              .locations(dialect.flywayLocation())
              .table("wanderer_schema_history")
              .baselineOnMigrate(true)
              .baselineVersion("0")
              .baselineDescription("before the wanderer"));
    } catch (FlywayException e) {
      throw new WandererException(database.describe() + ": migration failed: " + e.getMessage(), e);
    }
  }

  @Override
  public Acknowledgement acknowledge(List<NewMigration> given, Instant now) {
    Set<String> keys = new HashSet<>();
    for (NewMigration m : given) {
      if (!keys.add(m.scope().value() + " " + m.version())) {
        throw new IllegalArgumentException(
            "two migrations of scope "
                + m.scope().value()
                + " have version "
                + m.version()
                + "; nothing was acknowledged");
      }
    }
    if (given.isEmpty()) {
      return new Acknowledgement(List.of(), List.of());
    }
    return write(
        "acknowledgement of " + given.size() + " migrations",
        c -> {
          List<MigrationRecord> added = new ArrayList<>();
          List<MigrationRecord> known = new ArrayList<>();
          for (NewMigration m : given) {
            String id = Ids.next();
            if (insert(c, id, m, now)) {
              added.add(find(c, id).orElseThrow());
            } else {
              refreshIfNotApplied(c, m);
              known.add(find(c, m.scope(), m.version()).orElseThrow());
            }
          }
          return new Acknowledgement(added, known);
        });
  }

  /** Inserts {@code m} with its first transition unless its scope and version exist. */
  private boolean insert(Connection c, String id, NewMigration m, Instant now) throws SQLException {
    String transitionId = Ids.next();
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO "
                + migrations
                + " ("
                + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?)"
                + " ON CONFLICT (scope, version) DO NOTHING")) {
      s.setString(1, id);
      s.setString(2, m.scope().value());
      s.setString(3, m.version());
      s.setString(4, m.name());
      s.setString(5, m.checksum());
      dialect.bindInstant(s, 6, now);
      s.setString(7, MigrationStatus.ACKNOWLEDGED.value());
      s.setString(8, transitionId);
      dialect.bindInstant(s, 9, now);
      if (s.executeUpdate() == 0) {
        return false;
      }
    }
    appendTransition(c, transitionId, id, null, MigrationStatus.ACKNOWLEDGED, null, now);
    return true;
  }

  /** Gives a known migration that is not applied the name and checksum of its script now. */
  private void refreshIfNotApplied(Connection c, NewMigration m) throws SQLException {
    List<String> runnable =
        java.util.Arrays.stream(MigrationStatus.values())
            .filter(MigrationStatus::isRunnable)
            .map(MigrationStatus::value)
            .toList();
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE "
                + migrations
                + " SET name = ?, checksum = ? WHERE scope = ? AND version = ? AND status IN ("
                + String.join(", ", java.util.Collections.nCopies(runnable.size(), "?"))
                + ") AND (name <> ? OR checksum <> ?)")) {
      int i = 1;
      s.setString(i++, m.name());
      s.setString(i++, m.checksum());
      s.setString(i++, m.scope().value());
      s.setString(i++, m.version());
      for (String status : runnable) {
        s.setString(i++, status);
      }
      s.setString(i++, m.name());
      s.setString(i, m.checksum());
      s.executeUpdate();
    }
  }

  @Override
  public MigrationRecord transition(
      String migrationId,
      MigrationStatus from,
      MigrationStatus to,
      @Nullable String error,
      Instant now) {
    MigrationStatus.checkAllowed(from, to);
    if (error != null) {
      try {
        Json.requireValid(error, "the error of a migration transition");
      } catch (Json.JsonException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
    return write(
        "transition of migration " + migrationId + " to " + to.value(),
        c -> {
          String transitionId = Ids.next();
          int moved;
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE "
                      + migrations
                      + " SET status = ?, transition_id = ?, state_before = ?, error = "
                      + dialect.jsonParameter()
                      + ", transitioned_at = ? WHERE id = ? AND status = ?")) {
            s.setString(1, to.value());
            s.setString(2, transitionId);
            s.setString(3, from.value());
            s.setString(4, error);
            dialect.bindInstant(s, 5, now);
            s.setString(6, migrationId);
            s.setString(7, from.value());
            moved = s.executeUpdate();
          }
          if (moved == 0) {
            Optional<MigrationRecord> current = find(c, migrationId);
            if (current.isEmpty()) {
              throw new WandererException("there is no migration '" + migrationId + "'");
            }
            throw new WandererException(
                "migration "
                    + migrationId
                    + " ("
                    + current.get().describe()
                    + ") is "
                    + current.get().status().value()
                    + ", not "
                    + from.value()
                    + ": another runner moved it; it was left as it is");
          }
          appendTransition(c, transitionId, migrationId, from, to, error, now);
          return find(c, migrationId).orElseThrow();
        });
  }

  private void appendTransition(
      Connection c,
      String id,
      String migrationId,
      @Nullable MigrationStatus before,
      MigrationStatus after,
      @Nullable String error,
      Instant now)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO "
                + transitions
                + " ("
                + TRANSITION_COLUMNS
                + ") VALUES (?, ?, ?, ?, "
                + dialect.jsonParameter()
                + ", ?)")) {
      s.setString(1, id);
      s.setString(2, migrationId);
      s.setString(3, before == null ? null : before.value());
      s.setString(4, after.value());
      s.setString(5, error);
      dialect.bindInstant(s, 6, now);
      s.executeUpdate();
    }
  }

  @Override
  public Optional<MigrationRecord> findMigration(String id) {
    return read("read of migration " + id, c -> find(c, id));
  }

  @Override
  public Optional<MigrationRecord> findMigration(Scope scope, String version) {
    return read("read of migration " + scope.value() + " " + version, c -> find(c, scope, version));
  }

  @Override
  public List<MigrationRecord> findMigrations(Scope scope) {
    return read(
        "read of the migrations of " + scope.value(),
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM "
                      + migrations
                      + " WHERE scope = ? ORDER BY version, id")) {
            s.setString(1, scope.value());
            return list(s);
          }
        });
  }

  @Override
  public Page<MigrationRecord> findMigrations(MigrationQuery query) {
    List<Object> parameters = new ArrayList<>();
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    condition(where, parameters, "scope", true, values(query.scopesIn(), Scope::value));
    condition(where, parameters, "scope", false, values(query.scopesNotIn(), Scope::value));
    condition(where, parameters, "status", true, values(query.statusIn(), MigrationStatus::value));
    condition(
        where, parameters, "status", false, values(query.statusNotIn(), MigrationStatus::value));
    return read(
        "query of migrations",
        c -> {
          long count;
          try (PreparedStatement s =
              c.prepareStatement("SELECT COUNT(*) FROM " + migrations + where)) {
            bind(s, parameters);
            try (ResultSet rows = s.executeQuery()) {
              rows.next();
              count = rows.getLong(1);
            }
          }
          List<MigrationRecord> items;
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM "
                      + migrations
                      + where
                      + " ORDER BY version DESC, scope, id LIMIT ? OFFSET ?")) {
            int next = bind(s, parameters);
            s.setInt(next, query.limit());
            s.setInt(next + 1, query.offset());
            items = list(s);
          }
          return new Page<>(items, count, query.offset(), query.limit());
        });
  }

  @Override
  public List<MigrationTransition> findTransitions(String migrationId) {
    return read(
        "read of the transitions of migration " + migrationId,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT "
                      + TRANSITION_COLUMNS
                      + " FROM "
                      + transitions
                      + " WHERE migration_id = ? ORDER BY seq")) {
            s.setString(1, migrationId);
            List<MigrationTransition> found = new ArrayList<>();
            try (ResultSet rows = s.executeQuery()) {
              while (rows.next()) {
                found.add(
                    new MigrationTransition(
                        rows.getString("id"),
                        rows.getString("migration_id"),
                        status(rows.getString("state_before")),
                        MigrationStatus.of(rows.getString("state_after")),
                        rows.getString("error"),
                        dialect.instant(rows, "created_at")));
              }
            }
            return found;
          }
        });
  }

  @Override
  public void close() {
    database.close();
  }

  @Override
  public String toString() {
    return database.describe();
  }

  // ---------------------------------------------------------------- rows

  private Optional<MigrationRecord> find(Connection c, String id) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT " + COLUMNS + " FROM " + migrations + " WHERE id = ?")) {
      s.setString(1, id);
      return list(s).stream().findFirst();
    }
  }

  private Optional<MigrationRecord> find(Connection c, Scope scope, String version)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT " + COLUMNS + " FROM " + migrations + " WHERE scope = ? AND version = ?")) {
      s.setString(1, scope.value());
      s.setString(2, version);
      return list(s).stream().findFirst();
    }
  }

  private List<MigrationRecord> list(PreparedStatement statement) throws SQLException {
    List<MigrationRecord> found = new ArrayList<>();
    try (ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        String id = rows.getString("id");
        found.add(
            new MigrationRecord(
                id,
                Scope.parse(rows.getString("scope")),
                rows.getString("version"),
                rows.getString("name"),
                rows.getString("checksum"),
                dialect.instant(rows, "created_at"),
                new MigrationTransition(
                    rows.getString("transition_id"),
                    id,
                    status(rows.getString("state_before")),
                    MigrationStatus.of(rows.getString("status")),
                    rows.getString("error"),
                    dialect.instant(rows, "transitioned_at"))));
      }
    }
    return found;
  }

  private static @Nullable MigrationStatus status(@Nullable String value) {
    return value == null ? null : MigrationStatus.of(value);
  }

  private static <T> List<String> values(
      Collection<T> items, java.util.function.Function<T, String> value) {
    return items.stream().map(value).sorted().collect(Collectors.toList());
  }

  private static void condition(
      StringBuilder where,
      List<Object> parameters,
      String column,
      boolean in,
      List<String> values) {
    if (values.isEmpty()) {
      return;
    }
    where
        .append(" AND ")
        .append(column)
        .append(in ? " IN (" : " NOT IN (")
        .append(String.join(", ", java.util.Collections.nCopies(values.size(), "?")))
        .append(')');
    parameters.addAll(values);
  }

  /** Binds {@code parameters} from index 1; the next free index. */
  private static int bind(PreparedStatement s, List<Object> parameters) throws SQLException {
    int index = 1;
    for (Object p : parameters) {
      s.setObject(index++, p);
    }
    return index;
  }

  private <T> T write(String what, SqlWork<T> work) {
    try {
      return database.write(work);
    } catch (SQLException e) {
      throw new WandererException(
          database.describe() + ": " + what + " failed: " + e.getMessage(), e);
    }
  }

  private <T> T read(String what, SqlWork<T> work) {
    try {
      return database.read(work);
    } catch (SQLException e) {
      throw new WandererException(
          database.describe() + ": " + what + " failed: " + e.getMessage(), e);
    }
  }
}
