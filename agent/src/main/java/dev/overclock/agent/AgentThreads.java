package dev.overclock.agent;

import dev.overclock.config.Config;
import dev.overclock.config.PrometheusOptions;
import dev.overclock.governor.OverheadControl;
import dev.overclock.governor.OverheadGovernor;
import dev.overclock.instrument.Instrumenter;
import dev.overclock.jfr.LiveJfr;
import dev.overclock.log.AgentLog;
import dev.overclock.memo.MemoPolicy;
import dev.overclock.memo.MemoRecorders;
import dev.overclock.metrics.TimingRecorders;
import dev.overclock.offload.Offloader;
import dev.overclock.prometheus.PrometheusEndpoint;
import dev.overclock.select.MethodSelector;
import java.lang.instrument.Instrumentation;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The parts of a running agent that work on threads of their own, beside the transformer: the
 * advice built in the background, the JFR part, the overhead governor and the Prometheus
 * endpoint. Each starts when the
 * options ask for it and stops with its threads gone (an update, a detach, a failed start).
 *
 * <p>Not thread-safe: {@link RunningAgent} calls it under its own lock.
 */
final class AgentThreads {

  private static final long JOIN_MILLIS = 10_000;

  /** The longest the advice waits for the JFR part's start before it is built anyway. */
  static final long ADVICE_WAIT_MILLIS = 5_000;

  /**
   * What the overhead governor never sheds under {@code auto=optimize}: automatic memoization
   * decides from argument samples of automatically timed methods, and measures its gain on their
   * timing, so shedding either starved it (with the default budget the governor shed argument
   * sampling during the cpu workload's set-up, never took it back, and nothing was memoized).
   * Both are bounded without the governor: argument sampling hashes 1,000 calls a method (one
   * call in N, N chosen so that hashing costs under 1% of the method's time), at most 8 methods
   * at once, 6 windows each, 64 in a run ({@code ArgumentSampling}); automatic timing adds at
   * most {@code auto.max} methods in a run, each timed on one call in N or taken out by the cost
   * guard when its timing would take over 2% of a core ({@code TimingCostGuard}). The other
   * steps (the clock rate of sampled methods, the JFR sample interval, optional event types, the
   * blocking-event threshold) are still shed; pool moves are decided from the pool probe's thread
   * CPU times, not from blocking events.
   */
  static final List<OverheadGovernor.Kept> KEPT_FOR_OPTIMIZE = List.of(
      new OverheadGovernor.Kept(OverheadGovernor.Shed.ARGUMENT_SAMPLING, "auto=optimize decides"
          + " from it; bounded: 1,000 sampled calls a method, at most 8 methods at once and 64 in"
          + " a run"),
      new OverheadGovernor.Kept(OverheadGovernor.Shed.AUTO_TIMED_METHODS, "auto=optimize"
          + " memoizes only timed methods and measures its gain on their timing; bounded:"
          + " auto.max methods in a run, each sampled or taken out by the cost guard over 2% of"
          + " a core"));

  private final Supplier<AgentParts> parts;
  private final Instrumentation instrumentation;
  // Set when the JFR part stops, cleared when it starts: a directive added by a stream start that
  // raced its stop is taken out again (see keepOffC2).
  private volatile boolean jfrStopped;
  private Thread preparing;
  private volatile LiveJfr jfr; // volatile: the governor's thread sheds through it
  private OverheadControl governor;
  private PrometheusEndpoint endpoint;

  /** @param parts the agent's parts at the time of asking (an update replaces them) */
  AgentThreads(Supplier<AgentParts> parts) {
    this(parts, null);
  }

  /**
   * @param instrumentation the agent's, for the compiler directive ({@code overhead.firsttier});
   *     {@code null}: none is added
   */
  AgentThreads(Supplier<AgentParts> parts, Instrumentation instrumentation) {
    this.parts = parts;
    this.instrumentation = instrumentation;
  }

  /**
   * Starts the two pieces of background work that every start has, each on a daemon thread of
   * its own: building the advice ({@link Instrumenter#prepare}: Byte Buddy set up, a few hundred
   * milliseconds of mostly interpreted code, for the kinds of advice a class may need as it loads
   * and only Byte Buddy writes; timing needs none) and the JFR part ({@link #startJfr}: JFR's own
   * start, a few hundred milliseconds more). They run one after the other, so that together they
   * take at most one of the application's cores while it starts, and the one needed first goes
   * first:
   *
   * <ul>
   *   <li>the advice, when a class may need it as it loads: the application's class path has
   *       Overclock's annotations, or the options name methods (or the JFR part is off, and
   *       nothing else runs in the background). The JFR part starts once the advice is built
   *       and, at the JVM's launch, once the application's start is over as well (the same wait
   *       as below): started as soon as the advice was built, JFR's start ran inside the
   *       application's and put off the demo's first line by about 0.25 s.
   *   <li>otherwise the JFR part, and the advice once its stream is up. An application without
   *       annotations needs advice only when the hot-method detector times a method, a window
   *       ({@code auto.window}) after the stream's start; building it at once cost the
   *       application's start its CPU for nothing. A class that needs advice earlier (one
   *       loaded by a loader the class path does not show, say) builds it itself. At the JVM's
   *       launch, the JFR part then also waits for the application's start to end (class
   *       loading calm, main thread idle), at most {@code jfr.startwait} (2 s by default):
   *       JFR's own start is a few hundred milliseconds of CPU that would otherwise fall into
   *       the application's start.
   * </ul>
   *
   * @param launchMain the application's main thread when it is starting ({@code -javaagent}),
   *     watched by the JFR part's wait; {@code null} when it runs already (an attach, or an update
   *     of the options)
   */
  void startAdviceAndJfr(Thread launchMain) {
    boolean atLaunch = launchMain != null;
    AgentParts current = parts.get();
    Instrumenter instrumenter = current.instrumenter();
    boolean jfrOn = current.config().jfr().stream();
    if (instrumenter != null
        && (!jfrOn
            || DeferredStart.adviceNeededAtLoad(current.config(),
                ClassLoader.getSystemClassLoader()))) {
      // The recorders' warm-ups ahead of the first class only at the launch, where they keep it
      // off the application's start; an attach or update registers (and warms up) as before.
      preparing = atLaunch
          ? prepare(instrumenter, null, current.recorders(), memoAtLoad(current))
          : prepare(instrumenter, null, null, null);
      startJfr(preparing, atLaunch ? current.config().jfr().startWait() : Duration.ZERO,
          launchMain);
    } else {
      startJfr(null, atLaunch ? current.config().jfr().startWait() : Duration.ZERO, launchMain);
      if (instrumenter != null) {
        preparing = prepare(instrumenter, jfr, null, null);
      }
    }
  }

  /**
   * Builds the advice on a daemon thread; with {@code after} given, once that JFR part's start is
   * over ({@link LiveJfr#settled}), at most {@link #ADVICE_WAIT_MILLIS} later. First warms up
   * the paths of the recorders given (classes may need them as they load: {@link
   * TimingRecorders#prepare}, {@link MemoRecorders#prepare}), which the first class registered
   * would otherwise warm up on its loading thread.
   */
  private static Thread prepare(Instrumenter instrumenter, LiveJfr after, TimingRecorders timing,
      MemoRecorders memo) {
    Thread init = new Thread(new Preparation(instrumenter, after, timing, memo), "overclock-init");
    init.setDaemon(true);
    init.start();
    return init;
  }

  /**
   * The memoization recorders when a class may need memoization as it loads (its annotation on the
   * class path, or {@code memoize=} filters); else {@code null}.
   */
  private static MemoRecorders memoAtLoad(AgentParts parts) {
    MemoRecorders memo = parts.memo();
    if (memo == null) {
      return null;
    }
    boolean mayNeed = !parts.config().memo().filters().isEmpty()
        || MethodSelector.annotationVisible(MemoPolicy.ANNOTATION,
            ClassLoader.getSystemClassLoader());
    return mayNeed ? memo : null;
  }

  private static void awaitSettled(LiveJfr jfr) {
    long deadline = System.nanoTime() + ADVICE_WAIT_MILLIS * 1_000_000;
    try {
      while (!jfr.settled() && System.nanoTime() - deadline < 0) {
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // build it now
    }
  }

  /** Waits for the advice preparation of the previous parts, so no agent thread outlives them. */
  void joinPreparing() {
    Thread init = preparing;
    if (init == null) {
      return;
    }
    try {
      init.join(JOIN_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    preparing = null;
  }

  /**
   * Starts the JFR part (live stream, hot-method detection, Overclock's events) when the options
   * ask for it: after the transformer is in place, on a thread of its own that first lets the
   * advice be built when that started first ({@link #startAdviceAndJfr}).
   *
   * @param after the thread building the advice, to let finish first, or {@code null}
   * @param startWait the longest wait for the application's start to end; zero: none
   * @param main the application's main thread, watched by that wait, or {@code null}
   */
  private void startJfr(Thread after, Duration startWait, Thread main) {
    AgentParts current = parts.get();
    Config config = current.config();
    if (config.jfr().stream()) {
      jfrStopped = false;
      MemoRecorders memo = current.memo();
      Offloader offload = current.offload();
      jfr = LiveJfr.start(new LiveJfr.Setup(
              config.jfr(),
              current.instrumenter(),
              current.recorders(),
              current.snapshots(),
              current.timingSelector(),
              current.argumentSelection(),
              current.argumentSamples(),
              /* includeSet= */ !config.scope().include().isEmpty(),
              memo == null ? null : Figures.of(memo),
              offload == null ? null : Figures.of(offload),
              config.overhead().firstTier() && instrumentation != null ? this::keepOffC2 : null),
          after, startWait, main);
      current.source().jfr(jfr);
      dev.overclock.optimize.AutoMemoizer memoizer = current.source().autoMemoizer();
      if (memoizer != null) {
        jfr.onWindow(memoizer::window);
        jfr.timeCallersOfHotCode(); // the method worth caching is often the hot one's caller
      }
    } else if (current.instrumenter() != null) {
      current.instrumenter().onChange(change -> {}); // nobody records code changes: keep none
    }
  }

  /**
   * On the stream's thread, before JFR starts: the agent's background code and the JDK's JFR
   * parser off C2 ({@link AgentCodeJit}, {@code overhead.firsttier}).
   */
  private void keepOffC2() {
    AgentCodeJit.add(instrumentation).ifPresentOrElse(
        why -> AgentLog.debug("overhead.firsttier: the agent's code stays with the JIT as any code ("
            + why + ")"),
        () -> AgentLog.debug("overhead.firsttier: the agent's background code and the JDK's JFR"
            + " parser are compiled by C1 only"));
    if (jfrStopped) {
      AgentCodeJit.remove(instrumentation); // the JFR part stopped meanwhile (a detach)
    }
  }

  /** Stops the JFR part, if it runs: its stream, event hooks and run-time selections. */
  void stopJfr() {
    jfrStopped = true;
    LiveJfr running = jfr;
    if (running == null) {
      return;
    }
    jfr = null;
    try {
      running.stop();
    } catch (RuntimeException e) {
      AgentLog.debug("stopping the JFR part failed: " + e);
    }
    if (instrumentation != null) {
      AgentCodeJit.remove(instrumentation).ifPresent(why -> AgentLog.debug(
          "overhead.firsttier: the compiler directive stays (" + why + ")"));
    }
  }

  /**
   * Starts the overhead governor (see {@link OverheadControl}): it measures what the agent costs
   * from the end of its start on (the JFR stream up and the advice built: both are start-up work,
   * shown apart), and sheds work over {@code overhead.budget}. Its calibration and measurements
   * run on a thread of its own.
   */
  void startGovernor() {
    AgentParts current = parts.get();
    boolean optimizing = current.source().autoMemoizer() != null && jfr != null;
    OverheadControl control = new OverheadControl(current.config().overhead().budget(),
        current.recorders(), new Shedding(this, current),
        optimizing ? KEPT_FOR_OPTIMIZE : List.of());
    LiveJfr live = jfr;
    if (live != null && !optimizing) {
      // auto=optimize keeps argument sampling (never shed): nothing to wait for there
      live.startArgumentSamplingWhen(control::decidesNow);
    }
    control.start(live != null, new Settled(live, preparing));
    current.source().overhead(control);
    governor = control;
  }

  /** Stops the overhead governor, if it runs. */
  void stopGovernor() {
    OverheadControl control = governor;
    if (control != null) {
      governor = null;
      control.stop();
    }
  }

  /**
   * Starts the Prometheus endpoint when the options ask for one. It binds on its own thread and
   * prints its own line (where it listens, or why it is off); failing here leaves only the
   * endpoint off.
   */
  void startPrometheus() {
    PrometheusOptions settings = parts.get().prometheus();
    if (settings == null || endpoint != null) {
      return;
    }
    try {
      // Reads the parts current at each scrape: the endpoint outlives an update that keeps it.
      endpoint = PrometheusEndpoint.start(
          settings, () -> parts.get().source().scrape(settings.window()));
      parts.get().source().endpoint(endpoint);
    } catch (RuntimeException | Error e) {
      AgentLog.warn("could not start the Prometheus endpoint (" + e + "); it is off, the"
          + " application is unaffected");
    }
  }

  /** Stops the Prometheus endpoint, if one runs, and waits until its port and threads are gone. */
  void stopPrometheus() {
    PrometheusEndpoint running = endpoint;
    if (running == null) {
      return;
    }
    endpoint = null;
    running.stop();
    running.awaitStopped(JOIN_MILLIS);
  }

  /** The running Prometheus endpoint, or {@code null}. */
  PrometheusEndpoint endpoint() {
    return endpoint;
  }

  /** The advice thread's work (a class, not a lambda: it starts at the JVM's launch). */
  private static final class Preparation implements Runnable {
    private final Instrumenter instrumenter;
    private final LiveJfr after;
    private final TimingRecorders timing;
    private final MemoRecorders memo;

    Preparation(Instrumenter instrumenter, LiveJfr after, TimingRecorders timing,
        MemoRecorders memo) {
      this.instrumenter = instrumenter;
      this.after = after;
      this.timing = timing;
      this.memo = memo;
    }

    @Override
    public void run() {
      try {
        if (timing != null) {
          timing.prepare();
        }
        if (memo != null) {
          memo.prepare(); // Caffeine's classes among them: 60 ms of CPU, so only when needed
        }
        if (after != null) {
          awaitSettled(after);
        }
        instrumenter.prepare();
      } catch (Throwable t) {
        AgentLog.debug("background preparation failed: " + t);
      }
    }
  }

  // The classes below stand for lambdas and method references: the start links them at the
  // JVM's launch, where each lambda costs 0.3-0.5 ms of mostly interpreted code.

  /**
   * The memoization or the offload figures, for the JFR part's events; made only through the two
   * {@code of} methods, which fix the element type to the one source given.
   */
  private static final class Figures<T> implements Supplier<List<T>> {
    private final MemoRecorders memo;
    private final Offloader offload;

    private Figures(MemoRecorders memo, Offloader offload) {
      this.memo = memo;
      this.offload = offload;
    }

    static Figures<dev.overclock.memo.MemoSnapshot> of(MemoRecorders memo) {
      return new Figures<>(memo, null);
    }

    static Figures<dev.overclock.offload.OffloadFigures> of(Offloader offload) {
      return new Figures<>(null, offload);
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<T> get() {
      return (List<T>) (memo != null ? memo.snapshot() : offload.figures());
    }
  }

  /** What the governor sheds: through the JFR part current at the time, and auto-memoization. */
  private static final class Shedding implements OverheadControl.Lever {
    private final AgentThreads threads;
    private final AgentParts parts;

    Shedding(AgentThreads threads, AgentParts parts) {
      this.threads = threads;
      this.parts = parts;
    }

    @Override
    public void shed(OverheadGovernor.Shed step, boolean on) {
      LiveJfr live = threads.jfr;
      if (live != null) {
        live.shed(step, on);
      }
      dev.overclock.optimize.AutoMemoizer memoizer = parts.source().autoMemoizer();
      if (memoizer != null && step == OverheadGovernor.Shed.ARGUMENT_SAMPLING) {
        memoizer.argumentSamplingShed(on); // its candidates' evidence stops: no new decision
      }
    }

    @Override
    public java.util.Map<OverheadGovernor.Shed, Double> eventShares() {
      LiveJfr live = threads.jfr;
      return live == null ? java.util.Map.of() : live.eventShares();
    }

    @Override
    public boolean waitsRead() {
      LiveJfr live = threads.jfr;
      return live != null && live.waitsRead();
    }
  }

  /** Whether the agent's start is over: the JFR stream up (or none), the advice built. */
  private static final class Settled implements java.util.function.BooleanSupplier {
    private final LiveJfr live;
    private final Thread init;

    Settled(LiveJfr live, Thread init) {
      this.live = live;
      this.init = init;
    }

    @Override
    public boolean getAsBoolean() {
      return (live == null || live.settled()) && (init == null || !init.isAlive());
    }
  }
}
