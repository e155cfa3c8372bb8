/**
 * The development kit for sources: where events come from. A {@link dev.blacksmith.source.Source}
 * groups {@link dev.blacksmith.source.Trigger triggers}, each in one {@link
 * dev.blacksmith.source.Mode}: an HTTP route, a CRON schedule, a change-data-capture loop or a
 * broker subscription. A trigger extracts an {@link dev.blacksmith.source.Event} naming the actions
 * and flows it goes to.
 */
package dev.blacksmith.source;
