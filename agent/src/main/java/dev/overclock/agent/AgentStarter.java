package dev.overclock.agent;

import dev.overclock.bootstrap.Dispatcher;
import dev.overclock.config.Config;
import dev.overclock.config.Durations;
import dev.overclock.config.JfrOptions;
import dev.overclock.instrument.ArgumentsInstrumentation;
import dev.overclock.instrument.Instrumenter;
import dev.overclock.instrument.MemoizeInstrumentation;
import dev.overclock.instrument.TimedInstrumentation;
import dev.overclock.instrument.Weaving;
import dev.overclock.jfr.LiveJfr;
import dev.overclock.log.AgentLog;
import dev.overclock.metrics.ArgumentSamples;
import dev.overclock.memo.MemoPolicy;
import dev.overclock.memo.MemoRecorders;
import dev.overclock.metrics.CpuClock;
import dev.overclock.metrics.Snapshots;
import dev.overclock.metrics.TimingRecorders;
import dev.overclock.report.Reporter;
import dev.overclock.select.MethodFilter;
import dev.overclock.select.MethodSelector;
import dev.overclock.select.RuntimeSelection;
import java.lang.instrument.Instrumentation;
import dev.overclock.prometheus.PrometheusEndpoint;
import java.nio.file.FileSystems;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the agent once the bootstrap bridge is in place: checks, configuration, recorders,
 * instrumentation, reports. Each feature that cannot start is left off with one line; the
 * application always starts.
 */
final class AgentStarter {

  private static volatile RunningAgent running;

  private AgentStarter() {}

  /** Starts with a configuration {@link StartupDecision} accepted; the bridge is in place. */
  static void start(Config config, Instrumentation instrumentation, String mode) {
    String owner = Dispatcher.claim(mode + " of Overclock " + Version.get());
    if (owner != null) {
      AgentLog.warn("already running in this JVM (" + owner + "); this second start is ignored");
      return;
    }
    try {
      running = startClaimed(config, instrumentation, mode);
    } catch (Throwable t) {
      Dispatcher.setTiming(null);
      Dispatcher.setArguments(null);
      Dispatcher.setMemo(null);
      Dispatcher.release();
      throw t;
    }
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
   * Prepares every part first (the work that can fail on bad input), then changes the JVM: the
   * transformer, the exit hook, the report thread. If one of those changes fails, the ones made
   * before are undone, so a failed start leaves no transformer, hook or thread behind.
   */

  private static RunningAgent startClaimed(
      Config config, Instrumentation instrumentation, String mode) {
    long startNanos = System.nanoTime();
    // Warm up the default file system before any transformer can run: loading it from inside a
    // class file transformer can deadlock (JDK-8194653).
    FileSystems.getDefault();

    List<String> warnings = new ArrayList<>();
    CpuClock cpuClock = null;
    if (config.cpu()) {
      try {
        cpuClock = CpuClock.jvm();
      } catch (UnsupportedOperationException e) {
        warnings.add("cpu=true: " + e.getMessage() + "; CPU measurement is off");
      }
    }
    TimingRecorders recorders = new TimingRecorders(cpuClock, config.cpuEvery());
    Snapshots snapshots = new Snapshots(recorders);

    // Hot methods found by sampling join the timing selection at run time; CPU-bound timed
    // methods get the argument-sampling advice for a while. Both need the JFR stream and timing.
    JfrOptions jfr = config.jfr();
    boolean auto = jfr.stream() && jfr.auto() && config.timing();
    RuntimeSelection autoTiming = auto ? new RuntimeSelection() : null;
    RuntimeSelection argumentSelection = auto ? new RuntimeSelection() : null;
    ArgumentSamples argumentSamples = auto ? new ArgumentSamples() : null;
    MethodSelector selector =
        MethodSelector.timing(config.timed(), config.include(), config.exclude(), autoTiming);
    warnAboutReservedClasses("timed", config.timed(), warnings);
    warnAboutReservedClasses("memoize", config.memoize(), warnings);
    boolean prometheus = config.prometheus() != null;
    if (prometheus && ModuleLayer.boot().findModule("jdk.httpserver").isEmpty()) {
      // A jlink image without the module, or an application launched as a module (-m), whose
      // boot layer resolves only what the main module requires.
      warnings.add("could not start the Prometheus endpoint: this JVM has no jdk.httpserver"
          + " module (add --add-modules jdk.httpserver); it is off, the application is"
          + " unaffected");
      prometheus = false;
    }
    warnings.forEach(AgentLog::warn);

    // Timing first: the first weaving is applied outermost, so timing counts memoized hits too;
    // argument sampling next, so that it sees every call, hits included.
    List<Weaving> weavings = new ArrayList<>();
    if (config.timing()) {
      weavings.add(TimedInstrumentation.weaving(selector, recorders));
    }
    if (argumentSelection != null) {
      weavings.add(ArgumentsInstrumentation.weaving(MethodSelector.runtimeOnly(
          argumentSelection, config.include(), config.exclude()), recorders));
    }
    MemoRecorders memo = config.memoization() ? new MemoRecorders() : null;
    if (memo != null) {
      weavings.add(MemoizeInstrumentation.weaving(
          MemoizeInstrumentation.selector(config.memoize(), config.include(), config.exclude()),
          new MemoPolicy(config.memoizeUnsafe(), config.memoizeOverrides()),
          memo));
    }
    Instrumenter instrumenter =
        weavings.isEmpty() ? null : Instrumenter.create(instrumentation, weavings);
    LiveReportSource source =
        new LiveReportSource(config, mode, recorders, snapshots, memo, instrumenter, warnings);
    Reporter reporter = new Reporter(source, config.reportDir(), config.reportInterval());
    source.reporter(reporter);
    RunningAgent agent = new RunningAgent(config, instrumenter, reporter);

    Dispatcher.setTiming(recorders);
    Dispatcher.setArguments(argumentSamples);
    Dispatcher.setMemo(memo);
    try {
      if (instrumenter != null) {
        instrumenter.install();
      }
      agent.finishAtExit();
      reporter.start();
    } catch (Throwable t) {
      agent.abandon();
      throw t;
    }
    Thread preparing = prepareInBackground(instrumenter);

    AgentLog.info(startLine(config, mode, reporter, config.timing()));
    if (jfr.stream()) {
      // After the transformer is in place (and the start line is out), on a thread of its own
      // that first lets the advice be built: starting JFR takes a few hundred milliseconds of
      // CPU, which must neither delay the application nor compete with the agent's own start.
      LiveJfr live = LiveJfr.start(jfr, instrumenter, recorders, snapshots, selector,
          argumentSelection, argumentSamples, !config.include().isEmpty(),
          memo == null ? null : memo::snapshot, preparing);
      source.jfr(live);
      agent.jfr(live);
    } else if (instrumenter != null) {
      instrumenter.onChange(change -> {}); // nobody records code changes: keep none
    }
    if (prometheus) {
      startPrometheus(config.prometheus(), source, agent);
    }
    AgentLog.debug(
        "started in " + (System.nanoTime() - startNanos) / 1_000_000 + " ms");
    return agent;
  }

  /**
   * Builds the advice on a daemon thread, while the JVM and the application start: work that
   * would otherwise delay {@code premain} by a few hundred milliseconds. The transformer waits for
   * it at the first class that needs advice.
   *
   * @return the thread, or {@code null} when there is nothing to prepare
   */
  private static Thread prepareInBackground(Instrumenter instrumenter) {
    if (instrumenter == null) {
      return null;
    }
    Thread init = new Thread(() -> {
      try {
        instrumenter.prepare();
      } catch (Throwable t) {
        AgentLog.debug("background preparation failed: " + t);
      }
    }, "overclock-init");
    init.setDaemon(true);
    init.start();
    return init;
  }

  /**
   * Starts the Prometheus endpoint. It binds on its own thread and prints its own
   * line (where it listens, or why it is off); failing here leaves only the endpoint off.
   */
  private static void startPrometheus(
      Config.Prometheus settings, LiveReportSource source, RunningAgent agent) {
    Duration window = settings.window();
    try {
      PrometheusEndpoint endpoint =
          PrometheusEndpoint.start(settings, () -> source.scrape(window));
      source.endpoint(endpoint);
      agent.endpoint(endpoint);
    } catch (RuntimeException | Error e) {
      AgentLog.warn("could not start the Prometheus endpoint (" + e + "); it is off, the"
          + " application is unaffected");
    }
  }

  private static String startLine(
      Config config, String mode, Reporter reporter, boolean timing) {
    StringBuilder line = new StringBuilder();
    line.append(Version.get()).append(" started (").append(mode).append(", JDK ")
        .append(Runtime.version()).append("): ");
    if (timing) {
      line.append("timing @Timed methods");
      int filters = config.timed().size();
      if (filters > 0) {
        line.append(", ").append(filters).append(filters == 1 ? " filter" : " filters");
      }
      if (config.jfr().stream() && config.jfr().auto()) {
        line.append(" and hot methods (auto)");
      }
    } else {
      line.append("timing off");
    }
    if (config.cpu()) {
      line.append(", CPU sampled 1 in ").append(config.cpuEvery());
    }
    if (config.jfr().stream()) {
      line.append(", JFR stream");
    }
    if (reporter.dir() == null) {
      line.append("; no report files");
    } else {
      line.append("; report ");
      if (!config.reportInterval().isZero()) {
        line.append("every ").append(Durations.format(config.reportInterval()))
            .append(" and ");
      }
      line.append("at exit in ").append(reporter.dir());
    }
    return line.toString();
  }

  /** The agent running in this JVM, or null. */
  static RunningAgent running() {
    return running;
  }
}
