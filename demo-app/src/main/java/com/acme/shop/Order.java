package com.acme.shop;

import java.util.List;

/**
 * A customer order as {@link OrderGenerator} produces it. Immutable.
 *
 * @param id sequence number from 0; results and checksums are keyed by it
 * @param region the customer's region, one of {@link Catalogue#REGIONS}
 * @param lines 1 to 4 line items with distinct SKUs
 * @param destination the delivery node in the {@link RoadGraph}
 */
record Order(long id, String region, List<LineItem> lines, int destination) {

  Order {
    lines = List.copyOf(lines);
  }

  /** Units over all lines. */
  int totalUnits() {
    int units = 0;
    for (LineItem line : lines) {
      units += line.quantity();
    }
    return units;
  }
}
