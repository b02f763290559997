package dev.overclock.governor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.overclock.governor.OverheadGovernor.Costs;
import dev.overclock.governor.OverheadGovernor.Shed;
import org.junit.jupiter.api.Test;

/** The governor's decisions under an injected cost model: no clock, no real CPU time. */
class OverheadGovernorTest {

  private static final long SECOND = 1_000_000_000L;
  // 100 ns a clocked call, 5 ns an unclocked one
  private static final OverheadGovernor.CostModel MODEL =
      new OverheadGovernor.CostModel(100, 5);

  @Test
  void overhead_countsTheAgentsThreads_andItsAdviceAtTheCalibratedPrice() {
    OverheadGovernor governor = new OverheadGovernor(0.01, MODEL);

    // 2 cores busy for a second; 4 ms on agent threads; 40,000 clocked and 1M unclocked calls
    OverheadGovernor.Decision decision =
        governor.period(new Costs(2 * SECOND, 4_000_000, 40_000, 1_000_000));

    // (4 ms + 4 ms + 5 ms) / (2 s - 13 ms)
    assertThat(decision.overhead()).isCloseTo(0.013 / 1.987, within(1e-6));
    assertThat(decision.shed()).isEmpty();
  }

  @Test
  void overBudget_shedsOneStepAPeriod_inTheDocumentedOrder() {
    OverheadGovernor governor = new OverheadGovernor(0.01, MODEL);
    Costs expensive = new Costs(SECOND, 0, 500_000, 0); // 50 ms of advice: 5%

    assertThat(governor.period(expensive).shed()).containsExactly(Shed.ARGUMENT_SAMPLING);
    assertThat(governor.period(expensive).shed())
        .containsExactly(Shed.ARGUMENT_SAMPLING, Shed.SAMPLED_TIMING_RATE);
    for (int i = 0; i < 10; i++) {
      governor.period(expensive);
    }
    assertThat(governor.shed()).containsExactly(Shed.values());
    assertThat(governor.worstOverhead()).isGreaterThan(0.05);
  }

  @Test
  void aCapOnTheSteps_holdsTheLevelThere_untilItIsLifted() {
    OverheadGovernor governor = new OverheadGovernor(0.01, MODEL);
    Costs expensive = new Costs(SECOND, 0, 500_000, 0); // 5%

    for (int i = 0; i < 5; i++) {
      governor.period(expensive, 2);
    }
    assertThat(governor.shed()).containsExactly(Shed.ARGUMENT_SAMPLING, Shed.SAMPLED_TIMING_RATE);

    governor.period(expensive);
    assertThat(governor.shed()).containsExactly(
        Shed.ARGUMENT_SAMPLING, Shed.SAMPLED_TIMING_RATE, Shed.AUTO_TIMED_METHODS);
  }

  @Test
  void wellUnderBudget_forSomePeriods_takesTheLastStepBack() {
    OverheadGovernor governor = new OverheadGovernor(0.01, MODEL);
    governor.period(new Costs(SECOND, 0, 500_000, 0));
    governor.period(new Costs(SECOND, 0, 500_000, 0));
    Costs cheap = new Costs(SECOND, 1_000_000, 0, 0); // 0.1%

    governor.period(cheap);
    governor.period(cheap);
    assertThat(governor.shed()).hasSize(2);
    governor.period(cheap);
    assertThat(governor.shed()).containsExactly(Shed.ARGUMENT_SAMPLING);

    Costs nearBudget = new Costs(SECOND, 8_000_000, 0, 0); // 0.8%: neither over nor well under
    for (int i = 0; i < 5; i++) {
      governor.period(nearBudget);
    }
    assertThat(governor.shed()).containsExactly(Shed.ARGUMENT_SAMPLING);
  }
}
