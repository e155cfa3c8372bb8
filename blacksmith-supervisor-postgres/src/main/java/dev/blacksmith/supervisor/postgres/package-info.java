/**
 * The PostgreSQL supervisor: distributed locks with leases and the registry of running instances,
 * shared by every Blacksmith process using the same database. Open it with a {@code postgres://}
 * URL through {@link dev.blacksmith.supervisor.postgres.PostgresSupervisorProvider}.
 */
package dev.blacksmith.supervisor.postgres;
