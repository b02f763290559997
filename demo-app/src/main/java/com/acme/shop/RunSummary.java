package com.acme.shop;

import java.util.ArrayList;
import java.util.List;

/**
 * The facts a run prints, one per line, in a fixed order (see {@link ShopDemo} for the format).
 * Everything but the {@code elapsed} line is the same on every run that completes the same
 * number of orders.
 */
final class RunSummary {

  private final int ordersRequested;
  private final int ordersCompleted;
  private final boolean stoppedEarly;
  private final CallCounts counts;
  private final ResultChecksums checksums;
  private final long elapsedNanos;

  RunSummary(
      int ordersRequested,
      int ordersCompleted,
      boolean stoppedEarly,
      CallCounts counts,
      ResultChecksums checksums,
      long elapsedNanos) {
    this.ordersRequested = ordersRequested;
    this.ordersCompleted = ordersCompleted;
    this.stoppedEarly = stoppedEarly;
    this.counts = counts;
    this.checksums = checksums;
    this.elapsedNanos = elapsedNanos;
  }

  int ordersRequested() {
    return ordersRequested;
  }

  int ordersCompleted() {
    return ordersCompleted;
  }

  boolean stoppedEarly() {
    return stoppedEarly;
  }

  long calls(CountedMethod method) {
    return counts.calls(method);
  }

  long errors(CountedMethod method) {
    return counts.errors(method);
  }

  long elapsedMillis() {
    return elapsedNanos / 1_000_000;
  }

  /** The deterministic lines: everything except {@code elapsed}. */
  List<String> resultLines() {
    List<String> lines = new ArrayList<>();
    if (stoppedEarly) {
      lines.add("stopped early after " + ordersCompleted + " orders");
    }
    lines.add("orders accepted " + checksums.accepted());
    lines.add("orders rejected " + checksums.rejected());
    for (CountedMethod method : CountedMethod.values()) {
      lines.add((method.timed() ? "calls " : "calls-unannotated ") + method.id() + " " + counts.calls(method));
      if (method.throwsByDesign()) {
        lines.add("errors " + method.id() + " " + counts.errors(method));
      }
    }
    lines.add("checksum quotes " + Checksums.hex(checksums.quotes()));
    lines.add("checksum routes " + Checksums.hex(checksums.routes()));
    lines.add("checksum stock " + Checksums.hex(checksums.stock()));
    lines.add("checksum invoices " + Checksums.hex(checksums.invoices()));
    lines.add("checksum all " + Checksums.hex(checksums.all()));
    return lines;
  }

  /** {@link #resultLines()} followed by {@code elapsed <ms> ms}. */
  List<String> outputLines() {
    List<String> lines = resultLines();
    lines.add("elapsed " + elapsedMillis() + " ms");
    return lines;
  }
}
