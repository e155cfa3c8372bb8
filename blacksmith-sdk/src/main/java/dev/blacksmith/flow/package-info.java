/**
 * Flows: the mapping from an event to the destinations' actions that should receive it. A flow
 * carries the event's data and is only run when its options enable it.
 */
package dev.blacksmith.flow;
