/**
 * The Blacksmith engine: the gateway (triggers to committed events and jobs), the scheduler (due
 * jobs to loads and their outcomes), and the wiring of adapters. Start here with {@link
 * dev.blacksmith.engine.Blacksmith#create(dev.blacksmith.engine.Options)}. Internals live in {@code
 * dev.blacksmith.engine.internal} and are not API.
 */
package dev.blacksmith.engine;
