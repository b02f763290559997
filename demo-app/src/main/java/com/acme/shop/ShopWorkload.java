package com.acme.shop;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The whole shop wired together, and the loop that feeds it orders. Opening it starts the stock
 * server, writes the catalogue files and creates the two pools; {@link #close()} undoes all of
 * that, so the JVM can exit on its own.
 *
 * <p>One feeder thread (the caller of {@link #run}) generates the orders in sequence and hands each
 * to the I/O pool, keeping at most twice the pool's size in flight. When the time cap is reached
 * it stops taking new orders and waits for those in flight, so the processed orders are always
 * the first N and the checksums cover exactly them.
 */
final class ShopWorkload implements AutoCloseable {

  /** Threads of the I/O pool and of the stock server. */
  static final int DEFAULT_IO_THREADS = 8;

  private final int cpuThreads;
  private final int ioThreads;
  private final ExecutorService cpuPool;
  private final ExecutorService ioPool;
  private final InventoryServer inventoryServer;
  private final CatalogStore catalog;
  private final RoadGraph graph;
  private final CallCounts counts = new CallCounts();
  private final OrderService service;
  private final StockAudit audit;
  private final Thread cleanupOnExit;

  private ShopWorkload(int cpuThreads, int ioThreads, InventoryServer inventoryServer, CatalogStore catalog) {
    this.cpuThreads = cpuThreads;
    this.ioThreads = ioThreads;
    this.inventoryServer = inventoryServer;
    this.catalog = catalog;
    this.graph = RoadGraph.generate(OrderGenerator.SEED);
    this.cpuPool = Executors.newFixedThreadPool(cpuThreads, new NamedThreads("shop-cpu-", false));
    this.ioPool = Executors.newFixedThreadPool(ioThreads, new NamedThreads("shop-io-", false));
    InventoryClient inventory = new InventoryClient(inventoryServer.baseUri(), ioThreads);
    this.service = new OrderService(cpuPool, counts, graph, inventory, catalog);
    this.audit = new StockAudit(inventory);
    // Ctrl-C mid-run still removes the temporary catalogue directory.
    this.cleanupOnExit = new Thread(catalog::close, "shop-cleanup");
  }

  /** Starts the shop with {@code cpuThreads} CPU-pool threads and {@code ioThreads} I/O-pool threads. */
  static ShopWorkload open(int cpuThreads, int ioThreads) throws IOException {
    if (cpuThreads < 1 || ioThreads < 1) {
      throw new IllegalArgumentException("thread counts must be positive: " + cpuThreads + ", " + ioThreads);
    }
    CatalogStore catalog = CatalogStore.create();
    InventoryServer server;
    try {
      server = InventoryServer.start(ioThreads);
    } catch (IOException | RuntimeException e) {
      catalog.close();
      throw e;
    }
    ShopWorkload workload = new ShopWorkload(cpuThreads, ioThreads, server, catalog);
    Runtime.getRuntime().addShutdownHook(workload.cleanupOnExit);
    return workload;
  }

  int cpuThreads() {
    return cpuThreads;
  }

  int ioThreads() {
    return ioThreads;
  }

  /** The temporary directory of the catalogue files; gone after {@link #close()}. */
  Path catalogDirectory() {
    return catalog.directory();
  }

  /**
   * Processes orders 0 to {@code orders - 1}, or fewer if {@code timeCap} runs out first.
   *
   * @throws IllegalStateException wrapping the first failure of an order, if any (never expected)
   */
  RunSummary run(int orders, Duration timeCap) throws InterruptedException {
    OrderGenerator generator = new OrderGenerator(OrderGenerator.SEED, graph);
    ResultChecksums checksums = new ResultChecksums();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    int maxInFlight = 2 * ioThreads;
    Semaphore slots = new Semaphore(maxInFlight);

    long start = System.nanoTime();
    long deadline = start + timeCap.toNanos();
    int submitted = 0;
    boolean stoppedEarly = false;
    while (submitted < orders && failure.get() == null) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0 || !slots.tryAcquire(remaining, TimeUnit.NANOSECONDS)) {
        stoppedEarly = true;
        break;
      }
      Order order = generator.next();
      submitted++;
      ioPool.execute(
          () -> {
            try {
              counts.called(CountedMethod.PROCESS);
              checksums.add(service.process(order));
            } catch (Throwable t) {
              failure.compareAndSet(null, t);
            } finally {
              slots.release();
            }
          });
    }
    slots.acquire(maxInFlight); // every order in flight has finished
    long elapsed = System.nanoTime() - start;
    slots.release(maxInFlight);

    Throwable first = failure.get();
    if (first != null) {
      throw new IllegalStateException("processing failed: " + first, first);
    }
    return new RunSummary(orders, submitted, stoppedEarly, counts, checksums, elapsed);
  }

  /** The end-of-day stock audit, after the orders (see {@link StockAudit}). */
  StockAudit.Result audit() throws IOException, InterruptedException {
    return audit.run();
  }

  /** Stops the pools and the stock server and deletes the catalogue files. */
  @Override
  public void close() {
    ioPool.shutdownNow();
    cpuPool.shutdownNow();
    inventoryServer.close();
    catalog.close();
    try {
      Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook runs or has run; it only deletes what close() just deleted
    }
    try {
      ioPool.awaitTermination(5, TimeUnit.SECONDS);
      cpuPool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
