package dev.overclock.governor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the agent's cost within a budget: a share of the application's CPU time (1% by default).
 *
 * <h2>What it counts</h2>
 *
 * Each period the caller hands over a {@link Costs}: the CPU time of the whole process and of the
 * agent's own threads (report, JFR stream, Prometheus), and the advice calls made, split into
 * clocked and unclocked (sampled timing's counted-only calls), which run on the application's
 * threads and are priced by a {@link CostModel} calibrated on this machine at start-up. The
 * agent's share is its cost over the application's CPU time (the process's less the agent's).
 *
 * <h2>What it sheds, in order</h2>
 *
 * Over budget, one more {@link Shed step} each period, cheapest loss first: argument sampling;
 * the clock rate of sampled methods (N times four); the least valuable automatically timed
 * methods; the JFR execution-sample interval (doubled); optional JFR event types. Under half the
 * budget for {@link #RECOVER_PERIODS} periods in a row, the last step is taken back. The caller
 * acts on {@link #shed()}; this class only decides, so tests drive it with an injected cost
 * model and made-up figures, without a clock.
 *
 * <h2>What it never sheds</h2>
 *
 * A step can be {@linkplain Kept kept}: never shed, whatever the overhead, with the reason the
 * report shows. The others are shed in the same order, a kept one passed over. {@code
 * auto=optimize} keeps argument sampling and the automatically timed methods (its evidence: see
 * {@code AgentThreads}), both bounded on their own.
 *
 * <p>Not thread-safe: one governor thread owns it.
 */
public final class OverheadGovernor {

  /** Periods under half the budget before a step is taken back. */
  static final int RECOVER_PERIODS = 3;

  /** What the agent can give up, in the order it gives it up. */
  public enum Shed {
    ARGUMENT_SAMPLING("argument sampling"),
    SAMPLED_TIMING_RATE("clock rate of sampled methods"),
    AUTO_TIMED_METHODS("least valuable automatically timed methods"),
    JFR_SAMPLE_INTERVAL("JFR execution-sample interval"),
    JFR_EVENT_TYPES("optional JFR event types");

    private final String label;

    Shed(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /**
   * A step never shed, and why (for the report's {@code health.overhead.kept[]}).
   *
   * @param step the step
   * @param why why it is kept, and what bounds its cost instead
   */
  public record Kept(Shed step, String why) {}

  /** Nanoseconds one advice call costs on this machine, measured at start-up. */
  public record CostModel(double clockedCallNanos, double unclockedCallNanos) {}

  /**
   * One period's figures.
   *
   * @param processCpuNanos CPU time of the whole process in the period
   * @param agentCpuNanos CPU time of the agent's own threads in the period
   * @param clockedCalls timed calls that read the clock
   * @param unclockedCalls sampled methods' calls that were only counted
   */
  public record Costs(
      long processCpuNanos, long agentCpuNanos, long clockedCalls, long unclockedCalls) {}

  /**
   * The result of one period.
   *
   * @param overhead the agent's cost over the application's CPU time
   * @param shed what is given up now, in order
   */
  public record Decision(double overhead, List<Shed> shed) {}

  private final double budget;
  private final List<Kept> kept;
  // The steps that may be shed, in the governor's order: all but the kept ones.
  private final List<Shed> sheddable;
  private CostModel model;
  private int level;
  private int underHalf;
  private double lastOverhead;
  private double worstOverhead;

  /** @param budget the agent's share of the application's CPU time, such as 0.01 */
  public OverheadGovernor(double budget, CostModel model) {
    this(budget, model, List.of());
  }

  /**
   * @param budget the agent's share of the application's CPU time, such as 0.01
   * @param kept the steps never shed, each with its reason (one entry a step; a later one for the
   *     same step replaces the earlier)
   */
  public OverheadGovernor(double budget, CostModel model, List<Kept> kept) {
    this.budget = budget;
    this.model = model;
    this.kept = ordered(kept);
    List<Shed> steps = new ArrayList<>(List.of(Shed.values()));
    this.kept.forEach(step -> steps.remove(step.step()));
    this.sheddable = Collections.unmodifiableList(steps);
  }

  /** Kept steps in the governor's order, one a step (a later entry for a step replaces one before). */
  static List<Kept> ordered(List<Kept> kept) {
    Map<Shed, Kept> byStep = new EnumMap<>(Shed.class);
    for (Kept step : kept) {
      byStep.put(step.step(), step);
    }
    return List.copyOf(byStep.values());
  }

  /** Prices the advice calls of the periods to come (a second calibration); the rest is kept. */
  public void prices(CostModel prices) {
    model = prices;
  }

  /** Takes one period's costs, sheds or restores one step, and says where things stand. */
  public Decision period(Costs costs) {
    return period(costs, Shed.values().length);
  }

  /**
   * {@link #period(Costs)} with only the first {@code maxSteps} steps of the full order ({@link
   * Shed#values()}, kept ones included) allowed to be shed: early in a run only the steps that
   * leave hot-method detection alone may go (see {@code OverheadControl}). A kept step among them
   * is still never shed.
   */
  public Decision period(Costs costs, int maxSteps) {
    double adviceNanos = costs.clockedCalls() * model.clockedCallNanos()
        + costs.unclockedCalls() * model.unclockedCallNanos();
    double agentNanos = costs.agentCpuNanos() + adviceNanos;
    double applicationNanos = Math.max(1.0, costs.processCpuNanos() - agentNanos);
    double overhead = agentNanos / applicationNanos;
    lastOverhead = overhead;
    worstOverhead = Math.max(worstOverhead, overhead);
    if (overhead > budget) {
      underHalf = 0;
      level = Math.min(Math.min(sheddable.size(), Math.max(level, allowed(maxSteps))), level + 1);
    } else if (overhead < budget / 2 && level > 0) {
      if (++underHalf >= RECOVER_PERIODS) {
        underHalf = 0;
        level--;
      }
    } else {
      underHalf = 0;
    }
    return new Decision(overhead, shed());
  }

  /** How many of the sheddable steps fall within the first {@code maxSteps} of the order. */
  private int allowed(int maxSteps) {
    int allowed = 0;
    for (Shed step : sheddable) {
      if (step.ordinal() < maxSteps) {
        allowed++;
      }
    }
    return allowed;
  }

  /** What is given up now, in the order it was given up. */
  public List<Shed> shed() {
    return sheddable.subList(0, level);
  }

  /** The steps never shed, with their reasons, in the governor's order. */
  public List<Kept> kept() {
    return kept;
  }

  public double budget() {
    return budget;
  }

  /** The agent's share of the application's CPU time in the last period. */
  public double lastOverhead() {
    return lastOverhead;
  }

  /** The largest share of any period so far. */
  public double worstOverhead() {
    return worstOverhead;
  }
}
