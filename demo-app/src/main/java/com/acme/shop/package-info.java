/**
 * Acme Shop: the Overclock demo application, a small deterministic order-processing workload.
 *
 * <p>Each order is validated, priced line by line, routed, checked against warehouse stock,
 * described, booked with a shipping partner and invoiced. Every class stands for one thing the
 * agent must handle:
 *
 * <ul>
 *   <li>{@link com.acme.shop.PricingEngine#quote} - {@code @Timed} and {@code @Memoize},
 *       CPU-bound, pure: timing and memoization;
 *   <li>{@link com.acme.shop.RoutePlanner#shortestPath} - CPU-bound, pure, <em>not</em>
 *       annotated: hot-method detection;
 *   <li>{@link com.acme.shop.Checksums#mix} - tiny and very hot, not annotated: must not be
 *       mistaken for a method worth timing;
 *   <li>{@link com.acme.shop.InventoryClient#fetchStock} - {@code @Timed}, blocking HTTP call;
 *   <li>{@link com.acme.shop.CatalogStore#loadDescription} - {@code @Timed}, blocking file read;
 *   <li>{@link com.acme.shop.ShippingService#reserveSlot} - {@code @Timed}, blocking sleep;
 *   <li>{@link com.acme.shop.InvoiceRenderer#render} - {@code @Timed}, allocation-heavy;
 *   <li>{@link com.acme.shop.OrderValidator#validate} - {@code @Timed}, throws a checked exception
 *       for about 5 % of orders, which the caller handles: error counting;
 *   <li>{@link com.acme.shop.OrderService#process} - {@code @Timed}, the per-order top level whose
 *       time contains all the others.
 * </ul>
 *
 * <p>CPU-bound work runs on a pool of {@code availableProcessors()} threads, blocking work on a
 * pool of 8. Orders come from a fixed-seed generator and results are folded into checksums that
 * do not depend on scheduling, so every run prints the same counts and checksums. The package is
 * outside {@code dev.overclock}, which the agent never instruments.
 */
package com.acme.shop;
