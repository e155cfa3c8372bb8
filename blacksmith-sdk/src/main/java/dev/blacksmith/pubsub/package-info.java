/** Messages carried by the pub/sub adapter, as subscription triggers receive them. */
package dev.blacksmith.pubsub;
