package com.acme.shop;

import dev.overclock.annotations.Timed;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Processes one order from start to finish; the top of the call tree under the demo's threads.
 *
 * <p>Exercises <em>nested timing</em>: {@link #process(Order)} runs on an I/O pool thread and its
 * time includes every other timed method. Its CPU stage (validate, price, plan the route) is
 * handed to the CPU pool, which has no more threads than cores, and awaited; then it does the
 * blocking stage itself (stock over HTTP, descriptions from files, the shipping slot) and renders
 * the invoice. So CPU-bound methods only ever run on the CPU pool and blocking ones on the larger
 * I/O pool, and the agent can classify each by where and how its time goes.
 *
 * <p>Each collaborator call is counted in {@link CallCounts} right here, at its only call site.
 */
final class OrderService {

  private final ExecutorService cpuPool;
  private final CallCounts counts;
  private final OrderValidator validator;
  private final PricingEngine pricing;
  private final RoadGraph graph;
  private final RoutePlanner routes;
  private final InventoryClient inventory;
  private final CatalogStore catalog;
  private final ShippingService shipping;
  private final InvoiceRenderer invoices;

  OrderService(
      ExecutorService cpuPool,
      CallCounts counts,
      RoadGraph graph,
      InventoryClient inventory,
      CatalogStore catalog) {
    this.cpuPool = cpuPool;
    this.counts = counts;
    this.graph = graph;
    this.inventory = inventory;
    this.catalog = catalog;
    this.validator = new OrderValidator();
    this.pricing = new PricingEngine();
    this.routes = new RoutePlanner(graph);
    this.shipping = new ShippingService();
    this.invoices = new InvoiceRenderer();
  }

  /**
   * Validates, prices, routes, checks stock, books shipping and renders the invoice of {@code
   * order}. A rejected order returns a rejected result; it does not throw.
   *
   * @throws IOException if the stock service or the catalogue files fail (never in the demo)
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  @Timed
  OrderResult process(Order order) throws IOException, InterruptedException {
    CpuStage cpu = awaitCpuStage(cpuPool.submit(() -> cpuStage(order)));
    if (cpu.rejection != null) {
      return OrderResult.rejected(order.id(), cpu.rejection);
    }

    String firstSku = order.lines().get(0).sku();
    counts.called(CountedMethod.FETCH_STOCK);
    int stock = inventory.fetchStock(firstSku);

    List<String> descriptions = new ArrayList<>(order.lines().size());
    for (LineItem line : order.lines()) {
      counts.called(CountedMethod.LOAD_DESCRIPTION);
      descriptions.add(catalog.loadDescription(line.sku()));
    }

    counts.called(CountedMethod.RESERVE_SLOT);
    int slot = shipping.reserveSlot(order.region());

    counts.called(CountedMethod.RENDER);
    String invoice = invoices.render(order, cpu.quotes, descriptions, cpu.routeDistance, stock, slot);

    long quotesDigest = order.lines().size();
    for (long quote : cpu.quotes) {
      quotesDigest = Checksums.mix(quotesDigest, quote);
    }
    return new OrderResult(order.id(), null, quotesDigest, cpu.routeDistance, stock, slot, Checksums.ofText(invoice));
  }

  /** Runs on the CPU pool: the pure, CPU-bound part of processing. */
  private CpuStage cpuStage(Order order) {
    counts.called(CountedMethod.VALIDATE);
    try {
      validator.validate(order);
    } catch (InvalidOrderException e) {
      counts.failed(CountedMethod.VALIDATE);
      return new CpuStage(e.getMessage(), List.of(), 0);
    }
    List<Long> quotes = new ArrayList<>(order.lines().size());
    for (LineItem line : order.lines()) {
      counts.called(CountedMethod.QUOTE);
      quotes.add(pricing.quote(line.sku(), line.quantity(), order.region()));
    }
    counts.called(CountedMethod.SHORTEST_PATH);
    int distance = routes.shortestPath(graph.warehouseOf(order.region()), order.destination());
    return new CpuStage(null, List.copyOf(quotes), distance);
  }

  private static CpuStage awaitCpuStage(Future<CpuStage> future) throws InterruptedException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new IllegalStateException("CPU stage failed", cause);
    }
  }

  /** The result of the CPU stage: a rejection, or the line prices and the route length. */
  private record CpuStage(String rejection, List<Long> quotes, int routeDistance) {}
}
