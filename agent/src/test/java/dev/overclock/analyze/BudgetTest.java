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
}
