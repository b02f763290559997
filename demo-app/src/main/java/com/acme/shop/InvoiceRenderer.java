package com.acme.shop;

import dev.overclock.annotations.Timed;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders the plain-text invoice of an accepted order.
 *
 * <p>Exercises <em>allocation profiling</em>: {@link #render} is written the way much real
 * formatting code is, building the text from many short-lived Strings, lists, builders and {@code
 * String.format} calls, and appending it line by line with {@code +} (which copies the whole text
 * each time). One call allocates about 250 KB for an invoice of about 5 KB, so the agent's
 * allocation figures should single it out. It is CPU-bound but runs on the I/O pool.
 */
final class InvoiceRenderer {

  static final int WIDTH = 78;

  private static final String TERMS =
      "All prices include the sales tax of the delivery region. Goods remain the property of the shop"
          + " until paid in full. You may return any item within 30 days of delivery for a full refund;"
          + " items must be unused and in their original packaging. Delivery slots are booked with our"
          + " shipping partner and can be changed once, free of charge, up to 24 hours before the slot."
          + " Stock levels are indicative and may change between the order and its dispatch. Products"
          + " containing lithium cells are shipped by road only. Warranty claims are handled by the"
          + " shop for two years from delivery; keep this invoice as proof of purchase. Questions about"
          + " this invoice: quote the order number to customer service. Thank you for shopping with us.";

  /**
   * The invoice text of {@code order}: lines, prices, delivery and terms.
   *
   * @param lineQuotes the price of each line in cents, as {@link PricingEngine#quote} returned it
   * @param descriptions the description of each line's SKU, as {@link CatalogStore} returned it
   */
  @Timed
  String render(
      Order order, List<Long> lineQuotes, List<String> descriptions, int routeDistance, int stock, int slot) {
    List<String> sections = new ArrayList<>();
    sections.add(header(order));
    long total = 0;
    for (int i = 0; i < order.lines().size(); i++) {
      LineItem line = order.lines().get(i);
      sections.add(lineSection(i + 1, line, lineQuotes.get(i), descriptions.get(i), order.region()));
      total += lineQuotes.get(i);
    }
    sections.add(totals(order, total));
    sections.add(delivery(order, routeDistance, stock, slot));
    sections.add(wrap("Terms. " + TERMS.replace("the shop", "Acme Shop"), WIDTH));

    String text = "";
    for (String section : sections) {
      for (String row : section.split("\n")) {
        text = text + pad(row.stripTrailing(), WIDTH) + "|\n"; // quadratic copying, on purpose
      }
      text = text + "-".repeat(WIDTH) + "+\n";
    }
    return text;
  }

  private static String header(Order order) {
    return String.format(Locale.ROOT, "ACME SHOP INVOICE\nOrder: %08d\nRegion: %s\nTax rate: %s\n",
        order.id(), order.region().toUpperCase(Locale.ROOT), percent(Catalogue.taxBasisPoints(order.region())));
  }

  private static String lineSection(int number, LineItem line, long quote, String description, String region) {
    StringBuilder section = new StringBuilder();
    section.append(String.format(Locale.ROOT, "%2d. %-20s x%d %14s\n", number, line.sku(), line.quantity(), money(quote)));
    section.append(wrap(description.replace('\n', ' '), WIDTH - 4).indent(4));
    // Price ladder: what other quantities of the same line would cost at list price.
    long unit = Catalogue.basePriceCents(line.sku());
    List<String> ladder = new ArrayList<>();
    for (int quantity = 1; quantity <= 10; quantity++) {
      String label = "    " + quantity + (quantity == 1 ? " unit" : " units");
      String price = money(unit * quantity + unit * quantity * Catalogue.taxBasisPoints(region) / 10_000);
      ladder.add(label + " ".repeat(Math.max(1, 24 - label.length())) + price + (quantity == line.quantity() ? "  <" : ""));
    }
    section.append(String.join("\n", ladder)).append('\n');
    return section.toString();
  }

  private static String totals(Order order, long total) {
    long tax = total - total * 10_000 / (10_000 + Catalogue.taxBasisPoints(order.region()));
    return "Items: " + order.lines().size() + ", units: " + order.totalUnits() + "\n"
        + "Total: " + money(total) + "\n"
        + "of which tax: " + money(tax) + "\n";
  }

  private static String delivery(Order order, int routeDistance, int stock, int slot) {
    return "Delivery to hub " + order.destination() + ", route length " + routeDistance + " km\n"
        + "Booked slot: " + String.format(Locale.ROOT, "%02d:%02d", (slot - 1) / 2, (slot - 1) % 2 * 30) + "\n"
        + "Warehouse stock of " + order.lines().get(0).sku() + ": " + stock + " units\n";
  }

  /** Greedy word wrap to {@code width} columns. */
  private static String wrap(String text, int width) {
    List<String> rows = new ArrayList<>();
    StringBuilder row = new StringBuilder();
    for (String word : text.split(" ")) {
      if (word.isEmpty()) {
        continue;
      }
      if (row.length() > 0 && row.length() + 1 + word.length() > width) {
        rows.add(row.toString());
        row = new StringBuilder();
      }
      if (row.length() > 0) {
        row.append(' ');
      }
      row.append(word);
    }
    if (row.length() > 0) {
      rows.add(row.toString());
    }
    return String.join("\n", rows) + "\n";
  }

  private static String pad(String row, int width) {
    return row.length() >= width ? row : row + " ".repeat(width - row.length());
  }

  /** {@code 123456} cents as {@code "1,234.56"}. */
  private static String money(long cents) {
    String units = Long.toString(cents / 100);
    StringBuilder grouped = new StringBuilder();
    for (int i = 0; i < units.length(); i++) {
      if (i > 0 && (units.length() - i) % 3 == 0) {
        grouped.append(',');
      }
      grouped.append(units.charAt(i));
    }
    long fraction = cents % 100;
    return grouped + (fraction < 10 ? ".0" : ".") + fraction;
  }

  private static String percent(int basisPoints) {
    return basisPoints / 100 + "." + String.format(Locale.ROOT, "%02d", basisPoints % 100) + " %";
  }
}
