/**
 * The demo application: a complete, small Blacksmith pipeline to copy from.
 *
 * <ul>
 *   <li>{@link dev.blacksmith.examples.demo.DemoApplication} wires it together for {@code
 *       blacksmith start}.
 *   <li>Source {@code demo} receives events over HTTP ({@code POST /demo/events}, {@code
 *       EventsTrigger}) and emits a heartbeat on a schedule ({@code HeartbeatTrigger}).
 *   <li>Flow {@code ToFileAndWarehouse} sends every event to two destinations.
 *   <li>Destination {@code file} appends each job to a JSON-lines file in realtime ({@code
 *       FileDestination}, {@code Append}).
 *   <li>Destination {@code warehouse} inserts jobs into a SQLite table every ten seconds ({@code
 *       WarehouseDestination}, {@code Insert}).
 * </ul>
 */
@NullMarked
package dev.blacksmith.examples.demo;

import org.jspecify.annotations.NullMarked;
