package dev.overclock.governor;

import dev.overclock.governor.OverheadGovernor.Shed;
import dev.overclock.log.AgentLog;
import dev.overclock.metrics.ProcessCpu;
import dev.overclock.metrics.TimingRecorders;
import dev.overclock.report.Report;
import dev.overclock.report.Units;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The overhead governor at work in the running agent: measures the agent's cost every {@link
 * #PERIOD}, hands it to the {@link OverheadGovernor}, and acts on what it decides.
 *
 * <h2>What it measures</h2>
 *
 * The CPU time of the agent's own threads ({@link AgentThreads}: report, JFR stream and its
 * detector, Prometheus, this thread, and JFR's threads while the live stream runs, its native
 * sampler included); the timed calls of the period, read from the recorders without disturbing
 * the report's windows, split into clocked and counted-only calls by each method's N, priced at
 * what an advice call costs on this machine ({@link AdvicePrice}, measured on this thread before
 * the first period and again after the warm-up, the lower price kept); the garbage collector's
 * work on the agent's behalf (its threads' CPU time, {@link NativeThreads#collector}, times the
 * agent's threads' share of the bytes allocated);
 * and the process's CPU time, of which the application's is what the agent did not take.
 * Measuring starts once the agent's own start is over (the JFR stream delivered its first
 * events and the advice is built, at most {@link #START_WAIT} later): what the agent's threads took until then is shown
 * apart, as start-up, and not governed. The first {@link #WARMUP_PERIODS} periods are measured
 * and shown but decide nothing, except the blocking-event threshold ahead of its turn where the
 * stream's short waits dominate and detection has read them ({@link OverheadGovernor#warmup});
 * until {@link #DETECTION_PERIODS} only the steps that leave hot-method detection alone are
 * taken.
 *
 * <h2>What it sheds</h2>
 *
 * The governor's steps, in its order: argument sampling, the clock rate of sampled methods (each
 * sampled method's N times four), the least valuable automatically timed methods, the JFR
 * execution-sample interval (doubled), the optional JFR event types (allocation samples), the JFR
 * blocking-event threshold (five times {@code jfr.threshold}). The
 * JFR part owns all but the second, reached through a {@link Lever}; a step with nothing to give
 * up (the JFR part off) costs one period and sheds nothing. With a budget of 0 ({@code
 * overhead.budget=off}) the overhead is measured and shown and nothing is shed. Steps handed over
 * as {@linkplain OverheadGovernor.Kept kept} are never shed (under {@code auto=optimize}: argument
 * sampling and the automatically timed methods), and the report names them with their reasons.
 *
 * <p>Runs on its own daemon thread ({@code overclock-governor}); the report reads {@link
 * #report} from any thread.
 */
public final class OverheadControl {

  /** How often the cost is measured and the governor decides. */
  public static final Duration PERIOD = Duration.ofSeconds(1);

  /** The longest the first period waits for the agent's start (the JFR stream) to be over. */
  static final Duration START_WAIT = Duration.ofSeconds(10);

  /**
   * Periods measured before the governor decides anything: the agent's own warm-up (its stream's
   * code being compiled, the first hot methods being timed, their arguments sampled) would
   * otherwise shed features before they did anything. Measured and shown, not governed, like the
   * start. Three were tried: under load (load average 60) the first step then took argument
   * sampling away before a memoization recommendation had its evidence (KnownAnswersIT's busy
   * server lost its "apply" line), so it stays at ten; {@link #DETECTION_PERIODS} keeps the
   * steps that stop detection out of a shorter warm-up, should one be chosen.
   */
  static final int WARMUP_PERIODS = 10;

  /**
   * Until this period only the first {@link #EARLY_STEPS} steps may be shed (argument sampling,
   * the clock rate of sampled methods): the later ones (automatically timed methods, the JFR
   * stream's interval and events) would stop hot-method detection before its first windows
   * found anything, on a busy machine where the agent's start is a large share of the little CPU
   * the application gets (an integration test under load timed nothing at all).
   */
  static final int DETECTION_PERIODS = 10;

  /** The steps that leave hot-method detection alone, in the governor's order. */
  static final int EARLY_STEPS = 2;

  /** How much the clock rate of sampled methods is divided by while it is shed. */
  static final int RATE_FACTOR = 4;

  /** The part of the agent that gives up a step, or takes it back. */
  @FunctionalInterface
  public interface Lever {
    void shed(Shed step, boolean on);

    /**
     * For each step that cuts the live stream's events, the share of them it would have removed
     * since the last call (see {@link OverheadGovernor#MIN_EVENT_SHARE}); a step left out is
     * judged without it, and none is given without a stream. Called once a period, on the
     * governor's thread.
     */
    default Map<Shed, Double> eventShares() {
      return Map.of();
    }

    /**
     * Whether hot-method detection has read the stream's blocking events at least once (judged a
     * window of them): then the blocking-event threshold may be raised during the warm-up (see
     * {@link OverheadGovernor#warmup}). False without a stream or detection.
     */
    default boolean waitsRead() {
      return false;
    }
  }

  private final double budget;
  private final TimingRecorders recorders;
  private final Lever jfr;
  private final List<OverheadGovernor.Kept> kept;
  private final Map<String, Long> lastCalls = new HashMap<>();
  private final Map<String, Integer> raisedFrom = new LinkedHashMap<>();
  private final Deque<Report.ShedStep> steps = new ArrayDeque<>();
  private OverheadGovernor governor;
  private int warmupPeriods = WARMUP_PERIODS;
  private double lastPeriod;
  private double worstPeriod;
  private OverheadGovernor.CostModel model;
  private List<Shed> current = List.of();
  // Steps passed over at least once (each is logged the first time only).
  private final java.util.Set<Shed> passedOver = java.util.EnumSet.noneOf(Shed.class);
  private long periods;
  private long agentThreadsNanos;
  private long adviceNanos;
  private long gcNanos;
  private long applicationNanos;
  private long startCpuNanos;
  private volatile boolean stopped;
  // The loop ended without measuring (no process CPU time, or it failed): it will never decide.
  private volatile boolean idle;
  private Thread thread;

  /**
   * @param budget the agent's share of the application's CPU time; 0: measure only
   * @param recorders the timing recorders, whose calls are priced and whose N is raised
   * @param jfr the JFR part's steps (see the class comment)
   */
  public OverheadControl(double budget, TimingRecorders recorders, Lever jfr) {
    this(budget, recorders, jfr, List.of());
  }

  /**
   * @param budget the agent's share of the application's CPU time; 0: measure only
   * @param recorders the timing recorders, whose calls are priced and whose N is raised
   * @param jfr the JFR part's steps (see the class comment)
   * @param kept the steps never shed, with their reasons
   */
  public OverheadControl(double budget, TimingRecorders recorders, Lever jfr,
      List<OverheadGovernor.Kept> kept) {
    this.budget = budget;
    this.recorders = recorders;
    this.jfr = jfr;
    this.kept = OverheadGovernor.ordered(kept);
  }

  /**
   * Starts measuring on a daemon thread and returns at once.
   *
   * @param jfrThreads whether the live stream runs (then JFR's threads, its native sampler
   *     included, are the agent's)
   * @param settled whether the agent's start is over (the JFR stream is up, or will never be, and
   *     the advice is built)
   */
  public synchronized void start(boolean jfrThreads, BooleanSupplier settled) {
    Thread loop = new Thread(new Loop(this, jfrThreads, settled), "overclock-governor");
    loop.setDaemon(true);
    loop.start();
    thread = loop;
  }

  /** Stops the thread; the steps shed stay as they are (the agent is stopping or restarting). */
  public void stop() {
    stopped = true;
    Thread loop;
    synchronized (this) {
      loop = thread;
    }
    if (loop != null) {
      loop.interrupt();
    }
  }

  private void run(boolean jfrThreads, BooleanSupplier settled) throws InterruptedException {
    long waitUntil = System.nanoTime() + START_WAIT.toNanos();
    while (!stopped && !settled.getAsBoolean() && System.nanoTime() - waitUntil < 0) {
      Thread.sleep(50);
    }
    // The management beans after the wait: setting them up (about 15 ms of CPU) competed with the
    // application's start. Threads' CPU is read since they started, so nothing is missed.
    AgentThreads threads = new AgentThreads(jfrThreads);
    NativeThreads gc = NativeThreads.collector();
    // Calibrated once the agent's start is over, not at once: its rounds of timed calls (and the
    // JIT's work on them) would otherwise compete with the application's own start.
    begin(AdvicePrice.calibrate());
    long lastProcess = ProcessCpu.nanos();
    if (lastProcess < 0) {
      idle = true;
      AgentLog.debug("overhead governor: this JVM does not tell its process CPU time; off");
      return;
    }
    synchronized (this) {
      startCpuNanos = threads.cpuSinceLast();
      countCalls(recorders.calls());
    }
    // the collector's work and the allocations before the first period are the start's
    gc.cpuSinceLast();
    threads.allAllocatedSinceLast();
    boolean repriced = false;
    while (!stopped) {
      Thread.sleep(PERIOD.toMillis());
      long process = ProcessCpu.nanos();
      long agent = threads.cpuSinceLast();
      period(new OverheadGovernor.Costs(process - lastProcess, agent, 0, 0, gc.cpuSinceLast(),
          threads.agentAllocatedInLast(), threads.allAllocatedSinceLast()),
          recorders.calls(), Instant.now());
      if (AgentLog.isVerbose()) {
        AgentLog.debug("overhead governor: the agent's threads in that period: "
            + threads.lastByThread());
      }
      lastProcess = process;
      if (!repriced && periods() >= warmupPeriods()) {
        // The start-up calibration may have run the advice before the JIT compiled it: priced
        // again now, the lower price of each kind kept. Its own CPU counts as start-up, not as
        // a period's (it would look like the agent's cost of that period).
        repriced = true;
        reprice(AdvicePrice.calibrate());
        long calibration = threads.cpuSinceLast();
        synchronized (this) {
          startCpuNanos += calibration;
        }
        gc.cpuSinceLast();
        threads.allAllocatedSinceLast();
        lastProcess = ProcessCpu.nanos();
      }
    }
  }

  private synchronized long periods() {
    return periods;
  }

  /**
   * Whether the governor has measured its warm-up and decides from now on, or never will (no
   * budget, stopped, or unable to measure): work it may shed first should not start before,
   * because it would start only to be shed at the first decision (argument sampling, which the
   * live stream starts from this; see {@code LiveJfr#startArgumentSamplingWhen}).
   */
  public boolean decidesNow() {
    if (budget <= 0 || stopped || idle) {
      return true;
    }
    synchronized (this) {
      return governor != null && periods > warmupPeriods; // one deciding period measured
    }
  }

  private synchronized int warmupPeriods() {
    return warmupPeriods;
  }

  /**
   * Takes a second calibration: each price is the lower of the two, because a price can only be
   * too high (the advice not compiled yet, the thread descheduled), never too low.
   */
  synchronized void reprice(OverheadGovernor.CostModel again) {
    OverheadGovernor.CostModel prices = new OverheadGovernor.CostModel(
        Math.min(model.clockedCallNanos(), again.clockedCallNanos()),
        Math.min(model.unclockedCallNanos(), again.unclockedCallNanos()));
    model = prices;
    governor.prices(prices);
  }

  /** The prices are known: decisions can be made from now on. */
  synchronized void begin(OverheadGovernor.CostModel prices) {
    model = prices;
    governor = new OverheadGovernor(budget > 0 ? budget : Double.POSITIVE_INFINITY, prices, kept);
  }

  /** Test seam: periods measured before the governor decides (see {@link #WARMUP_PERIODS}). */
  synchronized void warmupPeriods(int periods) {
    warmupPeriods = periods;
  }

  /**
   * One period: prices the calls made since the last one, lets the governor decide, and sheds or
   * takes back what it says.
   *
   * @param processCpuNanos the process's CPU time in the period
   * @param agentThreadsCpuNanos the agent's threads' CPU time in the period
   * @param methods the timed methods' cumulative call counts now ({@link TimingRecorders#calls}:
   *     no latency summary is computed for the governor)
   */
  synchronized OverheadGovernor.Decision period(long processCpuNanos, long agentThreadsCpuNanos,
      List<TimingRecorders.Calls> methods, Instant now) {
    return period(new OverheadGovernor.Costs(processCpuNanos, agentThreadsCpuNanos, 0, 0),
        methods, now);
  }

  /**
   * One period, with the garbage collector's figures: {@code measured}'s calls are ignored (they
   * are counted from {@code methods}), the rest is taken as it is.
   */
  synchronized OverheadGovernor.Decision period(OverheadGovernor.Costs measured,
      List<TimingRecorders.Calls> methods, Instant now) {
    long processCpuNanos = measured.processCpuNanos();
    long agentThreadsCpuNanos = measured.agentCpuNanos();
    long[] calls = countCalls(methods);
    OverheadGovernor.Costs costs = new OverheadGovernor.Costs(processCpuNanos,
        agentThreadsCpuNanos, calls[0], calls[1], measured.gcCpuNanos(),
        measured.agentAllocatedBytes(), measured.allocatedBytes());
    long gcForAgent = costs.agentGcCpuNanos();
    Map<Shed, Double> shares = eventShares();
    boolean warmingUp = periods < warmupPeriods;
    OverheadGovernor.Decision decision = warmingUp ? governor.warmup(costs, shares, waitsRead())
        : governor.period(costs, periods < DETECTION_PERIODS ? EARLY_STEPS : Shed.values().length,
            shares);
    if (!decision.idle()) { // an idle application's share means nothing (see OverheadGovernor)
      lastPeriod = decision.overhead();
      worstPeriod = Math.max(worstPeriod, lastPeriod);
    }
    long advice = Math.round(calls[0] * model.clockedCallNanos()
        + calls[1] * model.unclockedCallNanos());
    if (AgentLog.isVerbose()) {
      AgentLog.debug(String.format(Locale.ROOT, "overhead governor: period %d: %s of the"
          + " application's CPU%s (the agent's threads %.1f ms, advice %.1f ms, collector %.1f ms,"
          + " process %.1f ms); stream events each step would cut: %s", periods,
          Units.smallPercent(decision.overhead()), decision.idle() ? ", idle: not judged" : "",
          agentThreadsCpuNanos / 1e6, advice / 1e6, gcForAgent / 1e6, processCpuNanos / 1e6,
          shares));
    }
    periods++;
    agentThreadsNanos += agentThreadsCpuNanos;
    adviceNanos += advice;
    gcNanos += gcForAgent;
    applicationNanos += Math.max(0, processCpuNanos - agentThreadsCpuNanos - advice - gcForAgent);
    for (Shed step : decision.passedOver()) {
      if (!passedOver.add(step)) {
        continue;
      }
      Double events = shares.get(step);
      if (!step.adviceOnly() && events != null) {
        AgentLog.info(String.format(Locale.ROOT, "overhead %s of the application's CPU, over the"
            + " %s budget, but not shedding %s: it would cut %s of the live stream's events, too"
            + " few to bring it down; its evidence is kept", Units.smallPercent(decision.overhead()),
            Units.smallPercent(budget), step.label(), Units.smallPercent(events)));
      } else {
        AgentLog.info(String.format(Locale.ROOT, "overhead %s of the application's CPU, over the"
            + " %s budget, but not shedding %s: the advice is %s of the agent's cost (its own"
            + " threads are the rest%s), so that step cannot bring it down%s",
            Units.smallPercent(decision.overhead()), Units.smallPercent(budget),
            step.label(), Units.smallPercent(advice
                / Math.max(1.0, advice + (double) agentThreadsCpuNanos + gcForAgent)),
            gcForAgent > 0 ? ", with the collector's work for them" : "",
            step == Shed.AUTO_TIMED_METHODS ? " and would recompile code for nothing" : ""));
      }
    }
    List<Shed> next = decision.shed();
    for (Shed step : next) {
      if (!current.contains(step)) {
        apply(step, true, methods);
        step(now, "shed", step, decision.overhead(), !warmingUp ? "" : String.format(Locale.ROOT,
            " ahead of its turn, in the warm-up: blocking events under the raised threshold were"
                + " %s of the live stream's events, and hot-method detection has read them",
            Units.smallPercent(shares.getOrDefault(step, 0.0))));
      }
    }
    for (Shed step : current) {
      if (!next.contains(step)) {
        apply(step, false, methods);
        step(now, "restored", step, decision.overhead(), "");
      }
    }
    current = next;
    return decision;
  }

  /** Whether the JFR part says detection has read the stream's blocking events (see the lever). */
  private boolean waitsRead() {
    try {
      return jfr != null && jfr.waitsRead();
    } catch (RuntimeException e) {
      AgentLog.debug("overhead governor: could not ask whether detection read the waits: " + e);
      return false;
    }
  }

  /** What the JFR part says each of its steps would cut of the stream's events this period. */
  private Map<Shed, Double> eventShares() {
    if (jfr == null) {
      return Map.of();
    }
    try {
      Map<Shed, Double> shares = jfr.eventShares();
      return shares == null ? Map.of() : shares;
    } catch (RuntimeException e) {
      AgentLog.debug("overhead governor: could not read the stream's events: " + e);
      return Map.of();
    }
  }

  /** Clocked and counted-only calls since the previous reading (by each method's N now). */
  private long[] countCalls(List<TimingRecorders.Calls> methods) {
    long clocked = 0;
    long unclocked = 0;
    for (TimingRecorders.Calls method : methods) {
      Long last = lastCalls.put(method.method().key(), method.calls());
      long made = Math.max(0, method.calls() - (last == null ? 0 : last));
      long clockedHere = made / Math.max(1, method.sampleEvery());
      clocked += clockedHere;
      unclocked += made - clockedHere;
    }
    return new long[] {clocked, unclocked};
  }

  private void apply(Shed step, boolean on, List<TimingRecorders.Calls> methods) {
    try {
      if (step == Shed.SAMPLED_TIMING_RATE) {
        sampledRate(on, methods);
      } else if (jfr != null) {
        jfr.shed(step, on);
      }
    } catch (RuntimeException e) {
      AgentLog.debug("overhead governor: could not " + (on ? "shed " : "take back ")
          + step.label() + ": " + e);
    }
  }

  /** Sampled methods clock {@link #RATE_FACTOR} times fewer calls while shed, then as before. */
  private void sampledRate(boolean on, List<TimingRecorders.Calls> methods) {
    if (on) {
      for (TimingRecorders.Calls method : methods) {
        int id = recorders.idOf(method.method().key());
        if (method.sampleEvery() > 1 && id >= 0) {
          raisedFrom.put(method.method().key(), method.sampleEvery());
          recorders.pinSampling(id, (int) Math.min(1 << 20,
              (long) method.sampleEvery() * RATE_FACTOR));
        }
      }
    } else {
      raisedFrom.forEach((key, every) -> recorders.releaseSampling(recorders.idOf(key), every));
      raisedFrom.clear();
    }
  }

  private void step(Instant now, String action, Shed step, double overhead, String why) {
    if (steps.size() >= Report.Overhead.MAX_STEPS) {
      steps.removeFirst();
    }
    steps.addLast(new Report.ShedStep(now, action, step.label(), overhead));
    AgentLog.info(String.format(Locale.ROOT, "overhead %s of the application's CPU, %s the %s"
            + " budget: %s %s%s", Units.smallPercent(overhead),
        action.equals("shed") ? "over" : "under", Units.smallPercent(budget),
        action.equals("shed") ? "shedding" : "taking back", step.label(), why));
  }

  /** The figures so far, for the report's health section. */
  public synchronized Report.Overhead report() {
    List<String> shed = new ArrayList<>();
    current.forEach(step -> shed.add(step.label()));
    return new Report.Overhead(budget,
        applicationNanos == 0 ? 0
            : (double) (agentThreadsNanos + adviceNanos + gcNanos) / applicationNanos,
        lastPeriod, worstPeriod,
        periods, agentThreadsNanos, adviceNanos, applicationNanos,
        model == null ? 0 : model.clockedCallNanos(),
        model == null ? 0 : model.unclockedCallNanos(),
        startCpuNanos, shed, new ArrayList<>(steps), keptSteps(), gcNanos);
  }

  /** The steps never shed, as the report shows them; none where nothing is shed anyway. */
  private List<Report.KeptStep> keptSteps() {
    List<Report.KeptStep> steps = new ArrayList<>();
    if (budget > 0) {
      for (OverheadGovernor.Kept step : kept) {
        steps.add(new Report.KeptStep(step.step().label(), step.why()));
      }
    }
    return steps;
  }

  /** The governor's thread (a class, not a lambda: it starts at the JVM's launch). */
  private static final class Loop implements Runnable {
    private final OverheadControl control;
    private final boolean jfrThreads;
    private final BooleanSupplier settled;

    Loop(OverheadControl control, boolean jfrThreads, BooleanSupplier settled) {
      this.control = control;
      this.jfrThreads = jfrThreads;
      this.settled = settled;
    }

    @Override
    public void run() {
      try {
        control.run(jfrThreads, settled);
      } catch (Throwable t) {
        // stop() interrupts the loop's sleep: that is the normal end, not a failure to report
        control.idle = true;
        if (!control.stopped) {
          AgentLog.warnOnce("overhead-governor", "the overhead governor stopped (" + t
              + "); the agent goes on without it");
        }
      }
    }
  }
}
