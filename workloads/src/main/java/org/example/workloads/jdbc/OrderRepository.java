package org.example.workloads.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.example.workloads.jdbc.Model.CategoryRevenue;
import org.example.workloads.jdbc.Model.Order;
import org.example.workloads.jdbc.Model.OrderLine;

/** Reads orders and the sales figures made from them. One per connection. */
final class OrderRepository {

  private final PreparedStatement orderById;
  private final PreparedStatement linesOfOrder;
  private final PreparedStatement recentOfCustomer;
  private final PreparedStatement revenueByCategory;

  OrderRepository(Connection connection) throws SQLException {
    orderById = connection.prepareStatement(
        "SELECT id, customer_id, status, total_cents FROM orders WHERE id = ?");
    linesOfOrder = connection.prepareStatement("SELECT product_id, quantity, price_cents"
        + " FROM order_lines WHERE order_id = ? ORDER BY line_no");
    recentOfCustomer = connection.prepareStatement("SELECT id, customer_id, status, total_cents"
        + " FROM orders WHERE customer_id = ? ORDER BY id DESC LIMIT ?");
    revenueByCategory = connection.prepareStatement(
        "SELECT p.category, COUNT(DISTINCT o.id), SUM(l.quantity * l.price_cents)"
            + " FROM orders o"
            + " JOIN customers c ON c.id = o.customer_id"
            + " JOIN order_lines l ON l.order_id = o.id"
            + " JOIN products p ON p.id = l.product_id"
            + " WHERE c.region = ? AND o.id BETWEEN ? AND ?"
            + " GROUP BY p.category ORDER BY p.category");
  }

  /** The order with its lines, or null. */
  Order findById(long id) throws SQLException {
    orderById.setLong(1, id);
    try (ResultSet rows = orderById.executeQuery()) {
      if (!rows.next()) {
        return null;
      }
      return new Order(rows.getLong(1), rows.getInt(2), rows.getString(3), rows.getLong(4),
          lines(id));
    }
  }

  /** A customer's latest orders, newest first, without their lines. */
  List<Order> recentOrders(int customerId, int limit) throws SQLException {
    recentOfCustomer.setInt(1, customerId);
    recentOfCustomer.setInt(2, limit);
    List<Order> orders = new ArrayList<>();
    try (ResultSet rows = recentOfCustomer.executeQuery()) {
      while (rows.next()) {
        orders.add(new Order(rows.getLong(1), rows.getInt(2), rows.getString(3), rows.getLong(4),
            List.of()));
      }
    }
    return orders;
  }

  /** Orders and revenue per product category for one region, over a range of order ids. */
  List<CategoryRevenue> revenueByCategory(String region, long fromOrder, long toOrder)
      throws SQLException {
    revenueByCategory.setString(1, region);
    revenueByCategory.setLong(2, fromOrder);
    revenueByCategory.setLong(3, toOrder);
    List<CategoryRevenue> result = new ArrayList<>();
    try (ResultSet rows = revenueByCategory.executeQuery()) {
      while (rows.next()) {
        result.add(new CategoryRevenue(rows.getInt(1), rows.getLong(2), rows.getLong(3)));
      }
    }
    return result;
  }

  private List<OrderLine> lines(long orderId) throws SQLException {
    linesOfOrder.setLong(1, orderId);
    List<OrderLine> lines = new ArrayList<>();
    try (ResultSet rows = linesOfOrder.executeQuery()) {
      while (rows.next()) {
        lines.add(new OrderLine(rows.getInt(1), rows.getInt(2), rows.getLong(3)));
      }
    }
    return lines;
  }
}
