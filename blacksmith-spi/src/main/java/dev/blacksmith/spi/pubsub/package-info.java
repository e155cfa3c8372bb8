/**
 * The pub/sub SPI: carries realtime wake-ups from gateways to schedulers and feeds subscription
 * triggers. Losing a message delays work, never loses it: the store stays the source of truth.
 */
package dev.blacksmith.spi.pubsub;
