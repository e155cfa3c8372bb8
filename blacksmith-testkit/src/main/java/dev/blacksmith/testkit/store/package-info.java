/**
 * The store conformance suite, {@link dev.blacksmith.testkit.store.StoreConformanceTest}, which
 * every {@link dev.blacksmith.spi.store.Store} implementation extends in its tests, and test-data
 * builders, {@link dev.blacksmith.testkit.store.StoreFixtures}, that engine tests may reuse. Use
 * this module with test scope. Everything here is non-null unless documented otherwise.
 */
package dev.blacksmith.testkit.store;
