package com.acme.shop;

/**
 * What {@link OrderService#process(Order)} returns for one order. Immutable. For a rejected order
 * only the id and the reason are set.
 *
 * @param orderId the order's id
 * @param rejection why the order was rejected, or {@code null} if it was accepted
 * @param quotesDigest the line prices in cents, mixed in line order
 * @param routeDistance length of the delivery route
 * @param stock warehouse stock of the first line's SKU
 * @param slot the booked delivery slot
 * @param invoiceDigest 64-bit hash of the invoice text
 */
record OrderResult(
    long orderId, String rejection, long quotesDigest, int routeDistance, int stock, int slot, long invoiceDigest) {

  static OrderResult rejected(long orderId, String reason) {
    return new OrderResult(orderId, reason, 0, 0, 0, 0, 0);
  }

  boolean accepted() {
    return rejection == null;
  }
}
