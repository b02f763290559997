package com.acme.shop;

import dev.overclock.annotations.Memoize;
import dev.overclock.annotations.Timed;

/**
 * Prices order lines with a simulated demand model.
 *
 * <p>Exercises <em>timing of a CPU-bound method</em> and <em>memoization</em>: {@link
 * #quote(String, int, String)} is pure (its result depends only on its arguments), costs 50 to 150
 * microseconds of computation depending on the core, runs on the CPU pool (no more threads than cores), and
 * sees the same few hundred (sku, quantity, region) combinations over and over. Caching it cuts
 * most of the demo's CPU time without changing any checksum: it carries {@code @Memoize}, and
 * {@code @Timed} too, so the report shows both every call's latency (hits included) and the
 * cache's hit ratio and the time it saved.
 */
final class PricingEngine {

  /** Rounds of the demand simulation per quote; sets the cost of one call. */
  static final int DEMAND_ROUNDS = 24_000;

  /**
   * Price in cents of {@code quantity} units of {@code sku} for a customer in {@code region},
   * tax included. Pure and deterministic on every JVM.
   */
  @Timed
  @Memoize
  long quote(String sku, int quantity, String region) {
    long base = Catalogue.basePriceCents(sku);
    int taxBasisPoints = Catalogue.taxBasisPoints(region);

    // Simulated demand: average of DEMAND_ROUNDS pseudo-random samples in 0..1023.
    long state = Checksums.mix(sku.hashCode(), ((long) region.hashCode() << 8) | quantity);
    long demand = 0;
    for (int round = 0; round < DEMAND_ROUNDS; round++) {
      state = Checksums.mix(state, round);
      demand += state & 1023;
    }
    long demandIndex = demand / DEMAND_ROUNDS; // about 511; moves the price by -5 % .. +5 %

    long unit = base * (9_500 + demandIndex * 1_000 / 1_023) / 10_000;
    int discountBasisPoints = quantity >= 5 ? 1_000 : quantity >= 3 ? 500 : 0;
    long net = unit * quantity * (10_000 - discountBasisPoints) / 10_000;
    return net + net * taxBasisPoints / 10_000;
  }
}
