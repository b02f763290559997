package dev.overclock.governor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.overclock.governor.OverheadGovernor.Shed;
import dev.overclock.log.LogLines;
import dev.overclock.metrics.MethodRef;
import dev.overclock.metrics.MethodSnapshot;
import dev.overclock.metrics.TimingRecorders;
import dev.overclock.metrics.TimingSampling;
import dev.overclock.report.Report;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The governor wired to the agent's parts: calls read from real recorders, priced by an injected
 * cost model, and the steps acted on (the sampling rate here, the JFR part's through its lever).
 * No thread, no clock: each period's CPU figures are made up.
 */
class OverheadControlTest {

  private static final long SECOND = 1_000_000_000L;
  private static final OverheadGovernor.CostModel MODEL = new OverheadGovernor.CostModel(100, 5);
  private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

  private final TimingRecorders recorders = new TimingRecorders(null, 1, TimingSampling.EXACT);
  private final List<String> lever = new ArrayList<>();
  private final int id = recorders.register(new MethodRef("a.B", "m", "()V", "annotation"));

  private OverheadControl control(double budget) {
    recorders.woven(id);
    recorders.pinSampling(id, 64); // a sampled method: one call in 64 clocked
    OverheadControl control = new OverheadControl(budget, recorders,
        (step, on) -> lever.add((on ? "shed " : "restore ") + step));
    control.begin(MODEL);
    control.warmupPeriods(0);
    return control;
  }

  private void calls(int count) {
    for (int i = 0; i < count; i++) {
      Object state = recorders.enter(id);
      recorders.exit(id, state, recorders.start(state), null);
    }
  }

  private List<MethodSnapshot> methods() {
    return recorders.read(Duration.ofSeconds(1));
  }

  /** What the governor reads each period: call counts only. */
  private List<TimingRecorders.Calls> counts() {
    return recorders.calls();
  }

  /**
   * Work the governor would shed first waits for its first decision: not during the warm-up, nor
   * before any period after it was measured; at once where nothing is ever shed (no budget) or
   * the governor has stopped.
   */
  @Test
  void decidesNow_afterTheWarmupAndOneDecidingPeriod_orAtOnceWithoutABudget() {
    OverheadControl control = control(0.01);
    control.warmupPeriods(3);
    for (int period = 0; period < 4; period++) {
      assertThat(control.decidesNow()).as("after %d periods", period).isFalse();
      control.period(SECOND, 1_000_000, counts(), NOW);
    }
    assertThat(control.decidesNow()).isTrue();

    OverheadControl unpriced = new OverheadControl(0.01, recorders, (step, on) -> {});
    assertThat(unpriced.decidesNow()).isFalse(); // not calibrated yet: no governor
    unpriced.stop();
    assertThat(unpriced.decidesNow()).isTrue();

    OverheadControl noBudget = new OverheadControl(0, recorders, (step, on) -> {});
    assertThat(noBudget.decidesNow()).isTrue();
  }

  @Test
  void period_pricesTheCallsMadeSinceTheLastOne_byClockedAndCountedOnly() {
    OverheadControl control = control(0.01);

    calls(64_000); // 1,000 clocked at 100 ns, 63,000 counted only at 5 ns: 0.415 ms
    OverheadGovernor.Decision decision = control.period(SECOND, 4_000_000, counts(), NOW);

    double agent = 4_000_000 + 1_000 * 100 + 63_000 * 5;
    assertThat(decision.overhead()).isCloseTo(agent / (SECOND - agent), within(1e-9));
    assertThat(decision.shed()).isEmpty();
    Report.Overhead report = control.report();
    assertThat(report.adviceNanos()).isEqualTo(415_000);
    assertThat(report.agentThreadsCpuNanos()).isEqualTo(4_000_000);
    assertThat(report.periods()).isEqualTo(1);
    assertThat(report.budget()).isEqualTo(0.01);

    // the next period counts only the calls made since
    calls(64);
    control.period(SECOND, 0, counts(), NOW);
    assertThat(control.report().adviceNanos()).isEqualTo(415_000 + 100 + 63 * 5);
  }

  @Test
  void period_countsTheCollectorsWorkForTheAgent_apartFromItsThreads_andNotAsTheApplications() {
    OverheadControl control = control(0.01);

    // 4 ms on agent threads; the collector 20 ms, the agent a quarter of the bytes allocated
    OverheadGovernor.Decision decision = control.period(
        new OverheadGovernor.Costs(SECOND, 4_000_000, 0, 0, 20_000_000, 25, 100), counts(), NOW);

    assertThat(decision.overhead()).isCloseTo(0.009 / 0.991, within(1e-9));
    Report.Overhead report = control.report();
    assertThat(report.agentGcCpuNanos()).isEqualTo(5_000_000);
    assertThat(report.agentThreadsCpuNanos()).isEqualTo(4_000_000);
    assertThat(report.applicationCpuNanos()).isEqualTo(SECOND - 9_000_000);
    assertThat(report.overhead()).isCloseTo(0.009 / 0.991, within(1e-9));

    // without the collector's figures nothing more is counted
    control.period(SECOND, 1_000_000, counts(), NOW.plusSeconds(1));
    assertThat(control.report().agentGcCpuNanos()).isEqualTo(5_000_000);
  }

  /** Calls of the sampled method that make its advice 12-25% of the agent's cost below. */
  private static final int ADVICE_CALLS = 2_560_000;

  @Test
  void overBudget_shedsThroughTheLevers_raisesN_andTakesItAllBackWhenWellUnder() {
    OverheadControl control = control(0.01);
    long expensive = 50_000_000; // 5% of a core on the agent's threads
    // and its advice a large part of the cost (its steps are passed over when it is not)
    calls(ADVICE_CALLS);
    control.period(SECOND, expensive, counts(), NOW);
    assertThat(lever).containsExactly("shed " + Shed.ARGUMENT_SAMPLING);

    calls(ADVICE_CALLS);
    control.period(SECOND, expensive, counts(), NOW.plusSeconds(1));
    // the sampling rate is timing's own step: N times four, not through the JFR part's lever
    assertThat(lever).containsExactly("shed " + Shed.ARGUMENT_SAMPLING);
    assertThat(methods().get(0).sampleEvery()).isEqualTo(64 * OverheadControl.RATE_FACTOR);
    assertThat(control.report().shed())
        .containsExactly(Shed.ARGUMENT_SAMPLING.label(), Shed.SAMPLED_TIMING_RATE.label());

    for (int i = 0; i < OverheadGovernor.RECOVER_PERIODS; i++) {
      control.period(SECOND, 1_000_000, counts(), NOW.plusSeconds(2 + i)); // 0.1%
    }
    assertThat(methods().get(0).sampleEvery()).isEqualTo(64);
    Report.Overhead report = control.report();
    assertThat(report.shed()).containsExactly(Shed.ARGUMENT_SAMPLING.label());
    assertThat(report.steps()).extracting(Report.ShedStep::action)
        .containsExactly("shed", "shed", "restored");
    assertThat(report.steps().get(2).step()).isEqualTo(Shed.SAMPLED_TIMING_RATE.label());
    assertThat(report.steps().get(0).at()).isEqualTo(NOW);
    assertThat(report.worstPeriod()).isGreaterThan(0.05);

    for (int i = 0; i < OverheadGovernor.RECOVER_PERIODS; i++) {
      control.period(SECOND, 1_000_000, counts(), NOW.plusSeconds(10 + i));
    }
    assertThat(lever).containsExactly(
        "shed " + Shed.ARGUMENT_SAMPLING, "restore " + Shed.ARGUMENT_SAMPLING);
    assertThat(control.report().shed()).isEmpty();
  }

  @Test
  void budgetOff_measuresButNeverSheds() {
    OverheadControl control = control(0);

    for (int i = 0; i < 6; i++) {
      control.period(SECOND, SECOND / 2, counts(), NOW); // the agent takes half the process
    }

    assertThat(lever).isEmpty();
    assertThat(methods().get(0).sampleEvery()).isEqualTo(64);
    Report.Overhead report = control.report();
    assertThat(report.shed()).isEmpty();
    assertThat(report.steps()).isEmpty();
    assertThat(report.overhead()).isCloseTo(1.0, within(1e-9));
    assertThat(report.budget()).isZero();
  }

  /**
   * The JFR part's lever on a server's stream: blocking events nearly all of it, few samples,
   * some allocation samples; detection has read the waits once {@code waitsRead} says so.
   */
  private OverheadControl.Lever serversStream(java.util.function.BooleanSupplier waitsRead) {
    return new OverheadControl.Lever() {
      @Override
      public void shed(Shed step, boolean on) {
        lever.add((on ? "shed " : "restore ") + step);
      }

      @Override
      public java.util.Map<Shed, Double> eventShares() {
        return java.util.Map.of(Shed.JFR_SAMPLE_INTERVAL, 0.001, Shed.JFR_EVENT_TYPES, 0.08,
            Shed.JFR_BLOCKING_THRESHOLD, 0.88);
      }

      @Override
      public boolean waitsRead() {
        return waitsRead.getAsBoolean();
      }
    };
  }

  @Test
  void theStreamsEventShares_fromTheLever_passOverTheStepsThatWouldCutFew() {
    OverheadControl control =
        new OverheadControl(0.01, recorders, serversStream(() -> false));
    control.begin(MODEL);
    control.warmupPeriods(0);
    for (int i = 0; i < OverheadControl.DETECTION_PERIODS; i++) {
      control.period(SECOND, SECOND / 1000, counts(), NOW.plusSeconds(i)); // 0.1%: under
    }

    control.period(SECOND, SECOND / 50, counts(), NOW.plusSeconds(10)); // 2%: over
    control.period(SECOND, SECOND / 50, counts(), NOW.plusSeconds(11));

    assertThat(lever).containsExactly(
        "shed " + Shed.ARGUMENT_SAMPLING, "shed " + Shed.JFR_BLOCKING_THRESHOLD);
    assertThat(control.report().shed())
        .containsExactly("argument sampling", "JFR blocking-event threshold");
  }

  @Test
  void duringTheWarmUp_aStreamOfShortWaits_raisesTheThresholdOnceDetectionReadThem_andSaysWhy() {
    boolean[] read = {false};
    OverheadControl control =
        new OverheadControl(0.01, recorders, serversStream(() -> read[0]));
    control.begin(MODEL);

    control.period(SECOND, SECOND / 50, counts(), NOW); // 2%: over
    control.period(SECOND, SECOND / 50, counts(), NOW.plusSeconds(1));
    assertThat(lever).isEmpty();
    read[0] = true;
    List<String> lines;
    try (LogLines log = LogLines.capture()) {
      control.period(SECOND, SECOND / 50, counts(), NOW.plusSeconds(2));
      control.period(SECOND, SECOND / 50, counts(), NOW.plusSeconds(3));
      lines = log.lines();
    }

    assertThat(lever).containsExactly("shed " + Shed.JFR_BLOCKING_THRESHOLD);
    assertThat(control.report().shed()).containsExactly("JFR blocking-event threshold");
    assertThat(lines).anyMatch(line -> line.contains("shedding JFR blocking-event threshold"
        + " ahead of its turn, in the warm-up: blocking events under the raised threshold were"
        + " 88.00% of the live stream's events, and hot-method detection has read them"));
    // nothing else before the warm-up's end
    for (int i = 4; i < OverheadControl.WARMUP_PERIODS; i++) {
      control.period(SECOND, SECOND / 50, counts(), NOW.plusSeconds(i));
    }
    assertThat(lever).containsExactly("shed " + Shed.JFR_BLOCKING_THRESHOLD);
  }

  @Test
  void duringTheWarmUp_measuresButDecidesNothing() {
    OverheadControl control = control(0.01);
    control.warmupPeriods(2);

    control.period(SECOND, SECOND / 10, counts(), NOW); // 10%: far over
    control.period(SECOND, SECOND / 10, counts(), NOW);
    assertThat(lever).isEmpty();
    assertThat(control.report().worstPeriod()).isGreaterThan(0.1);
    assertThat(control.report().periods()).isEqualTo(2);

    control.period(SECOND, SECOND / 10, counts(), NOW);
    assertThat(lever).containsExactly("shed " + Shed.ARGUMENT_SAMPLING);
  }

  @Test
  void aSecondCalibration_keepsTheLowerPriceOfEachKind_forThePeriodsToCome() {
    OverheadControl control = control(0.01);
    calls(64_000); // 1,000 clocked, 63,000 counted only
    control.period(SECOND, 0, counts(), NOW);
    assertThat(control.report().adviceNanos()).isEqualTo(1_000 * 100 + 63_000 * 5);

    // at start-up the advice ran interpreted (100 ns); compiled now it costs 20, and the
    // counted-only call was measured dearer this time (8): each price is the lower one
    control.reprice(new OverheadGovernor.CostModel(20, 8));
    calls(64_000);
    OverheadGovernor.Decision decision = control.period(SECOND, 0, counts(), NOW);

    Report.Overhead report = control.report();
    assertThat(report.clockedCallNanos()).isEqualTo(20);
    assertThat(report.unclockedCallNanos()).isEqualTo(5);
    assertThat(report.adviceNanos())
        .isEqualTo(1_000 * 100 + 63_000 * 5 + 1_000 * 20 + 63_000 * 5);
    double agent = 1_000 * 20 + 63_000 * 5;
    assertThat(decision.overhead()).isCloseTo(agent / (SECOND - agent), within(1e-9));
  }

  @Test
  void theDefaultWarmUp_decidesNothing_thenSheds() {
    OverheadControl control = new OverheadControl(0.01, recorders,
        (step, on) -> lever.add((on ? "shed " : "restore ") + step));
    control.begin(MODEL);

    for (int i = 0; i < OverheadControl.WARMUP_PERIODS; i++) {
      control.period(SECOND, SECOND / 10, counts(), NOW.plusSeconds(i)); // 10%: far over
    }
    assertThat(lever).isEmpty();
    control.period(SECOND, SECOND / 10, counts(), NOW.plusSeconds(20));
    assertThat(lever).containsExactly("shed " + Shed.ARGUMENT_SAMPLING);
  }

  @Test
  void overBudgetFromItsThreadsAlone_theTimedMethodsAreLeftAlone_andTheJfrPartIsShed() {
    OverheadControl control = control(0.01);
    control.warmupPeriods(0);

    for (int i = 0; i < 2 * OverheadControl.DETECTION_PERIODS; i++) {
      calls(64); // a few calls: microseconds of advice against 50 ms on the agent's threads
      control.period(SECOND, 50_000_000, counts(), NOW.plusSeconds(i));
    }

    // no retransformation and no change of the sampled method's rate: they could not pay
    assertThat(lever).containsExactly("shed " + Shed.ARGUMENT_SAMPLING,
        "shed " + Shed.JFR_SAMPLE_INTERVAL, "shed " + Shed.JFR_EVENT_TYPES,
        "shed " + Shed.JFR_BLOCKING_THRESHOLD);
    assertThat(methods().get(0).sampleEvery()).isEqualTo(64);
    assertThat(control.report().shed()).containsExactly(Shed.ARGUMENT_SAMPLING.label(),
        Shed.JFR_SAMPLE_INTERVAL.label(), Shed.JFR_EVENT_TYPES.label(),
        Shed.JFR_BLOCKING_THRESHOLD.label());
  }

  @Test
  void earlyInTheRun_onlyTheStepsThatLeaveDetectionAlone_areShed() {
    OverheadControl control = control(0.01);

    for (int i = 0; i < OverheadControl.DETECTION_PERIODS; i++) {
      calls(ADVICE_CALLS);
      control.period(SECOND, SECOND / 10, counts(), NOW.plusSeconds(i)); // 10%: far over
    }
    // argument sampling through the lever, the sampled methods' rate here; nothing of the JFR
    // part's detection yet
    assertThat(lever).containsExactly("shed " + Shed.ARGUMENT_SAMPLING);
    assertThat(control.report().shed())
        .containsExactly(Shed.ARGUMENT_SAMPLING.label(), Shed.SAMPLED_TIMING_RATE.label());

    calls(ADVICE_CALLS);
    control.period(SECOND, SECOND / 10, counts(), NOW.plusSeconds(10));
    assertThat(lever).containsExactly(
        "shed " + Shed.ARGUMENT_SAMPLING, "shed " + Shed.AUTO_TIMED_METHODS);
  }

  @Test
  void keptSteps_neverReachTheLever_andTheReportNamesThemWithWhy() {
    recorders.woven(id);
    recorders.pinSampling(id, 64);
    OverheadControl control = new OverheadControl(0.01, recorders,
        (step, on) -> lever.add((on ? "shed " : "restore ") + step), List.of(
            new OverheadGovernor.Kept(Shed.ARGUMENT_SAMPLING, "auto=optimize decides from it"),
            new OverheadGovernor.Kept(Shed.AUTO_TIMED_METHODS, "auto=optimize times")));
    control.begin(MODEL);
    control.warmupPeriods(0);

    for (int i = 0; i < 2 * OverheadControl.DETECTION_PERIODS; i++) {
      calls(ADVICE_CALLS);
      control.period(SECOND, SECOND / 10, counts(), NOW.plusSeconds(i)); // 10%: far over
    }

    // the sampled rate is timing's own step; then the JFR part's interval and events
    assertThat(lever).containsExactly("shed " + Shed.JFR_SAMPLE_INTERVAL,
        "shed " + Shed.JFR_EVENT_TYPES, "shed " + Shed.JFR_BLOCKING_THRESHOLD);
    Report.Overhead report = control.report();
    assertThat(report.shed()).containsExactly(Shed.SAMPLED_TIMING_RATE.label(),
        Shed.JFR_SAMPLE_INTERVAL.label(), Shed.JFR_EVENT_TYPES.label(),
        Shed.JFR_BLOCKING_THRESHOLD.label());
    assertThat(report.kept()).containsExactly(
        new Report.KeptStep("argument sampling", "auto=optimize decides from it"),
        new Report.KeptStep("least valuable automatically timed methods", "auto=optimize times"));
    assertThat(recorders.calls().get(0).sampleEvery()).isEqualTo(64 * OverheadControl.RATE_FACTOR);
  }

  @Test
  void keptSteps_withTheBudgetOff_areNotListed_sinceNothingIsShed() {
    OverheadControl control = new OverheadControl(0, recorders, (step, on) -> {},
        List.of(new OverheadGovernor.Kept(Shed.ARGUMENT_SAMPLING, "kept")));

    assertThat(control.report().kept()).isEmpty();
  }

  @Test
  void agentThreads_areTheAgentsOwn_notTheOffloadWorkers_andJfrsOnlyWithTheStream() {
    AgentThreads withStream = new AgentThreads(true);
    AgentThreads withoutStream = new AgentThreads(false);

    assertThat(withStream.isAgentThread("overclock-jfr")).isTrue();
    assertThat(withStream.isAgentThread("overclock-governor")).isTrue();
    assertThat(withStream.isAgentThread("overclock-offload-3")).isFalse();
    assertThat(withStream.isAgentThread("overclock-offload-timer")).isTrue();
    assertThat(withStream.isAgentThread("JFR Periodic Tasks")).isTrue();
    assertThat(withoutStream.isAgentThread("JFR Periodic Tasks")).isFalse();
    assertThat(withStream.isAgentThread("main")).isFalse();
  }

  @Test
  void calibration_givesBothPrices_withoutTouchingTheAgentsRecorders() {
    OverheadGovernor.CostModel prices = AdvicePrice.calibrate();

    // what they are depends on the machine (and its load): only that they are there
    assertThat(prices.clockedCallNanos()).isGreaterThanOrEqualTo(1.0);
    assertThat(prices.unclockedCallNanos()).isGreaterThanOrEqualTo(1.0);
    assertThat(methods()).isEmpty(); // the probe has recorders of its own
  }
}
