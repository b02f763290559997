package dev.overclock.agent;

import dev.overclock.bootstrap.Dispatcher;
import dev.overclock.config.Config;
import dev.overclock.config.Durations;
import dev.overclock.config.JfrOptions;
import dev.overclock.control.ControlProtocol;
import dev.overclock.instrument.ArgumentsInstrumentation;
import dev.overclock.instrument.Instrumenter;
import dev.overclock.instrument.MemoizeInstrumentation;
import dev.overclock.instrument.OffloadInstrumentation;
import dev.overclock.instrument.TimedInstrumentation;
import dev.overclock.instrument.Weaving;
import dev.overclock.log.AgentLog;
import dev.overclock.memo.MemoPolicy;
import dev.overclock.memo.MemoRecorders;
import dev.overclock.memo.MemoSettings;
import dev.overclock.optimize.AutoMemoizer;
import dev.overclock.purity.PurityGate;
import dev.overclock.metrics.ArgumentSamples;
import dev.overclock.metrics.CpuClock;
import dev.overclock.metrics.Snapshots;
import dev.overclock.metrics.TimingRecorders;
import dev.overclock.metrics.TimingSampling;
import dev.overclock.offload.Carrier;
import dev.overclock.offload.OffloadSettings;
import dev.overclock.offload.PoolSubstitution;
import dev.overclock.instrument.ExecutorSiteTransformer;
import dev.overclock.offload.Offloader;
import dev.overclock.report.Reporter;
import dev.overclock.select.CodeChange;
import dev.overclock.select.MethodFilter;
import dev.overclock.select.MethodSelector;
import dev.overclock.select.RuntimeSelection;
import dev.overclock.version.Version;
import java.lang.instrument.Instrumentation;
import java.nio.file.FileSystems;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Starts the agent once the bootstrap bridge is in place: checks, configuration, recorders,
 * instrumentation, reports. Each feature that cannot start is left off with one line; the
 * application always starts.
 *
 * <p>Attaching to a JVM where the agent already runs replaces its options instead of starting a
 * second agent ({@link RunningAgent#update}); a detached agent releases the JVM, so that a later
 * attach starts afresh. Every life-cycle change holds this class's lock.
 */
final class AgentStarter {

  /** Pause between batches of retransformed classes in a JVM that is already running. */
  static final long ATTACH_BATCH_PAUSE_MILLIS = 20;

  private static final AtomicReference<RunningAgent> running = new AtomicReference<>();

  private AgentStarter() {}

  /** When a start happens, which decides how it treats the classes already loaded. */
  enum Moment {
    /** {@code premain}, before the application's {@code main}: only JDK classes are loaded. */
    LAUNCH("premain"),
    /**
     * {@code premain}'s start put off until the application's start was over ({@link
     * DeferredStart}): the application runs, and no class it loaded needs advice (its watch saw
     * every class load, none uses Overclock's annotations, and no filter names methods).
     */
    AFTER_APPLICATION_START("premain"),
    /**
     * {@code premain}'s start run on a thread of its own from the JVM's launch, beside the
     * application's {@code main} ({@link DeferredStart}): a class that uses Overclock's
     * annotations, or that a filter may name, waits as it loads (its watch) until the transformer
     * is in place, and no other class loaded meanwhile needs advice.
     */
    BESIDE_LAUNCH("premain"),
    /** {@code agentmain}: the application runs, and any class it loaded may need advice. */
    ATTACH("attach");

    /** How the agent came into this JVM, as the report, {@code status} and the log say it. */
    final String mode;

    Moment(String mode) {
      this.mode = mode;
    }
  }

  /**
   * Starts with a configuration {@link StartupDecision} accepted; the bridge is in place. At
   * {@link Moment#LAUNCH}, on the application's main thread.
   */
  static void start(Config config, Instrumentation instrumentation, Moment moment) {
    start(config, instrumentation, moment,
        moment == Moment.LAUNCH ? Thread.currentThread() : null, () -> { });
  }

  /**
   * @param launchMain the application's main thread, at {@link Moment#LAUNCH} and {@link
   *     Moment#BESIDE_LAUNCH}: the JFR part's start waits until its start is over
   * @param transforming runs once the agent's transformer is in place (classes that load from
   *     then on get their advice), before the rest of the start
   */
  static synchronized void start(Config config, Instrumentation instrumentation, Moment moment,
      Thread launchMain, Runnable transforming) {
    String mode = moment.mode;
    String owner = Dispatcher.claim(mode + " of Overclock " + Version.get());
    if (owner != null) {
      AgentLog.warn("already running in this JVM (" + owner + "); this second start is ignored");
      return;
    }
    try {
      running.set(startClaimed(config, instrumentation, moment, launchMain, transforming));
      System.setProperty(ControlProtocol.AGENT_PROPERTY, Version.get() + " " + mode);
    } catch (Throwable t) {
      Dispatcher.setTiming(null);
      Dispatcher.setArguments(null);
      Dispatcher.setMemo(null);
      Dispatcher.setOffload(null);
      Dispatcher.setPools(null);
      Dispatcher.release();
      throw t;
    }
  }

  /**
   * The program ended before the start {@link DeferredStart} put off: builds the parts without
   * changing anything in the JVM (no transformer, thread or JFR) and writes the final report, as
   * a started agent would have at exit with nothing timed yet. Runs in the exit hook premain
   * registered; the bridge is in place.
   */
  static synchronized void finishUnstarted(Config config, Instrumentation instrumentation) {
    String owner = Dispatcher.claim("premain of Overclock " + Version.get());
    if (owner != null) {
      return; // another copy runs and finishes itself
    }
    AgentParts parts = prepare(config, instrumentation, "premain", null);
    parts.source().endedBeforeStart();
    RunningAgent agent = new RunningAgent(instrumentation, "premain", parts);
    running.set(agent);
    AgentLog.info(startLine(config, "premain", parts.reporter(), config.timing().on(),
        parts.offload()));
    agent.finish();
  }

  /**
   * {@code agentmain}: starts the agent, or gives the running one the new options; then opens the
   * control channel.
   *
   * @return the outcome for the command line: {@code started}, {@code updated} or {@code off:
   *     <why>}, with {@code ; control channel off: <why>} appended when the channel cannot open
   */
  static synchronized String attach(Config config, Instrumentation instrumentation) {
    RunningAgent agent = running.get();
    String outcome;
    if (agent != null) {
      agent.update(config);
      outcome = "updated";
    } else {
      start(config, instrumentation, Moment.ATTACH);
      agent = running.get();
      if (agent == null) {
        return "off: another copy of Overclock runs in this JVM";
      }
      outcome = "started";
    }
    String channel = agent.openControl();
    return channel == null ? outcome : outcome + "; control channel off: " + channel;
  }

  /**
   * Opens the control channel of the agent running here (started by {@code -javaagent}, which
   * opens none).
   *
   * @return the outcome, as for {@link #attach}
   */
  static synchronized String openControl() {
    RunningAgent agent = running.get();
    if (agent == null) {
      return "off: Overclock is not running in this JVM";
    }
    String channel = agent.openControl();
    return channel == null ? "control" : "off: control channel off: " + channel;
  }

  /**
   * Called by a detached agent, holding its own lock (so not this class's: an attach holds this
   * class's lock and then takes the agent's): the JVM is free for a later start.
   */
  static void detached(RunningAgent agent) {
    if (running.compareAndSet(agent, null)) {
      System.clearProperty(ControlProtocol.AGENT_PROPERTY);
      System.clearProperty(ControlProtocol.RESULT_PROPERTY);
      Instrumenter.forgetSystemProperty();
      Dispatcher.release();
    }
  }

  /**
   * Prepares every part first (the work that can fail on bad input), then changes the JVM: the
   * transformer, the exit hook, the report thread. If one of those changes fails, the ones made
   * before are undone, so a failed start leaves no transformer, hook or thread behind.
   */
  private static RunningAgent startClaimed(Config config, Instrumentation instrumentation,
      Moment moment, Thread launchMain, Runnable transforming) {
    String mode = moment.mode;
    long startNanos = System.nanoTime();
    // Warm up the default file system before any transformer can run: loading it from inside a
    // class file transformer can deadlock (JDK-8194653).
    FileSystems.getDefault();

    AgentParts parts = prepare(config, instrumentation, mode, null);
    if (moment != Moment.LAUNCH && parts.instrumenter() != null) {
      // The application runs already (attach, or a start put off): it keeps serving while the
      // classes it loaded are changed.
      parts.instrumenter().pausingBetweenBatches(ATTACH_BATCH_PAUSE_MILLIS);
    }
    RunningAgent agent = new RunningAgent(instrumentation, mode, parts);

    Dispatcher.setTiming(parts.recorders());
    Dispatcher.setArguments(parts.argumentSamples());
    Dispatcher.setMemo(parts.memo());
    Dispatcher.setOffload(parts.offload());
    try {
      if (parts.instrumenter() != null) {
        // After the application's start (or beside it), the classes it loaded need no advice
        // (see Moment): reading each one's class file again to find that out took 1.5 s on the
        // http workload.
        parts.instrumenter().install(moment == Moment.LAUNCH || moment == Moment.ATTACH);
      }
      transforming.run();
      agent.pools(startPools(config, instrumentation, parts.timingSelector(),
          parts.instrumenter()));
      agent.finishAtExit();
      parts.reporter().start();
    } catch (Throwable t) {
      agent.abandon();
      throw t;
    }
    AgentLog.info(startLine(config, mode, parts.reporter(), config.timing().on(), parts.offload()));
    agent.startAdviceAndJfr(launchMain);
    agent.startGovernor();
    agent.startPrometheus();
    // Last: main no longer waits for the start, and the advice thread's warm-ups started first.
    parts.source().readProcess();
    AgentLog.debug(
        "started in " + (System.nanoTime() - startNanos) / 1_000_000 + " ms, its classes from "
            + classSource(mode));
    return agent;
  }

  /**
   * Where the agent's classes load from: with {@code -javaagent}, the bootstrap class path that the
   * jar's {@code Boot-Class-Path} names (natively, unverified: about 0.1 s of start-up less than
   * through the application class loader), unless the jar was renamed; on attach, the application
   * class path (see {@code cli.AttachJar}).
   */
  static String classSource(String mode) {
    if (OverclockAgent.class.getClassLoader() == null) {
      return "the bootstrap class path";
    }
    return "the application class path" + (mode.equals("premain")
        ? " (the jar is not named overclock-agent.jar: its Boot-Class-Path found no jar)"
        : "");
  }

  /**
   * Builds the parts of a configuration without changing anything in the JVM.
   *
   * @param continuing the parts this configuration replaces, whose figures go on if the two
   *     record alike; {@code null} for a new start
   */
  static AgentParts prepare(
      Config config, Instrumentation instrumentation, String mode, AgentParts continuing) {
    List<String> warnings = new ArrayList<>();
    CpuClock cpuClock = null;
    if (config.timing().cpu()) {
      try {
        cpuClock = CpuClock.jvm();
      } catch (UnsupportedOperationException e) {
        warnings.add("cpu=true: " + e.getMessage() + "; CPU measurement is off");
      }
    }
    boolean goOn = continuing != null
        && config.timing().cpu() == continuing.config().timing().cpu()
        && config.timing().cpuEvery() == continuing.config().timing().cpuEvery()
        && config.timing().exact() == continuing.config().timing().exact()
        && config.timing().sampleEvery() == continuing.config().timing().sampleEvery();
    TimingSampling sampling = config.timing().exact()
        ? TimingSampling.EXACT
        : TimingSampling.auto(config.timing().sampleEvery());
    TimingRecorders recorders = goOn
        ? continuing.recorders()
        : new TimingRecorders(cpuClock, config.timing().cpuEvery(), sampling);
    Snapshots snapshots = goOn ? continuing.snapshots() : new Snapshots(recorders);

    // Hot methods found by sampling join the timing selection at run time; CPU-bound timed
    // methods get the argument-sampling advice for a while. Both need the JFR stream and timing.
    JfrOptions jfr = config.jfr();
    boolean auto = jfr.stream() && jfr.auto() && config.timing().on();
    RuntimeSelection autoTiming = auto ? new RuntimeSelection() : null;
    RuntimeSelection argumentSelection = auto ? new RuntimeSelection() : null;
    ArgumentSamples argumentSamples = auto ? new ArgumentSamples() : null;
    MethodSelector selector =
        MethodSelector.timing(config.timing().filters(), config.scope().include(),
            config.scope().exclude(), autoTiming);
    warnAboutReservedClasses("timed", config.timing().filters(), warnings);
    warnAboutReservedClasses("memoize", config.memo().filters(), warnings);
    warnAboutReservedClasses("offload", config.offload().filters(), warnings);
    warnings.addAll(UnmatchedFilters.atStart(config, ClassLoader.getSystemClassLoader()));
    for (String warning : warnings) { // a loop, not a method reference: see DeferredStart.Step
      AgentLog.warn(warning);
    }

    // Offload first: the first weaving is applied outermost, so an offloaded call is timed (and
    // memoized) once, on the worker, around its body. Then timing, so that it counts memoized
    // hits too; argument sampling next, so that it sees every call, hits included.
    List<Weaving> weavings = new ArrayList<>();
    Offloader offload = config.offload().on()
        ? new Offloader(Carrier.detect(config.offload().threads()))
        : null;
    if (offload != null) {
      weavings.add(OffloadInstrumentation.weaving(
          OffloadInstrumentation.selector(config.offload().filters(), config.scope().include(),
              config.scope().exclude()),
          new OffloadSettings(config.offload().timeout().toNanos(), config.offload().concurrency(),
              config.offload().queueTimeout() == null
                  ? -1
                  : config.offload().queueTimeout().toNanos()),
          offload));
    }
    if (config.timing().on()) {
      weavings.add(TimedInstrumentation.weaving(selector, recorders));
    }
    if (argumentSelection != null) {
      weavings.add(ArgumentsInstrumentation.weaving(MethodSelector.runtimeOnly(
          argumentSelection, config.scope().include(), config.scope().exclude()), recorders));
    }
    // Memoization keeps its recorders while it stays on: a class still woven for the previous
    // options passes the same id for the same method, so no call can meet another's cache.
    MemoRecorders memo = !config.memo().on() ? null
        : continuing != null && continuing.memo() != null ? continuing.memo() : new MemoRecorders();
    // auto=optimize: hot methods memoized on evidence join the memoization's selection at run
    // time, with settings of their own (see AutoMemoizer); it needs the hot-method detector.
    RuntimeSelection autoMemo =
        memo != null && auto && config.memo().onEvidence() ? new RuntimeSelection() : null;
    Map<String, MemoSettings> autoMemoSettings = new ConcurrentHashMap<>();
    if (memo != null) {
      memo.showValues(config.memo().showValues());
      weavings.add(MemoizeInstrumentation.weaving(
          MemoizeInstrumentation.selector(config.memo().filters(), config.scope().include(),
              config.scope().exclude(), autoMemo),
          new MemoPolicy(config.memo().unsafe(), config.memo().overrides()),
          memo, autoMemoSettings));
    }
    Instrumenter instrumenter =
        weavings.isEmpty() ? null : Instrumenter.create(instrumentation, weavings);
    if (instrumenter != null && !mode.equals("premain")) {
      instrumenter.pausingBetweenBatches(ATTACH_BATCH_PAUSE_MILLIS);
    }
    LiveReportSource source = new LiveReportSource(config, mode, recorders, snapshots, memo, instrumenter,
        warnings, goOn ? continuing.source() : null);
    Reporter reporter = new Reporter(source, config.report().dir(), config.report().interval());
    source.reporter(reporter);
    source.offload(offload);
    if (autoMemo != null && instrumenter != null) {
      source.autoMemoizer(new AutoMemoizer(autoMemo, autoMemoSettings, instrumenter, memo,
          new PurityGate(), config.jfr().sampleInterval().toNanos()));
    }
    return new AgentParts(config, recorders, snapshots, memo, offload, instrumenter, source, reporter,
        config.prometheus(),
        selector, argumentSelection, argumentSamples);
  }

  /**
   * {@code offload.executors=virtual}: the pool substitution behind the bridge, and the transformer
   * that rewrites pool-creating call sites in classes loaded from now on. On a JDK without virtual
   * threads the sites are rewritten all the same, so that the report lists the pools, but every
   * pool runs as written (its tasks only counted) and one line says so. Under {@code
   * auto=optimize} without {@code offload.executors} a pool moves on evidence only (its tasks
   * wait and tasks wait in its queue).
   *
   * @return the substitution, or {@code null} when thread pools are left alone
   */
  private static PoolSubstitution startPools(Config config, Instrumentation instrumentation,
      MethodSelector scope, Instrumenter instrumenter) {
    if (!config.offload().executors()) {
      return null;
    }
    PoolSubstitution pools;
    if (!PoolSubstitution.supported() && config.offload().executorsOnEvidence()) {
      return null; // auto=optimize on a JDK without virtual threads: pools are not its business
    }
    if (!PoolSubstitution.supported()) {
      AgentLog.info("offload.executors=virtual: JDK " + Runtime.version().feature()
          + " has no virtual threads (21+); thread pools stay on platform threads, nothing"
          + " changed (the report lists where they are created)");
      pools = PoolSubstitution.reportOnly();
    } else if (config.offload().executorsOnEvidence()) {
      pools = PoolSubstitution.onEvidence(config.offload().executorsMax(),
          ModuleLayer.boot().findModule("jdk.jfr").isPresent());
    } else {
      pools = new PoolSubstitution(config.offload().executorsMax(),
          ModuleLayer.boot().findModule("jdk.jfr").isPresent());
    }
    pools.install();
    CodeChange.Listener audit = change -> {
      AgentLog.debug("thread pools: " + change.action() + " " + change.className() + " "
          + change.methods() + ": " + change.reason());
      if (instrumenter != null) {
        instrumenter.record(change); // to the overclock.CodeChange JFR events
      }
    };
    pools.listener(change -> audit.changed(new CodeChange(change.at(),
        change.site().contains("::") ? change.site().substring(0, change.site().indexOf("::"))
            : change.site(),
        "switched", "executors", List.of(change.site()),
        "to " + change.to() + " threads: " + change.reason())));
    ExecutorSiteTransformer sites =
        new ExecutorSiteTransformer(name -> !scope.isIgnoredClass(name), audit)
            .install(instrumentation);
    pools.onClose(() -> instrumentation.removeTransformer(sites));
    return pools;
  }

  private static void warnAboutReservedClasses(
      String option, List<MethodFilter> filters, List<String> warnings) {
    for (MethodFilter filter : filters) {
      String named = filter.namedClass() != null ? filter.namedClass() : filter.namedPackage();
      if (named != null && MethodSelector.isReservedClass(named)) {
        warnings.add(option + " filter " + filter + " names JDK or agent classes, which Overclock"
            + " never instruments; it selects nothing");
      }
    }
  }

  /**
   * The JDK's version as {@link Runtime#version()} writes it: the {@code java.runtime.version}
   * property holds that text, without {@code Runtime.Version.toString}'s stream (3-4 ms of the
   * start thread's time at the JVM's launch).
   */
  private static String javaVersion() {
    String version = System.getProperty("java.runtime.version");
    return version == null || version.isEmpty() ? Runtime.version().toString() : version;
  }

  static String startLine(
      Config config, String mode, Reporter reporter, boolean timing, Offloader offload) {
    StringBuilder line = new StringBuilder();
    line.append(Version.get()).append(" started (").append(mode).append(", JDK ")
        .append(javaVersion()).append("): ");
    line.append(description(config, reporter, timing, offload));
    return line.toString();
  }

  /** What the agent does with this configuration: {@code timing @Timed methods; report ...}. */
  static String description(
      Config config, Reporter reporter, boolean timing, Offloader offload) {
    StringBuilder line = new StringBuilder();
    if (timing) {
      line.append("timing @Timed methods");
      int filters = config.timing().filters().size();
      if (filters > 0) {
        line.append(", ").append(filters).append(filters == 1 ? " filter" : " filters");
      }
      if (config.jfr().stream() && config.jfr().auto()) {
        line.append(" and hot methods (auto)");
      }
    } else {
      line.append("timing off");
    }
    if (config.timing().cpu()) {
      line.append(", CPU sampled 1 in ").append(config.timing().cpuEvery());
    }
    if (config.jfr().stream()) {
      line.append(", JFR stream");
    }
    if (config.offload().executors() && PoolSubstitution.supported()) {
      line.append(config.offload().executorsOnEvidence()
          ? ", thread pools on virtual threads on evidence (auto=optimize)"
          : ", thread pools on virtual threads when their tasks wait");
    }
    if (offload != null) {
      line.append(", offload on ").append(offload.carrier().describe());
      if (offload.carrier().kind().equals("virtual")) {
        line.append(" (").append(offload.pinningWatch()).append(')');
      }
    }
    if (reporter.dir() == null) {
      line.append("; no report files");
    } else {
      line.append("; report ");
      if (!config.report().interval().isZero()) {
        line.append("every ").append(Durations.format(config.report().interval()))
            .append(" and ");
      }
      line.append("at exit in ").append(reporter.dir());
    }
    return line.toString();
  }

  /** The agent running in this JVM, or null. */
  static RunningAgent running() {
    return running.get();
  }
}
