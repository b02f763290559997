package dev.overclock.analyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@code compare}'s {@code --fail-on} budgets: the syntax, and what each one allows. */
class BudgetTest {

  @Test
  void budgetSyntax() {
    assertThat(Budget.parse("p99=+10%")).isEqualTo(new Budget("p99", true, 10, "p99=+10%"));
    assertThat(Budget.parse("errors=+0").allows(3, 3)).isTrue();
    assertThat(Budget.parse("errors=+0").allows(3, 4)).isFalse();
    assertThat(Budget.parse("p50=+2ms").allowed()).isEqualTo(2_000_000);
    assertThat(Budget.parse("p50=0").allowed()).isZero();
    assertThatThrownBy(() -> Budget.parse("p42=+1%")).hasMessageContaining("unknown metric");
    assertThatThrownBy(() -> Budget.parse("p99")).hasMessageContaining("expected");
    assertThatThrownBy(() -> Budget.parse("p99=+5")).hasMessageContaining("not a growth");
    assertThatThrownBy(() -> Budget.parse("p99=-5%")).hasMessageContaining("must not be negative");
  }

  @Test
  void absoluteBudgets_likeALoadTestPlan() {
    Budget p95 = Budget.parse("p95<500ms");
    assertThat(p95.isGrowth()).isFalse();
    assertThat(p95.holds(499_000_000)).isTrue();
    assertThat(p95.holds(500_000_000)).isFalse();
    assertThat(Budget.parse("error-rate<1%").allowed()).isEqualTo(0.01);
    assertThat(Budget.parse("error-rate<1%").holds(0.02)).isFalse();
    assertThat(Budget.parse("calls>=1000").holds(1000)).isTrue();
    assertThat(Budget.parse("calls>=1000").holds(999)).isFalse();
    assertThatThrownBy(() -> Budget.parse("error-rate=+1%")).hasMessageContaining("takes a bound");
    assertThatThrownBy(() -> Budget.parse("error-rate<150%")).hasMessageContaining("not a bound");
  }

  @Test
  void perMethodBudgets_inTheGrammarOfTimed() {
    Budget quote = Budget.parse("com.acme.Pricing::quote:p99<5ms");
    assertThat(quote.metric()).isEqualTo("p99");
    assertThat(quote.allowed()).isEqualTo(5_000_000);
    assertThat(quote.method().toString()).isEqualTo("com.acme.Pricing::quote");
    assertThat(Budget.parse("com.acme.*:p95=+10%").isGrowth()).isTrue();
    assertThat(Budget.parse("::quote:errors<1").method().kind())
        .isEqualTo(dev.overclock.select.MethodFilter.Kind.METHOD_NAME);
    assertThatThrownBy(() -> Budget.parse("@com.acme.Hot:p99<5ms"))
        .hasMessageContaining("does not record annotations");
    assertThatThrownBy(() -> Budget.parse("com.acme.Pricing::<init>:p99<5ms"))
        .hasMessageContaining("constructors");
  }
}
