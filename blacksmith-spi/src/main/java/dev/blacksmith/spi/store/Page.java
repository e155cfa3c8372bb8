package dev.blacksmith.spi.store;

import java.util.List;

/**
 * One page of a query's results.
 *
 * @param items the results on this page
 * @param count how many results the query has in all pages
 * @param offset the offset of this page
 * @param limit the page size asked for
 */
public record Page<T>(List<T> items, long count, int offset, int limit) {
  public Page {
    items = List.copyOf(items);
  }
}
