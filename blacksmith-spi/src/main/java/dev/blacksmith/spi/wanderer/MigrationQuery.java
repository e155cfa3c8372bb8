package dev.blacksmith.spi.wanderer;

import java.util.Set;

/**
 * Filters over migrations, as the admin API takes them ({@code migrations.scopes_in}, {@code
 * migrations.status_in}, ...). Empty sets filter nothing.
 *
 * @param scopesIn only migrations of these scopes
 * @param scopesNotIn no migrations of these scopes
 * @param statusIn only migrations in these statuses
 * @param statusNotIn no migrations in these statuses
 * @param offset how many results to skip
 * @param limit the page size, 1 to {@link #MAX_LIMIT}
 */
public record MigrationQuery(
    Set<Scope> scopesIn,
    Set<Scope> scopesNotIn,
    Set<MigrationStatus> statusIn,
    Set<MigrationStatus> statusNotIn,
    int offset,
    int limit) {

  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;

  public MigrationQuery {
    scopesIn = Set.copyOf(scopesIn);
    scopesNotIn = Set.copyOf(scopesNotIn);
    statusIn = Set.copyOf(statusIn);
    statusNotIn = Set.copyOf(statusNotIn);
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be 0 or more, was " + offset);
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
    }
  }

  /** Everything, first page. */
  public static MigrationQuery all() {
    return new MigrationQuery(Set.of(), Set.of(), Set.of(), Set.of(), 0, DEFAULT_LIMIT);
  }

  public MigrationQuery withScopes(Set<Scope> in, Set<Scope> notIn) {
    return new MigrationQuery(in, notIn, statusIn, statusNotIn, offset, limit);
  }

  public MigrationQuery withStatuses(Set<MigrationStatus> in, Set<MigrationStatus> notIn) {
    return new MigrationQuery(scopesIn, scopesNotIn, in, notIn, offset, limit);
  }

  public MigrationQuery withPage(int newOffset, int newLimit) {
    return new MigrationQuery(scopesIn, scopesNotIn, statusIn, statusNotIn, newOffset, newLimit);
  }
}
