/**
 * The built-in {@code sqlike} destination: loads jobs into PostgreSQL or SQLite. Action {@code
 * run-statements} runs the SQL statements each job carries; action {@code run-operation} runs a SQL
 * template file with each job's named parameters bound. A queue runs in one transaction; a job
 * whose error is permanent is isolated and discarded while the others commit. The destination also
 * runs its own migrations.
 *
 * <p>Configure it from a YAML file, from {@code BLACKSMITH_SQLIKE_*} environment variables or from
 * Java with {@link dev.blacksmith.modules.sqlike.SqlikeConfig}; create it with {@link
 * dev.blacksmith.modules.sqlike.SqlikeDestination}. Everything here is non-null unless documented
 * otherwise.
 */
package dev.blacksmith.modules.sqlike;
