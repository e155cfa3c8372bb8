/**
 * The wanderer conformance suite, {@link dev.blacksmith.testkit.wanderer.WandererConformanceTest},
 * which every {@link dev.blacksmith.spi.wanderer.Wanderer} implementation extends in its tests. Use
 * this module with test scope. Everything here is non-null unless documented otherwise.
 */
package dev.blacksmith.testkit.wanderer;
