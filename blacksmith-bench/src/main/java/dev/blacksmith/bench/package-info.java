/**
 * The load harness: {@link dev.blacksmith.bench.Bench#main} runs Blacksmith with a bench
 * application on an embedded store and prints its end-to-end throughput and realtime latency.
 * Everything else in this package is internal.
 */
@NullMarked
package dev.blacksmith.bench;

import org.jspecify.annotations.NullMarked;
