/**
 * The supervisor SPI: distributed locks and the registry of running instances, so that several
 * Blacksmith processes can share work. Lock keys: {@code triggers/<source>/<trigger>} (CRON and CDC
 * triggers run on one instance at a time), {@code actions/<destination>/<action>} (interval actions
 * loaded by one instance at a time), {@code migrations/<scope>}.
 *
 * <p>Implementations: in-process (in {@code blacksmith-engine}) and PostgreSQL ({@code
 * blacksmith-supervisor-postgres}). Every implementation must pass {@code
 * dev.blacksmith.testkit.supervisor.SupervisorConformanceTest}.
 */
package dev.blacksmith.spi.supervisor;
