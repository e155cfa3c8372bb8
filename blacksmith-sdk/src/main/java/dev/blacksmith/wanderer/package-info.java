/**
 * Migrations of sources, triggers, destinations and actions: the schema changes a destination needs
 * in the service it loads into (a warehouse table, a topic, an index).
 *
 * <p>A component that implements {@link dev.blacksmith.wanderer.WithMigrations} lists its {@link
 * dev.blacksmith.wanderer.Migration migrations}, usually read with {@link
 * dev.blacksmith.wanderer.Migrations#fromDirectory} or {@link
 * dev.blacksmith.wanderer.Migrations#fromClasspath} from files named {@code
 * YYYYMMDDHHMISS.name.up.sql} and {@code YYYYMMDDHHMISS.name.down.sql}, and runs one when the
 * platform asks. The platform records each migration's status history in its wanderer, runs
 * migrations oldest first and stops at the first error, and rolls back newest first.
 */
package dev.blacksmith.wanderer;
