package org.example.workloads.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.example.workloads.jdbc.Model.Product;

/** Reads products. One per connection: it keeps its prepared statements. */
final class CatalogRepository {

  private final PreparedStatement byId;
  private final PreparedStatement byCategory;

  CatalogRepository(Connection connection) throws SQLException {
    byId = connection.prepareStatement(
        "SELECT id, name, category, price_cents, stock FROM products WHERE id = ?");
    byCategory = connection.prepareStatement("SELECT id, name, category, price_cents, stock"
        + " FROM products WHERE category = ? AND price_cents <= ? ORDER BY price_cents, id");
  }

  Product findProduct(int id) throws SQLException {
    byId.setInt(1, id);
    try (ResultSet rows = byId.executeQuery()) {
      return rows.next() ? product(rows) : null;
    }
  }

  /** The products of a category up to a price, cheapest first. */
  List<Product> cheapestInCategory(int category, long maxPriceCents) throws SQLException {
    byCategory.setInt(1, category);
    byCategory.setLong(2, maxPriceCents);
    List<Product> products = new ArrayList<>();
    try (ResultSet rows = byCategory.executeQuery()) {
      while (rows.next()) {
        products.add(product(rows));
      }
    }
    return products;
  }

  private static Product product(ResultSet rows) throws SQLException {
    return new Product(rows.getInt(1), rows.getString(2), rows.getInt(3), rows.getLong(4),
        rows.getInt(5));
  }
}
