package com.acme.shop;

import dev.overclock.annotations.Timed;

/**
 * Checks an order against the shop's business rules before anything is priced or shipped.
 *
 * <p>Exercises the agent's <em>error counting</em>: {@link #validate(Order)} throws the checked
 * {@link InvalidOrderException} for about 5 % of the generated orders (a deterministic set), the
 * caller handles it, and the agent must count exactly those calls as errors while letting the
 * exception pass through unchanged. It is cheap and CPU-only.
 */
final class OrderValidator {

  /** Orders with more units than this go through the wholesale channel instead. */
  static final int MAX_UNITS_PER_ORDER = 10;

  /**
   * Accepts the order or throws.
   *
   * @throws InvalidOrderException if the order has more than {@link #MAX_UNITS_PER_ORDER} units
   *     (about 4 % of orders), or ships lithium cells to the air-freight-only region (about 1 %)
   */
  @Timed
  void validate(Order order) throws InvalidOrderException {
    int units = order.totalUnits();
    if (units > MAX_UNITS_PER_ORDER) {
      throw new InvalidOrderException(
          "order " + order.id() + ": " + units + " units exceed the limit of " + MAX_UNITS_PER_ORDER);
    }
    if (order.region().equals(Catalogue.AIR_FREIGHT_ONLY_REGION)) {
      for (LineItem line : order.lines()) {
        if (Catalogue.LITHIUM_SKUS.contains(line.sku())) {
          throw new InvalidOrderException(
              "order " + order.id() + ": " + line.sku() + " contains lithium cells, which cannot ship by air to "
                  + order.region());
        }
      }
    }
  }
}
