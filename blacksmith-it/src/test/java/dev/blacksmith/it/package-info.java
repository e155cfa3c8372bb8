/**
 * Integration tests of several {@code blacksmith start} processes sharing one PostgreSQL store, and
 * the small application they run ({@link dev.blacksmith.it.ItApplication}): each event becomes a
 * realtime and an interval job whose loads are recorded in a ledger table, so that the tests can
 * count how many times, and by which process, each job was loaded.
 */
@NullMarked
package dev.blacksmith.it;

import org.jspecify.annotations.NullMarked;
