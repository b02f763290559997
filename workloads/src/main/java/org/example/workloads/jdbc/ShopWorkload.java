package org.example.workloads.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.example.workloads.harness.Options;
import org.example.workloads.harness.Workload;
import org.example.workloads.jdbc.Model.CategoryRevenue;
import org.example.workloads.jdbc.Model.Order;
import org.example.workloads.jdbc.Model.OrderLine;
import org.example.workloads.jdbc.Model.Product;

/**
 * The shop under load: each client holds two connections (reads in auto-commit, writes in
 * transactions) and runs a mix of point selects, range queries, a join with aggregates, and
 * orders placed and shipped in transactions.
 */
public final class ShopWorkload implements Workload {

  /** Operations of the checksum run, on a database of its own. */
  private static final int CHECKSUM_OPERATIONS = 1_000;

  private ShopDatabase database;
  private final AtomicLong ticks = new AtomicLong(ShopDatabase.INITIAL_ORDERS);

  @Override
  public void start(Options options) throws SQLException {
    database = ShopDatabase.create("shop-" + options.seed(), options.seed());
  }

  @Override
  public Session openSession(long seed) throws SQLException {
    return new ShopClient(database, new Random(seed), ticks);
  }

  @Override
  public long checksum(long seed) throws Exception {
    try (ShopDatabase fresh = ShopDatabase.create("checksum-" + seed, seed);
        ShopClient client = new ShopClient(fresh, new Random(seed),
            new AtomicLong(ShopDatabase.INITIAL_ORDERS))) {
      return client.fold(CHECKSUM_OPERATIONS);
    }
  }

  @Override
  public void close() throws SQLException {
    if (database != null) {
      database.close();
    }
  }

  /** One client of the shop: what a request handler would do, one operation per call. */
  private static final class ShopClient implements Session {
    private final Connection reads;
    private final Connection writes;
    private final CatalogRepository catalog;
    private final OrderRepository orders;
    private final OrderService orderService;
    private final Random random;
    private final AtomicLong ticks;

    ShopClient(ShopDatabase database, Random random, AtomicLong ticks) throws SQLException {
      this.reads = database.connect();
      this.writes = database.connect();
      this.catalog = new CatalogRepository(reads);
      this.orders = new OrderRepository(reads);
      this.orderService = new OrderService(writes);
      this.random = random;
      this.ticks = ticks;
    }

    @Override
    public long next() throws SQLException {
      int dice = random.nextInt(100);
      if (dice < 30) {
        Product product = catalog.findProduct(1 + random.nextInt(ShopDatabase.PRODUCTS));
        return product.id() * 31L + product.priceCents();
      } else if (dice < 50) {
        // Orders of the initial data set: their contents never change.
        Order order = orders.findById(1 + random.nextInt(ShopDatabase.INITIAL_ORDERS));
        return hash(order);
      } else if (dice < 62) {
        long hash = 17;
        for (Order order : orders.recentOrders(1 + random.nextInt(ShopDatabase.CUSTOMERS), 10)) {
          hash = hash * 31 + order.customerId();
        }
        return hash;
      } else if (dice < 70) {
        long hash = 0;
        for (Product product : catalog.cheapestInCategory(
            random.nextInt(ShopDatabase.CATEGORIES), 5_000 + random.nextInt(40_000))) {
          hash = hash * 31 + product.id();
        }
        return hash;
      } else if (dice < 78) {
        String region = ShopDatabase.REGIONS[random.nextInt(ShopDatabase.REGIONS.length)];
        long from = 1 + random.nextInt(ShopDatabase.INITIAL_ORDERS - 500);
        long hash = 0;
        for (CategoryRevenue row : orders.revenueByCategory(region, from, from + 500)) {
          hash = hash * 31 + row.category() * 1_000_003L + row.orders() * 7 + row.revenueCents();
        }
        return hash;
      } else if (dice < 95) {
        int customer = 1 + random.nextInt(ShopDatabase.CUSTOMERS);
        return orderService.placeOrder(customer, OrderService.randomBasket(random),
            ticks.incrementAndGet());
      } else {
        return orderService.shipOrder(1 + random.nextInt(ShopDatabase.INITIAL_ORDERS)) ? 1 : 0;
      }
    }

    private static long hash(Order order) {
      long hash = order.id() * 31 + order.customerId();
      hash = hash * 31 + order.totalCents();
      for (OrderLine line : order.lines()) {
        hash = hash * 31 + line.productId() * 101L + line.quantity() * 7L + line.priceCents();
      }
      return hash;
    }

    @Override
    public void close() throws SQLException {
      reads.close();
      writes.close();
    }
  }
}
