package org.example.workloads.jdbc;

import java.util.List;

/** The shop's rows as the application sees them. */
final class Model {

  private Model() {}

  record Product(int id, String name, int category, long priceCents, int stock) {}

  record OrderLine(int productId, int quantity, long priceCents) {}

  record Order(long id, int customerId, String status, long totalCents, List<OrderLine> lines) {}

  record CategoryRevenue(int category, long orders, long revenueCents) {}

  /** What a customer asks for: a product and how many. */
  record BasketItem(int productId, int quantity) {}
}
