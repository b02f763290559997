package com.acme.shop;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The end-of-day stock audit: asks the stock service for every catalogue SKU, {@link #ROUNDS}
 * times, all requests issued from one thread through {@link InventoryClient#auditStock}.
 *
 * <p>Exercises <em>offload</em>, and shows what it gains: each lookup waits ~2 ms for the
 * server, so one thread doing them in turn needs {@code lookups × 2 ms}; offloaded, they overlap.
 * The demo prints the audit's own elapsed time next to its checksum, which is the same either way.
 */
final class StockAudit {

  static final int ROUNDS = 5;

  private final InventoryClient inventory;

  StockAudit(InventoryClient inventory) {
    this.inventory = inventory;
  }

  /** What one audit found, and how long it took. */
  record Result(int lookups, long checksum, long elapsedNanos) {

    /** {@code checksum audit <hex>}, then {@code audit elapsed <ms> ms (<n> stock lookups...)}. */
    List<String> lines() {
      return List.of("checksum audit " + Checksums.hex(checksum),
          "audit elapsed " + elapsedNanos / 1_000_000 + " ms (" + lookups
              + " stock lookups issued from one thread)");
    }
  }

  /** Runs the audit; the checksum covers the levels in catalogue order. */
  Result run() throws IOException, InterruptedException {
    long start = System.nanoTime();
    List<CompletableFuture<Integer>> levels = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      for (String sku : Catalogue.SKUS) {
        levels.add(inventory.auditStock(sku));
      }
    }
    long checksum = levels.size();
    for (CompletableFuture<Integer> level : levels) {
      checksum = Checksums.mix(checksum, await(level));
    }
    return new Result(levels.size(), checksum, System.nanoTime() - start);
  }

  /** The level, rethrowing the lookup's own exception as the direct call would. */
  private static int await(CompletableFuture<Integer> level) throws IOException, InterruptedException {
    try {
      return level.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException) {
        throw (IOException) cause;
      }
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new IllegalStateException("stock lookup failed", cause);
    }
  }
}
