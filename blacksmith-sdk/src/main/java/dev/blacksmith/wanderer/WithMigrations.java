package dev.blacksmith.wanderer;

import java.util.List;

/**
 * Implemented by a source, trigger, destination or action that owns migrations. The platform calls
 * the component's {@code init} hook before running its migrations and {@code shutdown} after.
 */
public interface WithMigrations {

  /**
   * Every migration of this component, in any order; the platform sorts them by version.
   *
   * @throws Exception when they cannot be read: nothing runs and the error is reported
   */
  List<Migration> migrations() throws Exception;

  /**
   * Runs one migration in one direction against the third-party service, for instance by executing
   * {@link Migration#script(Direction)} in one transaction.
   *
   * @throws Exception to mark the migration failed: the run stops there
   */
  void migrate(Toolkit toolkit, Migration migration, Direction direction) throws Exception;
}
