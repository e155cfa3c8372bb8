/** What every adapter shares: time-sortable ids. */
package dev.blacksmith.spi;
