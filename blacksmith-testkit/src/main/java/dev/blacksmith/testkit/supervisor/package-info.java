/**
 * The supervisor conformance suite: every {@link dev.blacksmith.spi.supervisor.Supervisor}
 * implementation, the in-process one and PostgreSQL's, extends {@link
 * dev.blacksmith.testkit.supervisor.SupervisorConformanceTest} and passes it.
 */
package dev.blacksmith.testkit.supervisor;
