package dev.overclock.jfr;

import dev.overclock.config.JfrOptions;
import dev.overclock.governor.OverheadGovernor;
import dev.overclock.jvm.JvmProfile;
import dev.overclock.jvm.ThreadStacks;
import dev.overclock.jvm.SampleWindow;
import dev.overclock.log.AgentLog;
import dev.overclock.memo.MemoSnapshot;
import dev.overclock.offload.OffloadFigures;
import dev.overclock.metrics.ArgumentSamples;
import dev.overclock.metrics.MethodSnapshot;
import dev.overclock.metrics.Snapshots;
import dev.overclock.metrics.TimingRecorders;
import dev.overclock.report.JvmReport;
import dev.overclock.report.MethodInsights;
import dev.overclock.report.MethodReport;
import dev.overclock.report.Units;
import dev.overclock.select.MethodSelector;
import dev.overclock.select.Retransformer;
import dev.overclock.select.RuntimeSelection;
import dev.overclock.shutdown.JfrExitGuard;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The agent's JFR part: starts the live stream, Overclock's own events and hot-method detection
 * on a daemon thread ({@code overclock-jfr}), and answers the report's questions about them.
 *
 * <h2>Why it must be careful</h2>
 *
 * JFR may be missing (a runtime image without the {@code jdk.jfr} module), switched off ({@code
 * -XX:-FlightRecorder}), or fail to start (no space for its repository). None of that may touch
 * the application or the rest of the agent: availability is checked on the background thread
 * before any JFR class is loaded, every failure becomes one line on standard error and a feature
 * state in the report, and timing goes on without this part. Starting JFR costs a few hundred
 * milliseconds of CPU, spent on the background thread while the application starts.
 *
 * <h2>Threads</h2>
 *
 * The stream thread reads events into the {@link JvmProfile}; after each batch (about every
 * second) it runs the detector when a window has passed. The report thread reads the profile
 * and the detector's decisions; both are synchronised internally.
 *
 * <p>This class wires the parts and answers for them; telling library code apart ({@link
 * LibraryCode}), the start's edge cases ({@link JfrStartup}) and marking the hot methods with
 * their timing ({@link TimingMarks}) are their own classes.
 */
public final class LiveJfr {

  private static final String SOURCE = "live";

  private final JfrOptions options;

  /**
   * The blocking-event threshold while the overhead governor sheds it: this many times {@code
   * jfr.threshold} (10 ms -> 50 ms by default). Doubling would cut little: on the http workload
   * nine in ten blocking events of 10 ms or more last 20 ms or more (its downstream call's 20 ms
   * sleep and the parks waiting for it), and with 50 ms the agent's threads took 0.15 s of CPU
   * after the start of a 2-minute run against 0.34-0.58 s with 10 ms (one run each).
   */
  static final int BLOCKING_SHED_FACTOR = 5;

  private volatile boolean blockingShed;

  /**
   * The fewest stream events in a period from which the governor is told what share each of its
   * stream steps would cut; under it the stream is quiet (see {@link #eventShares}).
   */
  static final int EVENTS_TO_JUDGE = 50;

  private LiveStream.StreamEvents lastEvents = LiveStream.StreamEvents.NONE; // governor's thread
  private final Retransformer instrumenter;
  private final TimingRecorders recorders;
  private final Snapshots snapshots;
  private final MethodSelector timingSelector;
  private final RuntimeSelection argumentSelection;
  private final ArgumentSamples argumentSamples;
  private final boolean includeSet;
  private final Supplier<List<MemoSnapshot>> memoFigures;
  private final Supplier<List<OffloadFigures>> offloadFigures;

  private volatile String state = "starting";
  /** How long the stream waits for the application's start at most, while it does. */
  private volatile long waitingAtMostNanos;
  private volatile String autoState;
  private volatile JvmProfile profile;
  private volatile LiveStream stream;
  private volatile OverclockEvents events;
  private volatile EvidenceTracker evidence;
  private volatile HotMethodDetector detector;
  private final Runnable beforeStream;
  // Windows the detector judged (their waits included): written by the stream's thread only.
  private volatile int windowsJudged;
  private volatile ArgumentSampling arguments;
  // Whether argument sampling may start methods now (see startArgumentSamplingWhen).
  private volatile BooleanSupplier argumentsMayStart = () -> true;
  private volatile BiConsumer<List<MethodSnapshot>, MethodInsights> windowListener;
  /** Whether hot-method detection times the callers of hot code too ({@code auto=optimize}). */
  private volatile boolean timeCallers;
  private volatile SampleRate rate;
  private volatile boolean stopped;
  private volatile boolean flushed; // the stream delivered its first batch: its start is over
  private long lastWindow;
  private boolean started; // stream thread only
  private JfrExitGuard.Start firstFlush; // stream thread only: the start, until its first flush

  /**
   * What the JFR part works with.
   *
   * @param options the {@code jfr.*} options
   * @param instrumenter the timing instrumenter, or {@code null} when timing is off (then no
   *     method is timed or sampled automatically)
   * @param recorders the timing recorders
   * @param snapshots the report's snapshots, whose listeners hear every report
   * @param timingSelector the timing selection; its run-time additions receive the hot methods
   * @param argumentSelection the run-time selection of the argument-sampling advice
   * @param argumentSamples the argument samples of the methods timed automatically
   * @param includeSet whether {@code include=} names packages (then libraries may be timed)
   * @param memoFigures the memoization figures, or {@code null} when memoization is off
   * @param offloadFigures the offload figures, or {@code null} when offload is off
   * @param beforeStream run on the stream's thread just before JFR starts (the agent's compiler
   *     directive, {@code overhead.firsttier}), or {@code null}; a failure there is its own to report
   */
  public record Setup(
      JfrOptions options,
      Retransformer instrumenter,
      TimingRecorders recorders,
      Snapshots snapshots,
      MethodSelector timingSelector,
      RuntimeSelection argumentSelection,
      ArgumentSamples argumentSamples,
      boolean includeSet,
      Supplier<List<MemoSnapshot>> memoFigures,
      Supplier<List<OffloadFigures>> offloadFigures,
      Runnable beforeStream) {

    /** A setup with nothing to run before the stream. */
    public Setup(JfrOptions options, Retransformer instrumenter, TimingRecorders recorders,
        Snapshots snapshots, MethodSelector timingSelector, RuntimeSelection argumentSelection,
        ArgumentSamples argumentSamples, boolean includeSet,
        Supplier<List<MemoSnapshot>> memoFigures, Supplier<List<OffloadFigures>> offloadFigures) {
      this(options, instrumenter, recorders, snapshots, timingSelector, argumentSelection,
          argumentSamples, includeSet, memoFigures, offloadFigures, null);
    }
  }

  private LiveJfr(Setup setup) {
    this.options = setup.options();
    this.instrumenter = setup.instrumenter();
    this.recorders = setup.recorders();
    this.snapshots = setup.snapshots();
    this.timingSelector = setup.timingSelector();
    this.argumentSelection = setup.argumentSelection();
    this.argumentSamples = setup.argumentSamples();
    this.includeSet = setup.includeSet();
    this.memoFigures = setup.memoFigures();
    this.offloadFigures = setup.offloadFigures();
    this.beforeStream = setup.beforeStream();
    this.autoState = !options.auto() ? "off"
        : instrumenter == null || timingSelector.runtime() == null ? "off (timing is off)"
        : "waiting for the JFR stream";
  }

  /**
   * Starts the JFR part in the background and returns at once.
   *
   * @param after a thread to let finish first (the agent's own start-up work), or {@code null}
   */
  public static LiveJfr start(Setup setup, Thread after) {
    return start(setup, after, Duration.ZERO, null);
  }

  /**
   * Starts the JFR part in the background and returns at once; JFR itself starts once the
   * application's start is over (its class loading has calmed and its main thread has handed
   * over), at most {@code startWait} later ({@link JfrStartup#awaitApplicationStart}).
   *
   * @param after a thread to let finish first (the agent's own start-up work), or {@code null}
   * @param startWait the longest wait for the application's start; zero: none
   * @param main the application's main thread (the one that runs {@code premain}), or {@code
   *     null} to judge its start by class loading alone
   */
  public static LiveJfr start(Setup setup, Thread after, Duration startWait, Thread main) {
    LiveJfr jfr = new LiveJfr(setup);
    Thread thread = new Thread(new Starting(jfr, after, startWait, main), "overclock-jfr");
    thread.setDaemon(true);
    thread.start();
    return jfr;
  }

  private void run(Duration startWait, Thread main) {
    JfrExitGuard.Start start = null;
    try {
      String missing = JfrStartup.missing();
      if (missing != null) {
        off(missing);
        return;
      }
      if (!startWait.isZero()) {
        // The state's text is composed when read (state()): formatting its duration here would
        // load java.util.Formatter and locale data (~30 ms of CPU on JDK 25) while the
        // application starts.
        waitingAtMostNanos = startWait.toNanos();
        state = JfrStartup.WAITING;
        long waitStart = System.nanoTime();
        JfrStartup.awaitApplicationStart(startWait, main, new Starting(this, null, null, null));
        if (stopped) {
          return; // detached while waiting: JFR need not start at all
        }
        if (dev.overclock.jvm.StartupBurst.programEnded(main)) {
          // Its main thread ended and no other thread keeps the JVM alive: it is exiting now,
          // and JFR's start would only race its exit.
          off("the program ended before the stream started", /* warn= */ false);
          return;
        }
        AgentLog.debug("the JFR stream starts after waiting "
            + (System.nanoTime() - waitStart) / 1_000_000 + " ms for the application's start");
        state = "starting";
      }
      // From here JFR sets itself up and retransforms its event classes: never while the JVM
      // exits (JfrExitGuard); the guard is left once the recording runs, at the stream's first
      // flush or at its end, whichever comes first.
      if (beforeStream != null) {
        beforeStream.run();
      }
      start = JfrExitGuard.jvm().start();
      if (start == null) {
        off("the JVM exited before the stream started", /* warn= */ false);
        return;
      }
      firstFlush = start;
      open();
    } catch (Throwable failure) {
      if (stopped || JfrStartup.isShutdown(failure)) {
        // A short program ended before the stream was up: nothing went wrong, nothing to say.
        off("the JVM exited before the stream started", /* warn= */ false);
        AgentLog.debug("the JFR stream did not start: the JVM is exiting (" + failure + ")");
      } else {
        off("the JFR stream could not start (" + failure + ")");
      }
      JfrStartup.closeQuietly(stream);
      closeQuietly(start);
      return;
    }
    try {
      if (stopped) {
        JfrStartup.closeQuietly(stream);
      } else if (!start.beforeStart()) {
        // The JVM began to exit while JFR set itself up: the stream must not start now.
        off("the JVM exited before the stream started", /* warn= */ false);
        JfrStartup.closeQuietly(stream);
      } else {
        stream.run();
      }
    } catch (Throwable failure) {
      if (!stopped && !JfrStartup.isShutdown(failure)) {
        state = "stopped: " + failure;
        AgentLog.warn("the JFR stream stopped (" + failure + "); timing goes on without it");
      }
    } finally {
      closeQuietly(start);
    }
  }

  private static void closeQuietly(JfrExitGuard.Start start) {
    if (start != null) {
      start.close();
    }
  }

  /** Sets every part up; the stream starts reading in {@link #run}. */
  private void open() {
    long interval = options.sampleInterval().toNanos();
    Predicate<String> library = LibraryCode.detect(includeSet);
    Predicate<String> application = new ClassVerdicts(
        className -> !timingSelector.isIgnoredClass(className)
            && (includeSet || !library.test(className)));
    JvmProfile jvm = new JvmProfile(application);
    EvidenceTracker tracker = new EvidenceTracker(jvm, interval);
    LiveStream live = LiveStream.open(options.sampleInterval(), options.threshold(),
        shedThreshold(), jvm, this::afterFlush);
    live.watchThreads(new ThreadStacks(
        className -> !JvmProfile.isJdk(className) && application.test(className)));
    profile = jvm;
    evidence = tracker;
    stream = live;
    rate = new SampleRate(options.sampleInterval(), live::sampleInterval);
    OverclockEvents own = new OverclockEvents(options.slowThreshold().toNanos());
    own.preload();
    events = own;
    snapshots.addListener(tracker);
    snapshots.addListener(own);
    own.addPeriodic(MethodStatisticsEvent.class, snapshots::take, live.others());
    if (memoFigures != null) {
      own.addPeriodic(MemoStatisticsEvent.class, new MemoStatistics(memoFigures), live.others());
    }
    if (offloadFigures != null) {
      own.addPeriodic(
          OffloadStatisticsEvent.class, new OffloadStatistics(offloadFigures), live.others());
    }
    if (!options.slowThreshold().isZero()) {
      recorders.onSlowCalls(options.slowThreshold().toNanos(), own);
    }
    if (instrumenter != null) {
      instrumenter.onChange(own);
      if (options.auto() && timingSelector.runtime() != null) {
        detector = new HotMethodDetector(options, timingSelector, instrumenter, recorders,
            includeSet, jvm::neverReturns, library);
        detector.timeCallers(timeCallers);
        live.watchFrames(detector.compiledFrames());
        autoState = String.format(Locale.ROOT, "timing: methods with at least %s of the"
            + " execution samples of a %s window, up to %d a window and %d in all",
            Units.percent(options.autoMinShare()),
            Units.duration(options.autoWindow().toNanos()), options.autoTop(), options.autoMax());
        if (argumentSelection != null && argumentSamples != null) {
          arguments = new ArgumentSampling(argumentSamples, argumentSelection, instrumenter,
              recorders, () -> jvm.observedSampleInterval(interval));
        }
      }
    }
    state = "on";
    lastWindow = System.nanoTime();
  }

  /** After each batch of events, on the stream thread: baselines, then a window if one passed. */
  private void afterFlush() {
    flushed = true;
    JfrExitGuard.Start start = firstFlush;
    if (start != null) {
      firstFlush = null;
      start.started(); // the recording runs: the JVM may exit from now on
    }
    EvidenceTracker tracker = evidence;
    if (tracker == null || stopped) {
      return;
    }
    long now = System.nanoTime();
    boolean first = false;
    if (profile.samples() > 0 && !started) {
      started = true;
      first = true;
      tracker.start();
    }
    if (!first && now - lastWindow < options.autoWindow().toNanos()) {
      return;
    }
    List<MethodSnapshot> methods = snapshots.take();
    if (first) {
      return; // the baselines are set; the first window of samples is still filling
    }
    lastWindow = now;
    java.util.Set<String> called = new java.util.HashSet<>();
    for (MethodSnapshot method : methods) {
      if (method.calls() > 0) {
        called.add(method.method().key());
      }
    }
    profile.timedMethods(called);
    // Thin periods are judged together, up to six (30 s at the default auto.window).
    SampleWindow window = profile.takeWindow(AutoTimingRules.MIN_WINDOW_SAMPLES,
        AutoTimingRules.MAX_CARRIED_WINDOWS);
    HotMethodDetector hot = detector;
    int before = hot == null ? 0 : hot.added();
    if (hot != null) {
      hot.window(window, methods);
      windowsJudged++;
    }
    rate.window(hot != null && hot.added() > before);
    ArgumentSampling sampling = arguments;
    if (sampling != null) {
      sampling.window(snapshots.latest(), tracker::evidence, argumentsMayStart.getAsBoolean());
    }
    BiConsumer<List<MethodSnapshot>, MethodInsights> listener = windowListener;
    if (listener != null) {
      listener.accept(snapshots.latest(), insights());
    }
  }

  /**
   * Argument sampling starts methods only while {@code mayStart} says so (what runs still ends on
   * time): the overhead governor's {@code decidesNow}, where the governor may shed it. Why:
   * sampling a method's arguments changes its class twice (the advice in, then out), and it is
   * the governor's first step: started during the governor's warm-up (the http workload once a
   * waiting method read as CPU-bound, the cpu workload once its hot methods were timed earlier),
   * it was shed at the first decision, two code changes of the hot classes for nothing
   * (docs/performance.md).
   */
  public void startArgumentSamplingWhen(BooleanSupplier mayStart) {
    argumentsMayStart = mayStart;
  }

  /** Hears of each window after the detector and argument sampling ({@code auto=optimize}). */
  public void onWindow(BiConsumer<List<MethodSnapshot>, MethodInsights> listener) {
    windowListener = listener;
  }

  /**
   * Hot-method detection times the callers of hot code too, from now on ({@code auto=optimize}:
   * see {@link HotMethodDetector#timeCallers}).
   */
  public void timeCallersOfHotCode() {
    timeCallers = true;
    HotMethodDetector hot = detector;
    if (hot != null) {
      hot.timeCallers(true);
    }
  }

  private void off(String reason) {
    off(reason, /* warn= */ true);
  }

  private void off(String reason, boolean warn) {
    state = "off: " + reason;
    if (instrumenter != null) {
      instrumenter.onChange(change -> {}); // no JFR events: the changes kept for them can go
    }
    if (options.auto() && !autoState.startsWith("off")) {
      autoState = "off (needs the JFR stream)";
    }
    if (warn) {
      AgentLog.warn(reason + "; the agent runs without its JFR part (no JVM section, no"
          + " hot-method detection, no Overclock JFR events), timing goes on");
    }
  }

  /**
   * Gives up one of the overhead governor's steps that this part owns, or takes it back: argument
   * sampling, automatically timed methods, the execution-sample interval (doubled while shed),
   * the optional event types, the blocking events' threshold ({@link #BLOCKING_SHED_FACTOR} times
   * {@code jfr.threshold} while shed). Called on the governor's thread; a part that is not running
   * (yet) has nothing to give up, and a step it does not own is ignored.
   */
  public void shed(OverheadGovernor.Shed step, boolean on) {
    switch (step) {
      case ARGUMENT_SAMPLING -> {
        ArgumentSampling sampling = arguments;
        if (sampling != null) {
          sampling.paused(on);
        }
      }
      case AUTO_TIMED_METHODS -> {
        HotMethodDetector hot = detector;
        if (hot != null) {
          hot.shedding(on);
        }
      }
      case JFR_SAMPLE_INTERVAL -> {
        SampleRate sampling = rate;
        if (sampling != null && !stopped) {
          sampling.shed(on);
        }
      }
      case JFR_EVENT_TYPES -> {
        LiveStream live = stream;
        if (live != null && !stopped) {
          live.optionalEvents(!on);
        }
      }
      case JFR_BLOCKING_THRESHOLD -> {
        LiveStream live = stream;
        if (live != null && !stopped) {
          blockingShed = on;
          live.blockingThreshold(on ? shedThreshold() : options.threshold());
          EvidenceTracker tracker = evidence;
          if (tracker != null) {
            tracker.blockingThreshold(on ? shedThreshold().toNanos() : 0);
          }
        }
      }
      default -> {
        // not this part's: timing's sampling rate
      }
    }
  }

  /**
   * For the overhead governor, once a period: the share of the live stream's events since the
   * last call that each of its stream steps would remove (doubling the sample interval: half the
   * execution samples; the optional event types: the allocation samples; the raised blocking
   * threshold: the blocking events shorter than it). Empty without a running stream. With fewer
   * than {@link #EVENTS_TO_JUDGE} events the stream is quiet: the optional types and the blocking
   * threshold, which cut only events, would cut nothing worth a step (0), and the sample
   * interval is left to the governor's usual judgement (most of its cost is then JFR's native
   * sampler walking the threads, which the events do not show).
   */
  public Map<OverheadGovernor.Shed, Double> eventShares() {
    LiveStream live = stream;
    if (live == null || stopped) {
      return Map.of();
    }
    LiveStream.StreamEvents now = live.events();
    LiveStream.StreamEvents period = now.since(lastEvents);
    lastEvents = now;
    Map<OverheadGovernor.Shed, Double> shares = new EnumMap<>(OverheadGovernor.Shed.class);
    if (period.all() < EVENTS_TO_JUDGE) {
      shares.put(OverheadGovernor.Shed.JFR_EVENT_TYPES, 0.0);
      shares.put(OverheadGovernor.Shed.JFR_BLOCKING_THRESHOLD, 0.0);
      return shares;
    }
    double all = period.all();
    shares.put(OverheadGovernor.Shed.JFR_SAMPLE_INTERVAL, period.samples() / 2.0 / all);
    shares.put(OverheadGovernor.Shed.JFR_EVENT_TYPES, period.optional() / all);
    shares.put(OverheadGovernor.Shed.JFR_BLOCKING_THRESHOLD, period.shortBlocking() / all);
    return shares;
  }

  /**
   * For the overhead governor: whether hot-method detection has judged at least one window of the
   * stream, with the blocking events since the start in it (what finds the methods that wait);
   * then raising the blocking threshold no longer hides them (see {@link
   * OverheadGovernor#warmup}). False with detection off ({@code auto=off}) or before the stream.
   */
  public boolean waitsRead() {
    return !stopped && windowsJudged > 0;
  }

  private Duration shedThreshold() {
    return options.threshold().multipliedBy(BLOCKING_SHED_FACTOR);
  }

  /**
   * Whether the stream is up (or will never be: it failed, or was stopped): the agent's start-up
   * work is over.
   */
  public boolean settled() {
    if (stopped) {
      return true;
    }
    String current = state;
    return current.equals("on") ? flushed : !current.startsWith("starting");
  }

  /** Takes everything out: the stream, the event hooks, the run-time selections. */
  public synchronized void stop() {
    stopped = true;
    recorders.onSlowCalls(0, null);
    OverclockEvents own = events;
    if (own != null) {
      snapshots.removeListener(own);
      own.close();
    }
    EvidenceTracker tracker = evidence;
    if (tracker != null) {
      snapshots.removeListener(tracker);
    }
    ArgumentSampling sampling = arguments;
    if (sampling != null) {
      sampling.stop();
    }
    JfrStartup.closeQuietly(stream);
  }

  /** The state of the JFR part, for the report's features: {@code on, ...} or {@code off: ...}. */
  public String state() {
    String current = state;
    if (current.equals("starting") && JfrExitGuard.jvm().exitedIdle()) {
      // The exit's report, read after the wait for the application's start and before the
      // stream thread found that the JVM exits (it sets the same state a moment later): JFR's
      // start can no longer begin.
      return "off: the JVM exited before the stream started";
    }
    if (current.equals(JfrStartup.WAITING)) {
      return current + " (at most " + Units.duration(waitingAtMostNanos)
          + ", jfr.startwait); a shorter run has no JVM section";
    }
    LiveStream live = stream;
    if (!current.equals("on") || live == null) {
      return current;
    }
    StringBuilder text = new StringBuilder("on: live stream of ")
        .append(live.available().size()).append(" JVM event types, sampling every ")
        .append(Units.duration(options.sampleInterval().toNanos()));
    SampleRate sampling = rate;
    String slower = sampling == null ? null : sampling.why();
    if (slower != null) {
      text.append(" (").append(Units.duration(sampling.current().toNanos())).append(" now: ")
          .append(slower).append(')');
    }
    text.append(", blocking events from ").append(Units.duration(options.threshold().toNanos()));
    if (blockingShed) {
      text.append(" (").append(Units.duration(shedThreshold().toNanos()))
          .append(" now: the overhead governor sheds it)");
    }
    if (!live.missing().isEmpty()) {
      text.append(" (not in this JVM: ").append(String.join(", ", live.missing())).append(')');
    }
    return text.toString();
  }

  /** The state of JFR's own events: which are emitted and what was dropped. */
  public String eventsState() {
    OverclockEvents own = events;
    if (own == null) {
      return state.startsWith("off") ? "off" : state;
    }
    String slow = options.slowThreshold().isZero() ? "slow invocations off"
        : "slow invocations from " + Units.duration(options.slowThreshold().toNanos());
    long dropped = own.droppedSlowEvents();
    return "on while a recording enables them: overclock.MethodStatistics, "
        + (memoFigures != null ? "overclock.MemoStatistics, " : "")
        + (offloadFigures != null ? "overclock.OffloadStatistics, " : "") + "overclock.CodeChange, "
        + slow + (dropped > 0 ? " (" + dropped + " dropped by the rate limit)" : "");
  }

  /** The state of automatic timing, for the report's features. */
  public String autoState() {
    HotMethodDetector hot = detector;
    return hot == null ? autoState
        : autoState + "; " + hot.added() + " timed so far; " + hot.changesState();
  }

  /**
   * Compiler time the JIT spent on the agent's own code so far (see {@link
   * dev.overclock.governor.AgentCompilations}), or -1 while the stream is not open.
   */
  public long agentJitNanos() {
    LiveStream live = stream;
    return live == null ? -1 : live.compilations().nanos();
  }

  /** The report's JVM section, or {@code null} while (or if) the stream has read nothing. */
  public JvmReport report() {
    JvmProfile jvm = profile;
    LiveStream live = stream;
    if (jvm == null || live == null || jvm.from() == null) {
      return null;
    }
    JvmReport report = jvm.report(SOURCE, options.sampleInterval().toNanos(),
        options.threshold().toNanos(), live.available(), live.missing());
    return TimingMarks.mark(report, snapshots.latest(), detector);
  }

  /**
   * The thread pools whose threads all waited inside the application's tasks so far (see {@link
   * ThreadStacks}); empty while the stream has not started.
   */
  public List<ThreadStacks.BlockedPool> blockedPools() {
    LiveStream live = stream;
    return live == null ? List.of() : live.blockedPools();
  }

  /** What the JFR part knows about each timed method. */
  public MethodInsights insights() {
    return new MethodInsights() {
      @Override
      public MethodReport.Auto auto(MethodSnapshot method) {
        HotMethodDetector hot = detector;
        return hot == null ? null : hot.auto(method.method().key());
      }

      @Override
      public MethodReport.Evidence evidence(MethodSnapshot method) {
        EvidenceTracker tracker = evidence;
        return tracker == null ? null : tracker.evidence(method);
      }

      @Override
      public MethodReport.Arguments arguments(MethodSnapshot method) {
        ArgumentSampling sampling = arguments;
        return sampling == null ? null : sampling.arguments(method.method().key());
      }
    };
  }

  /**
   * The stream's thread, and its wait's question (whether the part was stopped): a class, not
   * lambdas, because it starts at the JVM's launch, where each lambda linked costs 0.3-0.5 ms.
   */
  private static final class Starting implements Runnable, BooleanSupplier {
    private final LiveJfr jfr;
    private final Thread after;
    private final Duration startWait;
    private final Thread main;

    Starting(LiveJfr jfr, Thread after, Duration startWait, Thread main) {
      this.jfr = jfr;
      this.after = after;
      this.startWait = startWait;
      this.main = main;
    }

    @Override
    public void run() {
      JfrStartup.awaitQuietly(after);
      jfr.run(startWait, main);
    }

    @Override
    public boolean getAsBoolean() {
      return jfr.stopped;
    }
  }
}
