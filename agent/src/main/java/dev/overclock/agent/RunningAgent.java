package dev.overclock.agent;

import dev.overclock.bootstrap.Dispatcher;
import dev.overclock.config.Config;
import dev.overclock.config.PrometheusOptions;
import dev.overclock.control.ControlException;
import dev.overclock.control.ControlHandler;
import dev.overclock.control.ControlProtocol;
import dev.overclock.control.ControlServer;
import dev.overclock.control.StatusMessage;
import dev.overclock.governor.OverheadControl;
import dev.overclock.instrument.Instrumenter;
import dev.overclock.jfr.LiveJfr;
import dev.overclock.log.AgentLog;
import dev.overclock.memo.MemoRecorders;
import dev.overclock.offload.Offloader;
import dev.overclock.prometheus.PrometheusEndpoint;
import dev.overclock.report.Report;
import dev.overclock.report.Reporter;
import dev.overclock.report.SummaryTable;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The agent while it runs in a JVM: what it installed, and how to finish (write the final report
 * at exit), change its options (attach again), or detach (take every change out again).
 *
 * <h2>Detach leaves the JVM as it was</h2>
 *
 * {@link #detach} turns memoization off in the bridge first (from then on every body runs as
 * written), removes the transformer and retransforms every class it changed (timing and
 * memoization advice alike), so the JVM re-derives them from their original class files; swaps
 * the no-op timing sink back into the bridge; stops every thread the agent started (JFR stream, report,
 * advice preparation, control channel, Prometheus endpoint, whose port is closed); removes the
 * exit hook and the marker properties; writes the final report; empties the memoization caches
 * (and wakes any caller waiting for a result in flight); and releases the JVM, so that a later
 * attach starts clean. What cannot be taken back is the JVM's own: the bridge and
 * agent classes stay loaded (a class is unloaded only with its loader), and the JVM keeps its
 * record of each agent loaded into it.
 *
 * <p>Every method holds this object's lock: the attach thread, the control channel's thread and
 * the exit hook never interleave their changes.
 */
final class RunningAgent implements ControlHandler {

  private static final long JOIN_MILLIS = 10_000;

  private final Instrumentation instrumentation;
  private final String mode;
  // volatile: the Prometheus endpoint's thread reads the current parts without this lock
  private volatile AgentParts parts;

  /** {@code offload.executors=virtual}; {@code null} when thread pools are left alone. */
  private volatile dev.overclock.offload.PoolSubstitution pools;
  private boolean finished;
  private Thread exitHook;
  private Thread preparing;
  private volatile LiveJfr jfr; // volatile: the governor's thread sheds through it
  private OverheadControl governor;
  private ControlServer control;
  private PrometheusEndpoint endpoint;

  RunningAgent(Instrumentation instrumentation, String mode, AgentParts parts) {
    this.instrumentation = instrumentation;
    this.mode = mode;
    this.parts = parts;
  }

  /** Registers {@link #finish} to run at JVM exit. */
  synchronized void finishAtExit() {
    Thread hook = new Thread(this::finishQuietly, "overclock-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    exitHook = hook;
  }

  /**
   * Builds the advice on a daemon thread, while the JVM and the application start: work that
   * would otherwise delay {@code premain} by a few hundred milliseconds. The transformer waits for
   * it at the first class that needs advice.
   */
  synchronized void prepareInBackground() {
    Instrumenter instrumenter = parts.instrumenter();
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
    preparing = init;
  }

  /**
   * Undoes a start that failed half-way: removes the transformer (restoring any class it
   * changed), the exit hook and the report thread, without writing a report. Never throws.
   */
  /** The thread-pool substitution, fixed for the agent's life (an attach update keeps it). */
  void pools(dev.overclock.offload.PoolSubstitution substitution) {
    pools = substitution;
    parts.source().pools(substitution);
  }

  dev.overclock.offload.PoolSubstitution pools() {
    return pools;
  }

  private void closePools() {
    dev.overclock.offload.PoolSubstitution substitution = pools;
    if (substitution != null) {
      pools = null;
      substitution.close();
    }
  }

  synchronized void abandon() {
    finished = true;
    closePools();
    Dispatcher.setMemo(null);
    Dispatcher.setOffload(null);
    Dispatcher.setArguments(null);
    stopGovernor();
    stopJfr();
    stopPrometheus();
    removeExitHook();
    try {
      parts.reporter().stop();
    } catch (RuntimeException e) {
      // nothing was started
    }
    try {
      if (parts.instrumenter() != null) {
        parts.instrumenter().reset();
      }
    } catch (RuntimeException | LinkageError e) {
      // best effort: classes keep working either way
    }
    closeOffload(parts.offload());
  }

  /** Writes the final report and prints the summary; runs once, at JVM exit. */
  synchronized void finish() {
    if (finished) {
      return;
    }
    finished = true;
    closeControl();
    Offloader offload = parts.offload();
    if (offload != null) {
      // JFR's own exit hook may stop the pinning stream first: take in its last events now.
      offload.drainPinning();
    }
    Reporter reporter = parts.reporter();
    Report report = reporter.finish();
    if (parts.config().report().summary()) {
      AgentLog.block(SummaryTable.render(report, parts.config().report().summaryTop()));
      SummaryTable.memoLines(report).forEach(AgentLog::info);
      SummaryTable.offloadLines(report).forEach(AgentLog::info);
      String overhead = SummaryTable.overheadLine(report);
      if (overhead != null) {
        AgentLog.info(overhead);
      }
      dev.overclock.offload.PoolSubstitution substitution = pools;
      if (substitution != null) {
        substitution.summaryLines().forEach(AgentLog::info);
      }
    }
    UnmatchedFilters.sinceStart(parts.config(), List.of()).forEach(AgentLog::warn);
    if (reporter.dir() != null && reporter.writeErrors() == 0) {
      AgentLog.info("report: " + reporter.dir().resolve("report.html"));
    }
  }

  /**
   * Starts the JFR part (live stream, hot-method detection, Overclock's events) when the options
   * ask for it: after the transformer is in place, on a thread of its own that first lets the
   * advice be built, because starting JFR takes a few hundred milliseconds of CPU that must
   * neither delay the application nor compete with the agent's own start.
   */
  synchronized void startJfr() {
    AgentParts current = parts;
    Config config = current.config();
    if (config.jfr().stream()) {
      MemoRecorders memo = current.memo();
      Offloader offload = current.offload();
      jfr = LiveJfr.start(config.jfr(), current.instrumenter(), current.recorders(),
          current.snapshots(), current.timingSelector(), current.argumentSelection(),
          current.argumentSamples(), !config.scope().include().isEmpty(),
          memo == null ? null : memo::snapshot, offload == null ? null : offload::figures,
          preparing);
      current.source().jfr(jfr);
    } else if (current.instrumenter() != null) {
      current.instrumenter().onChange(change -> {}); // nobody records code changes: keep none
    }
  }

  /**
   * Starts the overhead governor (see {@link OverheadControl}): it measures what the agent costs
   * from the end of its start on, and sheds work over {@code overhead.budget}. Its calibration
   * and measurements run on a thread of its own.
   */
  synchronized void startGovernor() {
    AgentParts current = parts;
    OverheadControl control = new OverheadControl(current.config().overhead().budget(),
        current.recorders(), (step, on) -> {
          LiveJfr live = jfr;
          if (live != null) {
            live.shed(step, on);
          }
        });
    LiveJfr live = jfr;
    control.start(live != null, () -> live == null || live.settled());
    current.source().overhead(control);
    governor = control;
  }

  private void stopGovernor() {
    OverheadControl control = governor;
    if (control != null) {
      governor = null;
      control.stop();
    }
  }

  /** Stops the JFR part, if it runs: its stream, event hooks and run-time selections. */
  private void stopJfr() {
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
  }

  /**
   * Starts the Prometheus endpoint when the options ask for one. It binds on its own thread and
   * prints its own line (where it listens, or why it is off); failing here leaves only the
   * endpoint off.
   */
  synchronized void startPrometheus() {
    PrometheusOptions settings = parts.prometheus();
    if (settings == null || endpoint != null) {
      return;
    }
    try {
      // Reads the parts current at each scrape: the endpoint outlives an update that keeps it.
      endpoint = PrometheusEndpoint.start(
          settings, () -> parts.source().scrape(settings.window()));
      parts.source().endpoint(endpoint);
    } catch (RuntimeException | Error e) {
      AgentLog.warn("could not start the Prometheus endpoint (" + e + "); it is off, the"
          + " application is unaffected");
    }
  }

  /**
   * Replaces the options (attaching again). The new parts are built first, so a configuration
   * that cannot be built leaves the current one running. Figures go on where the new options
   * record alike (same CPU settings): methods still selected keep their figures, methods no longer
   * selected keep what they recorded. Otherwise the figures start again. Memoization keeps its
   * caches while it stays on; turned off, it stops at once and its caches are emptied. The
   * Prometheus endpoint stays as it is when its options do not change, else it is stopped (its
   * port closed) and started again with the new ones.
   */
  synchronized void update(Config config) {
    if (finished) {
      throw new IllegalStateException("the agent has finished");
    }
    AgentParts old = parts;
    AgentParts next = AgentStarter.prepare(config, instrumentation, mode, old);
    // The JFR part retransforms classes for the old selections: stop it before the classes
    // change; it starts again with the new parts (hot methods are found anew), and so does the
    // overhead governor, which sheds through it.
    stopGovernor();
    stopJfr();
    Dispatcher.setArguments(null);
    // Offload starts afresh with the new settings: calls run directly until every class is woven
    // for the new recorders (whose method ids the old advice does not know).
    Dispatcher.setOffload(null);
    boolean sameRecorders = next.recorders() == old.recorders();
    if (!sameRecorders) {
      // Classes woven for the old recorders pass their method ids, which mean nothing to the new
      // ones: record nothing until every class is woven anew.
      Dispatcher.setTiming(null);
    }
    if (next.memo() != old.memo()) {
      // Memoization goes off (or comes on): off at once, before any class changes.
      Dispatcher.setMemo(null);
    }
    joinPreparing();
    if (next.instrumenter() != null && old.instrumenter() != null) {
      next.instrumenter().installReplacing(old.instrumenter());
    } else if (old.instrumenter() != null) {
      old.instrumenter().reset();
    } else if (next.instrumenter() != null) {
      next.instrumenter().install();
    }
    Dispatcher.setTiming(next.recorders());
    Dispatcher.setArguments(next.argumentSamples());
    Dispatcher.setMemo(next.memo());
    Dispatcher.setOffload(next.offload());
    closeOffload(old.offload());
    if (old.memo() != null && next.memo() != old.memo()) {
      old.memo().clear();
    }
    old.reporter().stop();
    parts = next;
    next.source().pools(pools); // the substitution stays as the agent started it
    boolean restartPrometheus = !Objects.equals(old.prometheus(), next.prometheus());
    if (restartPrometheus) {
      stopPrometheus();
      startPrometheus();
    } else if (endpoint != null) {
      next.source().endpoint(endpoint);
    }
    next.reporter().start();
    prepareInBackground();
    startJfr();
    startGovernor();
    AgentLog.info("options updated: "
        + AgentStarter.description(config, next.reporter(), config.timing().on(), next.offload())
        + (sameRecorders ? "" : "; figures start again (CPU settings changed)")
        + (restartPrometheus && old.prometheus() != null ? "; Prometheus endpoint restarted" : ""));
  }

  /**
   * Opens the control channel, if it is not open yet, and publishes its socket.
   *
   * @return {@code null} when the channel is open, else why it cannot open
   */
  synchronized String openControl() {
    if (finished) {
      return "the agent has finished";
    }
    if (control == null) {
      try {
        control = ControlServer.open(this);
      } catch (IOException | RuntimeException e) {
        AgentLog.warn("control channel off: " + e.getMessage()
            + "; status, top, report and detach cannot reach this JVM");
        return e.getMessage();
      }
    }
    System.setProperty(ControlProtocol.CONTROL_PROPERTY, control.socket().toString());
    return null;
  }

  // ---- the control channel's commands ----

  @Override
  public synchronized List<String> status() {
    requireRunning();
    return StatusMessage.of(parts.source().apply(false), reportDir()).encode();
  }

  @Override
  public synchronized List<String> report() {
    requireRunning();
    Reporter reporter = parts.reporter();
    if (reporter.dir() == null) {
      throw new ControlException("no report files in this JVM (report.dir is empty); attach again"
          + " with report.dir=<directory>");
    }
    long errors = reporter.writeErrors();
    Report report = reporter.writeNow();
    if (reporter.writeErrors() != errors) {
      throw new ControlException("could not write the report to " + reporter.dir()
          + " (the agent's standard error says why)");
    }
    return StatusMessage.of(report, reportDir()).encode();
  }

  @Override
  public synchronized List<String> detach() {
    closePools();
    requireRunning();
    return detachNow();
  }

  /**
   * Takes the agent out of the JVM (see the class comment) and returns the final figures.
   * Never throws: each step that fails is skipped, the next still runs.
   */
  private List<String> detachNow() {
    finished = true;
    List<String> failures = new ArrayList<>();
    int restored = 0;
    // Memoization off first: from here on every body runs as written, even in classes not yet
    // restored. The JFR part next, so that no hot method is added while classes are restored.
    Dispatcher.setMemo(null);
    Dispatcher.setOffload(null);
    stopGovernor();
    stopJfr();
    Dispatcher.setArguments(null);
    try {
      if (parts.instrumenter() != null) {
        restored = parts.instrumenter().instrumentedClassCount();
        parts.instrumenter().reset();
      }
    } catch (RuntimeException | LinkageError e) {
      failures.add("restoring the original classes failed: " + e);
    }
    Dispatcher.setTiming(null);
    stopPrometheus();
    joinPreparing();
    removeExitHook();
    Reporter reporter = parts.reporter();
    long errors = reporter.writeErrors();
    Report report = reporter.finish();
    boolean written = reporter.dir() != null && reporter.writeErrors() == errors;
    // After the final report, which shows how full the caches were.
    MemoRecorders memo = parts.memo();
    if (memo != null) {
      memo.clear();
    }
    closeOffload(parts.offload());
    closeControl();
    AgentStarter.detached(this);
    AgentLog.info("detached" + (written ? "; final report: " + reporter.dir().resolve("report.html") : "")
        + (failures.isEmpty() ? "" : "; " + String.join("; ", failures)));
    List<String> lines = new ArrayList<>(StatusMessage.of(report, written ? reportDir() : null).encode());
    lines.add("fact\t" + StatusMessage.RESTORED_CLASSES + "\t" + restored);
    failures.forEach(failure -> lines.add("problem\t" + ControlProtocol.clean(failure)));
    return lines;
  }

  private void requireRunning() {
    if (finished) {
      throw new ControlException("Overclock is no longer running in this JVM");
    }
  }

  private String reportDir() {
    return parts.reporter().dir() == null ? null : parts.reporter().dir().toString();
  }

  /** Stops offload's threads (pool, pinning stream); calls in flight finish on their own. */
  private static void closeOffload(Offloader offload) {
    if (offload == null) {
      return;
    }
    try {
      offload.close();
    } catch (RuntimeException e) {
      AgentLog.debug("closing offload failed: " + e);
    }
  }

  private void closeControl() {
    if (control != null) {
      control.close();
      control = null;
    }
    System.clearProperty(ControlProtocol.CONTROL_PROPERTY);
  }

  /** Stops the Prometheus endpoint, if one runs, and waits until its port and threads are gone. */
  private void stopPrometheus() {
    PrometheusEndpoint running = endpoint;
    if (running == null) {
      return;
    }
    endpoint = null;
    running.stop();
    running.awaitStopped(JOIN_MILLIS);
  }

  private void removeExitHook() {
    try {
      if (exitHook != null && Thread.currentThread() != exitHook) {
        Runtime.getRuntime().removeShutdownHook(exitHook);
      }
    } catch (RuntimeException e) {
      // the JVM is already shutting down
    }
    exitHook = null;
  }

  /** Waits for the advice preparation of the previous parts, so no agent thread outlives them. */
  private void joinPreparing() {
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

  private void finishQuietly() {
    try {
      finish();
    } catch (Throwable t) {
      System.err.println("[overclock] could not write the final report: " + t);
    }
  }
}
