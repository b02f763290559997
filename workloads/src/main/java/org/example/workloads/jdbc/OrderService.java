package org.example.workloads.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.example.workloads.jdbc.Model.BasketItem;

/** Places and ships orders, each in one transaction. One per connection. */
final class OrderService {

  /** Write conflicts between concurrent transactions are retried this many times. */
  private static final int ATTEMPTS = 10;

  private final Connection connection;
  private final PreparedStatement price;
  private final PreparedStatement takeStock;
  private final PreparedStatement insertOrder;
  private final PreparedStatement insertLine;
  private final PreparedStatement ship;

  OrderService(Connection connection) throws SQLException {
    this.connection = connection;
    connection.setAutoCommit(false);
    price = connection.prepareStatement("SELECT price_cents FROM products WHERE id = ?");
    takeStock = connection.prepareStatement(
        "UPDATE products SET stock = stock - ? WHERE id = ? AND stock >= ?");
    insertOrder = connection.prepareStatement("INSERT INTO orders (customer_id, status,"
        + " total_cents, placed_tick) VALUES (?, 'PLACED', ?, ?)", Statement.RETURN_GENERATED_KEYS);
    insertLine = connection.prepareStatement("INSERT INTO order_lines (order_id, line_no,"
        + " product_id, quantity, price_cents) VALUES (?, ?, ?, ?, ?)");
    ship = connection.prepareStatement(
        "UPDATE orders SET status = 'SHIPPED' WHERE id = ? AND status = 'PLACED'");
  }

  /** A basket of one to four products, drawn from {@code random}. */
  static List<BasketItem> randomBasket(Random random) {
    int size = 1 + random.nextInt(4);
    List<BasketItem> items = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      items.add(new BasketItem(1 + random.nextInt(ShopDatabase.PRODUCTS), 1 + random.nextInt(5)));
    }
    return items;
  }

  /**
   * Takes the stock and records the order; returns its total in cents, or -1 when a product is
   * out of stock (nothing is changed then).
   */
  long placeOrder(int customerId, List<BasketItem> basket, long tick) throws SQLException {
    // Stock rows are locked in product order, so two orders never wait on each other in a cycle.
    List<BasketItem> items = new ArrayList<>(basket);
    items.sort(Comparator.comparingInt(BasketItem::productId));
    for (int attempt = 1; ; attempt++) {
      try {
        long total = placeOnce(customerId, items, tick);
        connection.commit();
        return total;
      } catch (SQLTransactionRollbackException conflict) {
        connection.rollback();
        if (attempt == ATTEMPTS) {
          throw conflict;
        }
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  private long placeOnce(int customerId, List<BasketItem> items, long tick) throws SQLException {
    long total = 0;
    long[] prices = new long[items.size()];
    for (int i = 0; i < items.size(); i++) {
      BasketItem item = items.get(i);
      takeStock.setInt(1, item.quantity());
      takeStock.setInt(2, item.productId());
      takeStock.setInt(3, item.quantity());
      if (takeStock.executeUpdate() == 0) {
        connection.rollback();
        return -1;
      }
      price.setInt(1, item.productId());
      try (ResultSet rows = price.executeQuery()) {
        rows.next();
        prices[i] = rows.getLong(1);
      }
      total += prices[i] * item.quantity();
    }
    insertOrder.setInt(1, customerId);
    insertOrder.setLong(2, total);
    insertOrder.setLong(3, tick);
    insertOrder.executeUpdate();
    long orderId;
    try (ResultSet keys = insertOrder.getGeneratedKeys()) {
      keys.next();
      orderId = keys.getLong(1);
    }
    for (int i = 0; i < items.size(); i++) {
      insertLine.setLong(1, orderId);
      insertLine.setInt(2, i + 1);
      insertLine.setInt(3, items.get(i).productId());
      insertLine.setInt(4, items.get(i).quantity());
      insertLine.setLong(5, prices[i]);
      insertLine.addBatch();
    }
    insertLine.executeBatch();
    return total;
  }

  /** Marks a placed order shipped; returns whether it was placed. */
  boolean shipOrder(long orderId) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        ship.setLong(1, orderId);
        boolean shipped = ship.executeUpdate() == 1;
        connection.commit();
        return shipped;
      } catch (SQLTransactionRollbackException conflict) {
        connection.rollback();
        if (attempt == ATTEMPTS) {
          throw conflict;
        }
      }
    }
  }
}
