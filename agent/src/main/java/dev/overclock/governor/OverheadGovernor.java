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
 * agent's own threads (report, JFR stream, Prometheus), the advice calls made, split into
 * clocked and unclocked (sampled timing's counted-only calls), which run on the application's
 * threads and are priced by a {@link CostModel} calibrated on this machine at start-up, and the
 * garbage collector's CPU time with the agent's share of the bytes allocated ({@link
 * Costs#agentGcCpuNanos}: the collector's work on the agent's behalf). The agent's share is its
 * cost over the application's CPU time (the process's less the agent's).
 *
 * <h2>What it sheds, in order</h2>
 *
 * Over budget, one more {@link Shed step} each period, cheapest loss first: argument sampling;
 * the clock rate of sampled methods (N times four); the least valuable automatically timed
 * methods; the JFR execution-sample interval (doubled); optional JFR event types; the JFR
 * blocking-event threshold (five times {@code jfr.threshold}: on a server whose threads wait
 * thousands of times a second the blocking events are most of the stream's work). Under half the
 * budget for {@link #RECOVER_PERIODS} periods in a row, the last step shed is taken back.
 *
 * <h2>A step that comes back over budget waits longer</h2>
 *
 * A step whose cost is most of the agent's can leave it far under half the budget while shed and
 * put it over again as soon as it is taken back: on the http workload the blocking-event
 * threshold took the agent from about 2.5% to 0.45% and back, shed and taken back every few
 * seconds. Each time a step taken back has to be shed again, the periods it must wait to come
 * back double ({@link #RECOVER_PERIODS} times 2, 4, ... up to {@link #MAX_BACK_OFF} times): a load
 * that really fell gets its figures back, one that did not stops paying for the round trips.
 *
 * <h2>A step that cannot pay is passed over</h2>
 *
 * The clock rate of sampled methods and the automatically timed methods cut only the advice's
 * cost; taking timing out of a method also retransforms its class, which throws its compiled code
 * away (and that of the methods it was inlined into) for the JIT to compile again. When the
 * period's advice is under {@link #MIN_ADVICE_SHARE} of the agent's cost, the overhead is the
 * agent's own threads (the JFR stream, the report) and those two steps could not bring it down:
 * they are passed over for the next step that can, and shed in a later period only if the advice
 * has grown by then. (The http workload, a lightly loaded server: about 2% from the agent's
 * threads against 0.02% from its advice; the governor used to shed every step, retransforming
 * for nothing.)
 *
 * <p>The same holds for the steps that cut the live JFR stream's events (the execution-sample
 * interval, the optional event types, the blocking-event threshold): the caller may say, for each,
 * the share of the period's stream events it would remove (half the execution samples, the
 * allocation samples, the blocking events shorter than the raised threshold). A step that would
 * remove under {@link #MIN_EVENT_SHARE} of them is passed over: its evidence is kept, and the next
 * step, which can cut the stream's work, comes a period sooner. (The http workload: its stream
 * reads about a thousand blocking events a second against two execution samples and about
 * eighty allocation samples, and the governor halved the sampling rate and stopped the
 * allocation samples, for no saving, before it raised the blocking threshold.) A step whose share
 * is not given is judged as before.
 *
 * <h2>A change of the stream is given a period to show</h2>
 *
 * The period after a step that cuts the stream's events sheds nothing more: the stream reads about
 * a second behind, so that period still holds events recorded before the change (and JFR's own
 * work on the new settings). Judged at once, it made the governor shed the next step for a cost
 * the first had already removed (on the http workload: the allocation samples, right after the
 * blocking threshold). Taking a step back is not held. The caller acts on {@link #shed()}; this
 * class only decides, so tests drive it with an injected cost model and made-up figures, without
 * a clock.
 *
 * <h2>A stream of short waits: the threshold ahead of its turn</h2>
 *
 * Nothing is shed during the caller's warm-up (its own start would be taken for a steady cost),
 * with one exception, {@link #warmup}: where the blocking events shorter than the raised threshold
 * are at least {@link #DOMINANT_EVENT_SHARE} of the live stream's events in
 * {@link #EARLY_PERIODS} periods in a row, each over budget, and hot-method detection has read
 * such events at least once, the blocking-event threshold is raised then, ahead of its turn. On a
 * server whose idle pool threads and clients wait thousands of times a second those events are
 * the agent's steady cost, not a start-up one, and what they are for, finding the methods that
 * wait, is done once detection has read a window of them (those methods are timed from then on).
 * (The http workload: the threshold used to go 19-21 s after the JVM's start, half-way through
 * the benchmark's measured window, and now goes at 9-11 s; the agent's own threads took about a
 * quarter less CPU in that window, and no change of throughput was resolved.) The other steps keep
 * their order.
 *
 * <h2>An idle application is not judged</h2>
 *
 * The share is a ratio: when the application uses almost no CPU (a service between requests, a
 * program waiting for input) it is a ratio of two small numbers and says nothing about the cost
 * the agent puts on the application's work (an attach test's idle target printed "overhead
 * 327079100.00% of the application's CPU", and the governor shed the stream's steps for it, which
 * the application then worked without until they came back). A period in which the application
 * used less than {@link #IDLE_APPLICATION_NANOS} is {@linkplain Decision#idle idle}: nothing is
 * shed or taken back, the count of periods under half the budget and of early periods over it
 * go on from where they were, and its share is not the last or the worst. The agent's cost in
 * it is no more than when the application works: its stream reads fewer events, its advice is
 * not called.
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

  /**
   * The least CPU time the application uses in a period for the period to be judged: 1% of one
   * core over {@code OverheadControl}'s one-second period (see the class comment).
   */
  static final long IDLE_APPLICATION_NANOS = 10_000_000L;

  /** Periods under half the budget before a step is taken back. */
  static final int RECOVER_PERIODS = 3;

  /** The most times {@link #RECOVER_PERIODS} a step that keeps coming back over budget waits. */
  static final int MAX_BACK_OFF = 64;

  /** The advice's least share of the agent's cost for a step that cuts only advice to be shed. */
  static final double MIN_ADVICE_SHARE = 0.1;

  /**
   * The least share of the live stream's events in a period that a step cutting them must remove
   * to be shed (see the class comment).
   */
  static final double MIN_EVENT_SHARE = 0.1;

  /**
   * The least share of the live stream's events that the raised blocking threshold must cut for
   * it to go during the warm-up, ahead of its turn (see the class comment).
   */
  static final double DOMINANT_EVENT_SHARE = 0.5;

  /** Warm-up periods in a row, over budget with the short blocking events dominant, before that. */
  static final int EARLY_PERIODS = 2;

  /** What the agent can give up, in the order it gives it up. */
  public enum Shed {
    ARGUMENT_SAMPLING("argument sampling", false, false),
    SAMPLED_TIMING_RATE("clock rate of sampled methods", true, false),
    AUTO_TIMED_METHODS("least valuable automatically timed methods", true, false),
    JFR_SAMPLE_INTERVAL("JFR execution-sample interval", false, true),
    JFR_EVENT_TYPES("optional JFR event types", false, true),
    JFR_BLOCKING_THRESHOLD("JFR blocking-event threshold", false, true);

    private final String label;
    private final boolean adviceOnly;
    private final boolean streamEvents;

    Shed(String label, boolean adviceOnly, boolean streamEvents) {
      this.label = label;
      this.adviceOnly = adviceOnly;
      this.streamEvents = streamEvents;
    }

    /**
     * Whether it cuts the live stream's events: it changes the JFR settings of a running
     * recording, and the period after it still holds the events from before the change.
     */
    public boolean streamEvents() {
      return streamEvents;
    }

    public String label() {
      return label;
    }

    /** Whether shedding it cuts only the advice's cost (see the class comment). */
    public boolean adviceOnly() {
      return adviceOnly;
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
   * @param gcCpuNanos CPU time of the garbage collector's threads in the period (0 where it
   *     cannot be read)
   * @param agentAllocatedBytes bytes the agent's own threads allocated in the period
   * @param allocatedBytes bytes every thread allocated in the period
   */
  public record Costs(long processCpuNanos, long agentCpuNanos, long clockedCalls,
      long unclockedCalls, long gcCpuNanos, long agentAllocatedBytes, long allocatedBytes) {

    /** A period without the garbage collector's figures (none of its work is the agent's). */
    public Costs(
        long processCpuNanos, long agentCpuNanos, long clockedCalls, long unclockedCalls) {
      this(processCpuNanos, agentCpuNanos, clockedCalls, unclockedCalls, 0, 0, 0);
    }

    /**
     * The garbage collector's CPU time on the agent's behalf: its threads' CPU time in the period
     * times the agent's share of the bytes allocated. An estimate: a collection's cost follows
     * what survives more than what was allocated, but allocation is what makes collections come
     * (the agent's data mostly dies young, so the share rather overstates its cost).
     */
    public long agentGcCpuNanos() {
      if (gcCpuNanos <= 0 || agentAllocatedBytes <= 0 || allocatedBytes <= 0) {
        return 0;
      }
      double share = Math.min(1.0, (double) agentAllocatedBytes / allocatedBytes);
      return Math.round(gcCpuNanos * share);
    }
  }

  /**
   * The result of one period.
   *
   * @param overhead the agent's cost over the application's CPU time
   * @param shed what is given up now, in the order it was given up
   * @param passedOver steps this period would have shed but passed over: they cut only the
   *     advice's cost and the advice was under {@link #MIN_ADVICE_SHARE} of the agent's cost, or
   *     they would have removed under {@link #MIN_EVENT_SHARE} of the stream's events
   * @param idle whether the application was idle in the period ({@link #IDLE_APPLICATION_NANOS}):
   *     then nothing was decided, and {@code overhead} is not a share to act on or show
   */
  public record Decision(double overhead, List<Shed> shed, List<Shed> passedOver, boolean idle) {

    /** A decision on a period in which the application worked. */
    public Decision(double overhead, List<Shed> shed, List<Shed> passedOver) {
      this(overhead, shed, passedOver, false);
    }

    /** A decision that passed nothing over. */
    public Decision(double overhead, List<Shed> shed) {
      this(overhead, shed, List.of());
    }
  }

  private final double budget;
  private final List<Kept> kept;
  // The steps that may be shed, in the governor's order: all but the kept ones.
  private final List<Shed> sheddable;
  private CostModel model;
  // What is given up now, in the order it was given up (the last is taken back first).
  private final List<Shed> given = new ArrayList<>();
  private int underHalf;
  // How many times each step was shed again after being taken back (its wait doubles each time).
  private final Map<Shed, Integer> returns = new EnumMap<>(Shed.class);
  private Shed lastTakenBack;
  // A step that cuts the stream's events was shed last period: this one sheds nothing more.
  private boolean settling;
  private double lastOverhead;
  private double worstOverhead;
  // Warm-up periods in a row over budget with the short blocking events dominant.
  private int dominantPeriods;

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
    return period(costs, maxSteps, Map.of());
  }

  /**
   * {@link #period(Costs, int)} knowing what share of the period's live-stream events each step
   * that cuts them would remove ({@code eventShares}, from 0 to 1; a step absent from it is judged
   * without): one under {@link #MIN_EVENT_SHARE} is passed over.
   */
  public Decision period(Costs costs, int maxSteps, Map<Shed, Double> eventShares) {
    if (idle(costs)) {
      return idleDecision(costs);
    }
    double adviceNanos = adviceNanos(costs);
    double agentNanos = agentNanos(costs);
    double overhead = overhead(costs);
    dominantPeriods = 0;
    List<Shed> passedOver = new ArrayList<>();
    boolean justChanged = settling;
    settling = false;
    if (overhead > budget && justChanged) {
      underHalf = 0; // the stream's last change shows in the next period's figures
    } else if (overhead > budget) {
      underHalf = 0;
      boolean advicePays = adviceNanos >= MIN_ADVICE_SHARE * agentNanos;
      for (Shed step : sheddable) {
        if (step.ordinal() >= maxSteps || given.contains(step)) {
          continue;
        }
        Double events = eventShares.get(step);
        if ((step.adviceOnly() && !advicePays) || (events != null && events < MIN_EVENT_SHARE)) {
          passedOver.add(step);
          continue;
        }
        if (step == lastTakenBack) {
          returns.merge(step, 1, Integer::sum);
        }
        given.add(step);
        settling = step.streamEvents();
        break;
      }
    } else if (overhead < budget / 2 && !given.isEmpty()) {
      if (++underHalf >= periodsBeforeTakingBack(given.get(given.size() - 1))) {
        underHalf = 0;
        lastTakenBack = given.remove(given.size() - 1);
      }
    } else {
      underHalf = 0;
    }
    return new Decision(overhead, shed(), List.copyOf(passedOver));
  }

  /**
   * A period of the caller's warm-up: measured, and nothing shed or taken back, but for the
   * blocking-event threshold, raised ahead of its turn once the short blocking events were at
   * least {@link #DOMINANT_EVENT_SHARE} of the stream's events ({@code eventShares}) in {@link
   * #EARLY_PERIODS} periods in a row over budget, and {@code waitsRead} (see the class comment).
   * Not when the threshold is kept, or already raised.
   *
   * @param waitsRead whether hot-method detection has read the stream's blocking events at least
   *     once (a window of them judged)
   */
  public Decision warmup(Costs costs, Map<Shed, Double> eventShares, boolean waitsRead) {
    if (idle(costs)) {
      dominantPeriods = 0; // no longer "in a row"
      return idleDecision(costs);
    }
    double overhead = overhead(costs);
    Double blocking = eventShares.get(Shed.JFR_BLOCKING_THRESHOLD);
    Shed step = Shed.JFR_BLOCKING_THRESHOLD;
    boolean dominant = overhead > budget && blocking != null && blocking >= DOMINANT_EVENT_SHARE
        && sheddable.contains(step) && !given.contains(step);
    dominantPeriods = dominant ? dominantPeriods + 1 : 0;
    if (dominantPeriods >= EARLY_PERIODS && waitsRead) {
      dominantPeriods = 0;
      given.add(step);
      settling = true;
    }
    return new Decision(overhead, shed());
  }

  /** The advice calls' cost in a period, at the calibrated prices. */
  private double adviceNanos(Costs costs) {
    return costs.clockedCalls() * model.clockedCallNanos()
        + costs.unclockedCalls() * model.unclockedCallNanos();
  }

  /** Whether the application used too little CPU in the period for its share to mean anything. */
  private boolean idle(Costs costs) {
    return costs.processCpuNanos() - agentNanos(costs) < IDLE_APPLICATION_NANOS;
  }

  /** An idle period: nothing decided, the state left as it was (see the class comment). */
  private Decision idleDecision(Costs costs) {
    return new Decision(share(costs), shed(), List.of(), true);
  }

  private double agentNanos(Costs costs) {
    return costs.agentCpuNanos() + adviceNanos(costs) + costs.agentGcCpuNanos();
  }

  /** The agent's share of the application's CPU time in a period. */
  private double share(Costs costs) {
    double agentNanos = agentNanos(costs);
    return agentNanos / Math.max(1.0, costs.processCpuNanos() - agentNanos);
  }

  /** The agent's share of the application's CPU time in a period; kept as the last and worst. */
  private double overhead(Costs costs) {
    double overhead = share(costs);
    lastOverhead = overhead;
    worstOverhead = Math.max(worstOverhead, overhead);
    return overhead;
  }

  /**
   * The periods under half the budget in a row before {@code step} is taken back: {@link
   * #RECOVER_PERIODS}, doubled for each time it was shed again after being taken back.
   */
  int periodsBeforeTakingBack(Shed step) {
    int back = returns.getOrDefault(step, 0);
    return RECOVER_PERIODS * Math.min(MAX_BACK_OFF, 1 << Math.min(back, 30));
  }

  /** What is given up now, in the order it was given up. */
  public List<Shed> shed() {
    return List.copyOf(given);
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
