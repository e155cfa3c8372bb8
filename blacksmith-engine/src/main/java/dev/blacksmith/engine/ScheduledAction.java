package dev.blacksmith.engine;

import dev.blacksmith.destination.Schedule;

/**
 * An action as the scheduler runs it.
 *
 * @param destination the destination's name
 * @param action the action's name
 * @param schedule the effective schedule: action over destination over the defaults, every field
 *     set
 */
public record ScheduledAction(String destination, String action, Schedule schedule) {}
