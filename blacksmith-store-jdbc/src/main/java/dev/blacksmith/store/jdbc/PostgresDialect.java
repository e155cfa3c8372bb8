package dev.blacksmith.store.jdbc;

import dev.blacksmith.spi.jdbc.PostgresUrl;
import dev.blacksmith.spi.store.ClaimRequest;
import dev.blacksmith.spi.store.Outcome;
import dev.blacksmith.store.Job;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * PostgreSQL, shared by any number of instances: instants are {@code timestamptz}, JSON is {@code
 * jsonb}, and job writes lock what they move in the statement that moves it ({@link
 * PostgresWrites}), claims passing over rows other claimers hold ({@code FOR UPDATE SKIP LOCKED}).
 */
final class PostgresDialect implements Dialect {

  static final PostgresDialect INSTANCE = new PostgresDialect();

  private final PostgresWrites writes = new PostgresWrites(this);

  private PostgresDialect() {}

  @Override
  public String name() {
    return "postgres";
  }

  @Override
  public boolean supports(String url) {
    return PostgresUrl.matches(url);
  }

  @Override
  public String urlForms() {
    return "postgres://user:password@host:port/database, postgresql://...,"
        + " jdbc:postgresql://host:port/database";
  }

  @Override
  public Database open(String url) {
    return PostgresDatabase.open(PostgresStoreUrl.parse(url));
  }

  @Override
  public String migrations() {
    return "classpath:db/migration/postgresql";
  }

  @Override
  public int maxParameters() {
    // The protocol's limit: a 16-bit parameter count.
    return 65_535;
  }

  @Override
  public Object instant(Instant instant) {
    return OffsetDateTime.ofInstant(Micros.truncate(instant), ZoneOffset.UTC);
  }

  @Override
  public @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  @Override
  public String forUpdate(boolean skipLocked) {
    return skipLocked ? " FOR UPDATE SKIP LOCKED" : " FOR UPDATE";
  }

  @Override
  public String isIn(String column, int count) {
    return column + " = ANY(?::text[])";
  }

  @Override
  public int bindAll(Connection c, PreparedStatement statement, int index, List<String> values)
      throws SQLException {
    statement.setArray(index, c.createArrayOf("text", values.toArray()));
    return index + 1;
  }

  @Override
  public void insert(Connection c, Columns.Table table, List<@Nullable Object[]> rows)
      throws SQLException {
    writes.insert(c, table, rows);
  }

  @Override
  public List<Job> claim(Connection c, ClaimRequest request, boolean start) throws SQLException {
    return writes.claim(c, request, start);
  }

  @Override
  public List<Job> start(
      Connection c, String owner, List<String> ids, Instant now, Instant leaseUntil)
      throws SQLException {
    return writes.start(c, owner, ids, now, leaseUntil);
  }

  @Override
  public Set<String> complete(Connection c, String owner, List<Outcome> outcomes, Instant now)
      throws SQLException {
    return writes.complete(c, owner, outcomes, now);
  }
}
