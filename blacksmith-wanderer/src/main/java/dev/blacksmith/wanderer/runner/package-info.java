/**
 * Runs the migrations of an application's sources, triggers, destinations and actions: {@link
 * dev.blacksmith.wanderer.runner.MigrationRunner} plans and executes acknowledgements, runs,
 * rollbacks and discards under the supervisor lock of each scope, reporting progress to a {@link
 * dev.blacksmith.wanderer.runner.MigrationListener}; {@link
 * dev.blacksmith.wanderer.runner.Wanderers} opens the wanderer and the supervisor from the
 * application's settings. Everything here is non-null unless documented otherwise.
 */
package dev.blacksmith.wanderer.runner;
