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
  void overhead_countsTheCollectorsWorkForTheAgent_byItsShareOfTheBytesAllocated() {
    OverheadGovernor governor = new OverheadGovernor(0.01, MODEL);
    // 4 ms on agent threads; the collector took 30 ms, the agent allocated 10 of 200 MB
    Costs costs = new Costs(SECOND, 4_000_000, 0, 0, 30_000_000, 10_000_000, 200_000_000);

    assertThat(costs.agentGcCpuNanos()).isEqualTo(1_500_000);
    // (4 ms + 1.5 ms) / (1 s - 5.5 ms)
    assertThat(governor.period(costs).overhead()).isCloseTo(0.0055 / 0.9945, within(1e-9));
  }

  @Test
  void collectorsWork_isNone_withoutItsCpu_orWithoutAllocations_andNeverAboveAll() {
    assertThat(new Costs(SECOND, 0, 0, 0, 0, 10, 100).agentGcCpuNanos()).isZero();
    assertThat(new Costs(SECOND, 0, 0, 0, 30, 0, 100).agentGcCpuNanos()).isZero();
    assertThat(new Costs(SECOND, 0, 0, 0, 30, 10, 0).agentGcCpuNanos()).isZero();
    // the agent's threads' reading and the total's are not taken at the same instant
    assertThat(new Costs(SECOND, 0, 0, 0, 30, 120, 100).agentGcCpuNanos()).isEqualTo(30);
  }

  @Test
  void collectorsWorkForTheAgent_canPutItOverBudget_andIsNotAdvice() {
    OverheadGovernor governor = new OverheadGovernor(0.01, MODEL);
    // 5 ms on agent threads (0.5%), the collector's work for them 10 ms: 1.5% in all
    Costs costs = new Costs(SECOND, 5_000_000, 100, 0, 20_000_000, 50, 100);

    OverheadGovernor.Decision first = governor.period(costs);
    assertThat(first.overhead()).isGreaterThan(0.01);
    assertThat(first.shed()).containsExactly(Shed.ARGUMENT_SAMPLING);
    // the advice (10 us) is far under a tenth of the cost: its steps are passed over
    assertThat(governor.period(costs).passedOver())
        .containsExactly(Shed.SAMPLED_TIMING_RATE, Shed.AUTO_TIMED_METHODS);
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
  void overBudgetFromTheAgentsThreadsAlone_passesOverTheStepsThatCutOnlyAdvice() {
    OverheadGovernor governor = new OverheadGovernor(0.01, MODEL);
    // 20 ms on the agent's threads (2%), 100 clocked calls: 10 us of advice, 0.05% of the cost
    Costs threads = new Costs(SECOND, 20_000_000, 100, 0);

    assertThat(governor.period(threads).shed()).containsExactly(Shed.ARGUMENT_SAMPLING);
    OverheadGovernor.Decision second = governor.period(threads);
    assertThat(second.shed()).containsExactly(Shed.ARGUMENT_SAMPLING, Shed.JFR_SAMPLE_INTERVAL);
    assertThat(second.passedOver())
        .containsExactly(Shed.SAMPLED_TIMING_RATE, Shed.AUTO_TIMED_METHODS);
    for (int i = 0; i < 5; i++) {
      governor.period(threads);
    }
    assertThat(governor.shed()).containsExactly(Shed.ARGUMENT_SAMPLING,
        Shed.JFR_SAMPLE_INTERVAL, Shed.JFR_EVENT_TYPES, Shed.JFR_BLOCKING_THRESHOLD);

    // The advice grows to a third of the cost: its steps can pay now, and are shed in order.
    Costs advice = new Costs(SECOND, 20_000_000, 100_000, 0);
    assertThat(governor.period(advice).passedOver()).isEmpty();
    assertThat(governor.period(advice).shed()).containsExactly(Shed.ARGUMENT_SAMPLING,
        Shed.JFR_SAMPLE_INTERVAL, Shed.JFR_EVENT_TYPES, Shed.JFR_BLOCKING_THRESHOLD,
        Shed.SAMPLED_TIMING_RATE, Shed.AUTO_TIMED_METHODS);

    // Under half the budget, the last step shed is the first taken back.
    Costs quiet = new Costs(SECOND, 1_000_000, 0, 0);
    for (int i = 0; i < OverheadGovernor.RECOVER_PERIODS; i++) {
      governor.period(quiet);
    }
    assertThat(governor.shed()).containsExactly(Shed.ARGUMENT_SAMPLING,
        Shed.JFR_SAMPLE_INTERVAL, Shed.JFR_EVENT_TYPES, Shed.JFR_BLOCKING_THRESHOLD,
        Shed.SAMPLED_TIMING_RATE);
  }

  @Test
  void streamStepsThatWouldCutFewEvents_arePassedOver_forTheOneThatPays() {
    OverheadGovernor governor = new OverheadGovernor(0.01, MODEL);
    Costs threads = new Costs(SECOND, 20_000_000, 0, 0); // 2%, all on the agent's threads
    // a server's stream: blocking events nearly all of it, few samples, some allocation samples
    java.util.Map<Shed, Double> shares = java.util.Map.of(Shed.JFR_SAMPLE_INTERVAL, 0.001,
        Shed.JFR_EVENT_TYPES, 0.08, Shed.JFR_BLOCKING_THRESHOLD, 0.88);

    assertThat(governor.period(threads, Shed.values().length, shares).shed())
        .containsExactly(Shed.ARGUMENT_SAMPLING);
    OverheadGovernor.Decision second = governor.period(threads, Shed.values().length, shares);

    assertThat(second.shed())
        .containsExactly(Shed.ARGUMENT_SAMPLING, Shed.JFR_BLOCKING_THRESHOLD);
    assertThat(second.passedOver()).containsExactly(Shed.SAMPLED_TIMING_RATE,
        Shed.AUTO_TIMED_METHODS, Shed.JFR_SAMPLE_INTERVAL, Shed.JFR_EVENT_TYPES);
  }

  @Test
  void theStepAtTheShareLimit_isShed_andOneWithoutItsShare_isJudgedAsBefore() {
    OverheadGovernor governor = new OverheadGovernor(0.01, MODEL);
    Costs threads = new Costs(SECOND, 20_000_000, 0, 0);
    governor.period(threads); // argument sampling

    // a tenth of the events is enough; the interval's share is not known
    OverheadGovernor.Decision decision = governor.period(threads, Shed.values().length,
        java.util.Map.of(Shed.JFR_EVENT_TYPES, OverheadGovernor.MIN_EVENT_SHARE));

    assertThat(decision.shed()).containsExactly(Shed.ARGUMENT_SAMPLING, Shed.JFR_SAMPLE_INTERVAL);
  }

  @Test
  void thePeriodAfterAStreamStep_shedsNothing_thenTheNextStepFollows() {
    OverheadGovernor governor = new OverheadGovernor(0.01, MODEL);
    Costs threads = new Costs(SECOND, 20_000_000, 0, 0);
    java.util.Map<Shed, Double> before = java.util.Map.of(Shed.JFR_SAMPLE_INTERVAL, 0.001,
        Shed.JFR_EVENT_TYPES, 0.08, Shed.JFR_BLOCKING_THRESHOLD, 0.88);
    governor.period(threads, Shed.values().length, before);
    governor.period(threads, Shed.values().length, before); // the blocking threshold

    // still over budget: the figures hold the events from before the change, among fewer new
    java.util.Map<Shed, Double> mixed = java.util.Map.of(Shed.JFR_SAMPLE_INTERVAL, 0.001,
        Shed.JFR_EVENT_TYPES, 0.21, Shed.JFR_BLOCKING_THRESHOLD, 0.74);
    OverheadGovernor.Decision held = governor.period(threads, Shed.values().length, mixed);
    assertThat(held.overhead()).isGreaterThan(0.01);
    assertThat(held.shed())
        .containsExactly(Shed.ARGUMENT_SAMPLING, Shed.JFR_BLOCKING_THRESHOLD);

    // once the change shows, the allocation samples are most of what is left
    java.util.Map<Shed, Double> after = java.util.Map.of(Shed.JFR_SAMPLE_INTERVAL, 0.01,
        Shed.JFR_EVENT_TYPES, 0.6, Shed.JFR_BLOCKING_THRESHOLD, 0.0);
    assertThat(governor.period(threads, Shed.values().length, after).shed()).containsExactly(
        Shed.ARGUMENT_SAMPLING, Shed.JFR_BLOCKING_THRESHOLD, Shed.JFR_EVENT_TYPES);
  }

  @Test
  void inTheWarmUp_aStreamOfShortWaits_raisesTheThresholdAheadOfItsTurn_onceDetectionReadThem() {
    OverheadGovernor governor = new OverheadGovernor(0.01, MODEL);
    Costs threads = new Costs(SECOND, 20_000_000, 0, 0); // 2%: over
    java.util.Map<Shed, Double> waits = java.util.Map.of(Shed.JFR_SAMPLE_INTERVAL, 0.001,
        Shed.JFR_EVENT_TYPES, 0.08, Shed.JFR_BLOCKING_THRESHOLD, 0.88);

    // detection has not read them yet: nothing, however long
    for (int i = 0; i < 4; i++) {
      assertThat(governor.warmup(threads, waits, false).shed()).isEmpty();
    }
    // read now, but one period in a row is not enough after a period that was not dominant
    governor.warmup(threads, java.util.Map.of(Shed.JFR_BLOCKING_THRESHOLD, 0.3), true);
    assertThat(governor.warmup(threads, waits, true).shed()).isEmpty();
    OverheadGovernor.Decision early = governor.warmup(threads, waits, true);

    assertThat(early.shed()).containsExactly(Shed.JFR_BLOCKING_THRESHOLD);
    assertThat(early.overhead()).isCloseTo(0.02 / 0.98, within(1e-9));
    // after the warm-up: the change is given its period, then the others in their order
    java.util.Map<Shed, Double> after = java.util.Map.of(Shed.JFR_SAMPLE_INTERVAL, 0.01,
        Shed.JFR_EVENT_TYPES, 0.6, Shed.JFR_BLOCKING_THRESHOLD, 0.0);
    assertThat(governor.period(threads, Shed.values().length, after).shed())
        .containsExactly(Shed.JFR_BLOCKING_THRESHOLD);
    assertThat(governor.period(threads, Shed.values().length, after).shed())
        .containsExactly(Shed.JFR_BLOCKING_THRESHOLD, Shed.ARGUMENT_SAMPLING);
  }

  @Test
  void anIdleApplication_isNotJudged_nothingShedOrTakenBack_andTheWorstLeftAlone() {
    OverheadGovernor governor = new OverheadGovernor(0.01, MODEL);
    // The attach tests' idle target: the agent 3 ms in a period, the application 0.2 ms.
    Costs idle = new Costs(3_200_000, 3_000_000, 0, 0);
    Costs over = new Costs(SECOND, 20_000_000, 100_000, 0); // 3%: over
    Costs quiet = new Costs(SECOND, 1_000_000, 0, 0); // 0.1%: under half

    for (int i = 0; i < 5; i++) {
      OverheadGovernor.Decision decision = governor.period(idle);
      assertThat(decision.idle()).isTrue();
      assertThat(decision.overhead()).isCloseTo(15.0, within(1e-9)); // 1,500%: shown nowhere
      assertThat(decision.shed()).isEmpty();
    }
    assertThat(governor.worstOverhead()).isZero();
    assertThat(governor.lastOverhead()).isZero();

    assertThat(governor.period(over).shed()).containsExactly(Shed.ARGUMENT_SAMPLING);
    // Under half the budget, then idle, then under half again: the idle periods neither count
    // nor break the count, and take nothing back.
    for (int i = 0; i < OverheadGovernor.RECOVER_PERIODS - 1; i++) {
      governor.period(quiet);
    }
    for (int i = 0; i < 10; i++) {
      assertThat(governor.period(idle).shed()).containsExactly(Shed.ARGUMENT_SAMPLING);
    }
    assertThat(governor.period(quiet).shed()).isEmpty();
    assertThat(governor.worstOverhead()).isCloseTo(0.030 / 0.970, within(1e-9));
    // Just at the floor the application counts as working (1% of a core over the period).
    Costs working = new Costs(OverheadGovernor.IDLE_APPLICATION_NANOS + 3_000_000, 3_000_000, 0, 0);
    OverheadGovernor.Decision judged = governor.period(working);
    assertThat(judged.idle()).isFalse();
    assertThat(judged.shed()).containsExactly(Shed.ARGUMENT_SAMPLING); // 30%: over
    // In the warm-up, an idle period breaks a run of early periods over budget.
    OverheadGovernor early = new OverheadGovernor(0.01, MODEL);
    java.util.Map<Shed, Double> waits = java.util.Map.of(Shed.JFR_BLOCKING_THRESHOLD, 0.88);
    Costs threads = new Costs(SECOND, 20_000_000, 0, 0);
    early.warmup(threads, waits, true);
    assertThat(early.warmup(idle, waits, true).idle()).isTrue();
    assertThat(early.warmup(threads, waits, true).shed()).isEmpty();
    assertThat(early.warmup(threads, waits, true).shed())
        .containsExactly(Shed.JFR_BLOCKING_THRESHOLD);
  }

  @Test
  void inTheWarmUp_nothingElseIsShed_norTheThresholdUnderBudget_belowHalfTheEvents_orKept() {
    Costs threads = new Costs(SECOND, 20_000_000, 0, 0);
    Costs under = new Costs(SECOND, 5_000_000, 0, 0); // 0.5%
    java.util.Map<Shed, Double> waits = java.util.Map.of(Shed.JFR_BLOCKING_THRESHOLD, 0.88);
    java.util.Map<Shed, Double> fewWaits = java.util.Map.of(Shed.JFR_SAMPLE_INTERVAL, 0.4,
        Shed.JFR_BLOCKING_THRESHOLD, OverheadGovernor.DOMINANT_EVENT_SHARE - 0.01);

    OverheadGovernor governor = new OverheadGovernor(0.01, MODEL);
    for (int i = 0; i < 5; i++) {
      assertThat(governor.warmup(under, waits, true).shed()).isEmpty();
      assertThat(governor.warmup(threads, fewWaits, true).shed()).isEmpty();
      assertThat(governor.warmup(threads, java.util.Map.of(), true).shed()).isEmpty();
    }
    OverheadGovernor keeps = new OverheadGovernor(0.01, MODEL, java.util.List.of(
        new OverheadGovernor.Kept(Shed.JFR_BLOCKING_THRESHOLD, "a test keeps it")));
    for (int i = 0; i < 5; i++) {
      assertThat(keeps.warmup(threads, waits, true).shed()).isEmpty();
    }
    // exactly at the share it goes
    OverheadGovernor atShare = new OverheadGovernor(0.01, MODEL);
    java.util.Map<Shed, Double> half =
        java.util.Map.of(Shed.JFR_BLOCKING_THRESHOLD, OverheadGovernor.DOMINANT_EVENT_SHARE);
    atShare.warmup(threads, half, true);
    assertThat(atShare.warmup(threads, half, true).shed())
        .containsExactly(Shed.JFR_BLOCKING_THRESHOLD);
  }

  @Test
  void aStepThatCutsOnlyAdvice_isNotHeldAfter() {
    OverheadGovernor governor = new OverheadGovernor(0.01, MODEL);
    Costs expensive = new Costs(SECOND, 0, 500_000, 0); // 50 ms of advice: 5%

    governor.period(expensive);
    governor.period(expensive);
    assertThat(governor.period(expensive).shed()).containsExactly(
        Shed.ARGUMENT_SAMPLING, Shed.SAMPLED_TIMING_RATE, Shed.AUTO_TIMED_METHODS);
  }

  @Test
  void adviceAtATenthOfTheCost_isWorthShedding() {
    OverheadGovernor governor = new OverheadGovernor(0.01, MODEL);
    // 18 ms on the agent's threads, 20,000 clocked calls: 2 ms of advice, 10% of the cost
    Costs tenth = new Costs(SECOND, 18_000_000, 20_000, 0);

    governor.period(tenth);
    OverheadGovernor.Decision second = governor.period(tenth);

    assertThat(second.passedOver()).isEmpty();
    assertThat(second.shed()).containsExactly(Shed.ARGUMENT_SAMPLING, Shed.SAMPLED_TIMING_RATE);
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

  @Test
  void aStepThatComesBackOverBudget_waitsTwiceAsLongEachTime_upToTheCap() {
    OverheadGovernor governor = new OverheadGovernor(0.01, MODEL);
    Costs over = new Costs(SECOND, 25_000_000, 0, 0); // 2.5%: the agent's threads with the step
    Costs under = new Costs(SECOND, 4_000_000, 0, 0); // 0.4%: the same while the step is shed

    int[] waits = new int[9];
    for (int round = 0; round < waits.length; round++) {
      governor.period(over);
      assertThat(governor.shed()).containsExactly(Shed.ARGUMENT_SAMPLING);
      int periods = 0;
      while (!governor.shed().isEmpty()) {
        governor.period(under);
        periods++;
      }
      waits[round] = periods;
    }
    // 3 periods, then 6, 12, ... each time the step had to be shed again; at most 64 times 3
    assertThat(waits).containsExactly(3, 6, 12, 24, 48, 96, 192, 192, 192);
  }

  @Test
  void aStepTakenBackForGood_leavesTheNextStepsWaitAlone() {
    OverheadGovernor governor = new OverheadGovernor(0.01, MODEL);
    Costs over = new Costs(SECOND, 0, 500_000, 0); // 5% of advice: every step pays
    Costs under = new Costs(SECOND, 1_000_000, 0, 0); // 0.1%

    governor.period(over);
    governor.period(under);
    governor.period(under);
    governor.period(under);
    assertThat(governor.shed()).isEmpty();
    // the step comes back over budget once: its next wait doubles
    governor.period(over);
    assertThat(governor.periodsBeforeTakingBack(Shed.ARGUMENT_SAMPLING)).isEqualTo(6);
    // a second step shed on top of it waits the usual 3 periods, then the first its 6
    governor.period(over);
    assertThat(governor.shed()).containsExactly(Shed.ARGUMENT_SAMPLING, Shed.SAMPLED_TIMING_RATE);
    for (int i = 0; i < 3; i++) {
      governor.period(under);
    }
    assertThat(governor.shed()).containsExactly(Shed.ARGUMENT_SAMPLING);
    for (int i = 0; i < 5; i++) {
      governor.period(under);
    }
    assertThat(governor.shed()).containsExactly(Shed.ARGUMENT_SAMPLING);
    governor.period(under);
    assertThat(governor.shed()).isEmpty();
  }

  /** What auto=optimize keeps: its evidence. */
  private static final java.util.List<OverheadGovernor.Kept> OPTIMIZE = java.util.List.of(
      new OverheadGovernor.Kept(Shed.AUTO_TIMED_METHODS, "memoizes only timed methods"),
      new OverheadGovernor.Kept(Shed.ARGUMENT_SAMPLING, "decides from it"));

  @Test
  void keptSteps_areNeverShed_howeverFarOverBudget_andTheOthersGoInTheSameOrder() {
    OverheadGovernor governor = new OverheadGovernor(0.01, MODEL, OPTIMIZE);
    Costs expensive = new Costs(SECOND, 0, 5_000_000, 0); // 500 ms of advice: 50%

    assertThat(governor.period(expensive).shed()).containsExactly(Shed.SAMPLED_TIMING_RATE);
    assertThat(governor.period(expensive).shed())
        .containsExactly(Shed.SAMPLED_TIMING_RATE, Shed.JFR_SAMPLE_INTERVAL);
    for (int i = 0; i < 20; i++) {
      governor.period(expensive);
    }
    assertThat(governor.shed()).containsExactly(Shed.SAMPLED_TIMING_RATE,
        Shed.JFR_SAMPLE_INTERVAL, Shed.JFR_EVENT_TYPES, Shed.JFR_BLOCKING_THRESHOLD);
    // in the governor's order, whatever order they were handed over in
    assertThat(governor.kept()).extracting(OverheadGovernor.Kept::step)
        .containsExactly(Shed.ARGUMENT_SAMPLING, Shed.AUTO_TIMED_METHODS);
    assertThat(governor.kept().get(0).why()).isEqualTo("decides from it");
  }

  @Test
  void keptSteps_underTheEarlyCap_leaveOnlyTheSampledRate_andRecoveryTakesBackTheLastShed() {
    OverheadGovernor governor = new OverheadGovernor(0.01, MODEL, OPTIMIZE);
    Costs expensive = new Costs(SECOND, 0, 500_000, 0); // 5%

    for (int i = 0; i < 5; i++) {
      governor.period(expensive, 2); // the two steps that leave detection alone
    }
    assertThat(governor.shed()).containsExactly(Shed.SAMPLED_TIMING_RATE);

    governor.period(expensive);
    assertThat(governor.shed()).containsExactly(Shed.SAMPLED_TIMING_RATE, Shed.JFR_SAMPLE_INTERVAL);

    Costs cheap = new Costs(SECOND, 1_000_000, 0, 0); // 0.1%
    for (int i = 0; i < OverheadGovernor.RECOVER_PERIODS; i++) {
      governor.period(cheap);
    }
    assertThat(governor.shed()).containsExactly(Shed.SAMPLED_TIMING_RATE);
    for (int i = 0; i < OverheadGovernor.RECOVER_PERIODS; i++) {
      governor.period(cheap);
    }
    assertThat(governor.shed()).isEmpty();
  }

  @Test
  void everyStepKept_shedsNothing_butStillMeasures() {
    java.util.List<OverheadGovernor.Kept> all = new java.util.ArrayList<>();
    for (Shed step : Shed.values()) {
      all.add(new OverheadGovernor.Kept(step, "kept"));
    }
    OverheadGovernor governor = new OverheadGovernor(0.01, MODEL, all);

    OverheadGovernor.Decision decision = governor.period(new Costs(SECOND, 0, 500_000, 0));

    assertThat(decision.shed()).isEmpty();
    assertThat(decision.overhead()).isGreaterThan(0.05);
  }
}
