package com.acme.shop;

import java.util.concurrent.atomic.LongAdder;

/**
 * Folds the {@link OrderResult}s of a run into checksums that do not depend on the order in which
 * the threads finish: each value is mixed with its order id and the mixes are summed (addition
 * modulo 2<sup>64</sup> is commutative). Two runs that processed the same orders print the same
 * checksums whatever the thread count, timing or JVM. Thread-safe.
 */
final class ResultChecksums {

  private final LongAdder quotes = new LongAdder();
  private final LongAdder routes = new LongAdder();
  private final LongAdder stock = new LongAdder();
  private final LongAdder invoices = new LongAdder();
  private final LongAdder rejections = new LongAdder();
  private final LongAdder accepted = new LongAdder();
  private final LongAdder rejected = new LongAdder();

  void add(OrderResult result) {
    long id = result.orderId();
    if (result.accepted()) {
      accepted.increment();
      quotes.add(Checksums.mix(id, result.quotesDigest()));
      routes.add(Checksums.mix(id, result.routeDistance()));
      stock.add(Checksums.mix(id, result.stock()));
      invoices.add(Checksums.mix(id, result.invoiceDigest()));
    } else {
      rejected.increment();
      rejections.add(Checksums.mix(id, Checksums.ofText(result.rejection())));
    }
  }

  long accepted() {
    return accepted.sum();
  }

  long rejected() {
    return rejected.sum();
  }

  long quotes() {
    return quotes.sum();
  }

  long routes() {
    return routes.sum();
  }

  long stock() {
    return stock.sum();
  }

  long invoices() {
    return invoices.sum();
  }

  /** Everything above, rejections included, in one value. */
  long all() {
    long all = Checksums.mix(accepted(), rejected());
    all = Checksums.mix(all, quotes());
    all = Checksums.mix(all, routes());
    all = Checksums.mix(all, stock());
    all = Checksums.mix(all, invoices());
    return Checksums.mix(all, rejections.sum());
  }
}
