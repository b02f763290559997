package org.example.workloads.http;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Prices an order line: a list price from the product, volume discount tiers, tax, and a monthly
 * instalment plan computed with decimal arithmetic, as a finance back end would. CPU work only.
 */
final class PriceQuotes {

  private static final MathContext MONEY = MathContext.DECIMAL64;
  private static final BigDecimal TAX_RATE = new BigDecimal("0.19");
  private static final BigDecimal YEARLY_INTEREST = new BigDecimal("0.079");

  /** One month of an instalment plan. */
  record Instalment(int month, BigDecimal payment, BigDecimal interest, BigDecimal remaining) {}

  /** The priced line, as sent to the client. */
  record Quote(int sku, int quantity, BigDecimal unitPrice, BigDecimal discount,
      BigDecimal tax, BigDecimal total, List<Instalment> plan) {}

  Quote quote(int sku, int quantity) {
    BigDecimal unit = BigDecimal.valueOf(199 + (sku * 7_919L) % 90_000, 2);
    BigDecimal gross = unit.multiply(BigDecimal.valueOf(quantity), MONEY);
    BigDecimal discountRate = quantity >= 50 ? new BigDecimal("0.12")
        : quantity >= 10 ? new BigDecimal("0.05") : BigDecimal.ZERO;
    BigDecimal discount = gross.multiply(discountRate, MONEY).setScale(2, RoundingMode.HALF_EVEN);
    BigDecimal net = gross.subtract(discount);
    BigDecimal tax = net.multiply(TAX_RATE, MONEY).setScale(2, RoundingMode.HALF_EVEN);
    BigDecimal total = net.add(tax);
    return new Quote(sku, quantity, unit, discount, tax, total, plan(total, 12 + sku % 4 * 12));
  }

  /** An annuity: equal payments, interest on what remains. */
  private static List<Instalment> plan(BigDecimal principal, int months) {
    BigDecimal monthlyRate = YEARLY_INTEREST.divide(BigDecimal.valueOf(12), MONEY);
    BigDecimal growth = BigDecimal.ONE.add(monthlyRate).pow(months, MONEY);
    BigDecimal payment = principal.multiply(monthlyRate.multiply(growth, MONEY), MONEY)
        .divide(growth.subtract(BigDecimal.ONE), MONEY).setScale(2, RoundingMode.HALF_EVEN);
    List<Instalment> plan = new ArrayList<>(months);
    BigDecimal remaining = principal;
    for (int month = 1; month <= months; month++) {
      BigDecimal interest = remaining.multiply(monthlyRate, MONEY).setScale(2, RoundingMode.HALF_EVEN);
      remaining = remaining.add(interest).subtract(payment).max(BigDecimal.ZERO);
      plan.add(new Instalment(month, payment, interest, remaining));
    }
    return plan;
  }
}
