package dev.overclock.agent;

import dev.overclock.bootstrap.Dispatcher;
import dev.overclock.config.Config;
import dev.overclock.config.Durations;
import dev.overclock.instrument.Instrumenter;
import dev.overclock.instrument.MemoizeInstrumentation;
import dev.overclock.instrument.OffloadInstrumentation;
import dev.overclock.instrument.TimedInstrumentation;
import dev.overclock.instrument.Weaving;
import dev.overclock.log.AgentLog;
import dev.overclock.memo.MemoPolicy;
import dev.overclock.memo.MemoRecorders;
import dev.overclock.metrics.CpuClock;
import dev.overclock.offload.Carrier;
import dev.overclock.offload.OffloadRecorders;
import dev.overclock.offload.OffloadSettings;
import dev.overclock.metrics.TimingRecorders;
import dev.overclock.report.Reporter;
import dev.overclock.select.MethodFilter;
import dev.overclock.select.MethodSelector;
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
      Dispatcher.setMemo(null);
      Dispatcher.setOffload(null);
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

    MethodSelector selector = MethodSelector.timing(config.timed(), config.include(), config.exclude());
    warnAboutReservedClasses("timed", config.timed(), warnings);
    warnAboutReservedClasses("memoize", config.memoize(), warnings);
    warnAboutReservedClasses("offload", config.offload(), warnings);
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

    // Offload first: the first weaving is applied outermost, so an offloaded call is timed (and
    // memoized) once, on the worker, around its body. Then timing, so it counts memoized hits too.
    List<Weaving> weavings = new ArrayList<>();
    OffloadRecorders offload = config.offloading()
        ? new OffloadRecorders(Carrier.detect(config.offloadThreads()))
        : null;
    if (offload != null) {
      weavings.add(OffloadInstrumentation.weaving(
          OffloadInstrumentation.selector(config.offload(), config.include(), config.exclude()),
          new OffloadSettings(config.offloadTimeout().toNanos(), config.offloadConcurrency(),
              config.offloadQueueTimeout() == null ? -1 : config.offloadQueueTimeout().toNanos()),
          offload));
    }
    if (config.timing()) {
      weavings.add(TimedInstrumentation.weaving(selector, recorders));
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
        new LiveReportSource(config, mode, recorders, memo, instrumenter, warnings);
    Reporter reporter = new Reporter(source, config.reportDir(), config.reportInterval());
    source.reporter(reporter);
    source.offload(offload);
    RunningAgent agent = new RunningAgent(config, instrumenter, reporter);
    agent.offload(offload);

    Dispatcher.setTiming(recorders);
    Dispatcher.setMemo(memo);
    Dispatcher.setOffload(offload);
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
    prepareInBackground(instrumenter);

    AgentLog.info(startLine(config, mode, reporter, config.timing(), offload));
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
   */
  private static void prepareInBackground(Instrumenter instrumenter) {
    if (instrumenter == null) {
      return;
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
      Config config, String mode, Reporter reporter, boolean timing, OffloadRecorders offload) {
    StringBuilder line = new StringBuilder();
    line.append(Version.get()).append(" started (").append(mode).append(", JDK ")
        .append(Runtime.version()).append("): ");
    if (timing) {
      line.append("timing @Timed methods");
      int filters = config.timed().size();
      if (filters > 0) {
        line.append(" and ").append(filters).append(filters == 1 ? " filter" : " filters");
      }
    } else {
      line.append("timing off");
    }
    if (config.cpu()) {
      line.append(", CPU sampled 1 in ").append(config.cpuEvery());
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
