/** Identity of the running service instances, as the supervisor registers them. */
package dev.blacksmith.supervisor;
