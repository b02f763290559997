package dev.overclock.agent;

import dev.overclock.bootstrap.Dispatcher;
import dev.overclock.config.Config;
import dev.overclock.control.ControlException;
import dev.overclock.control.ControlHandler;
import dev.overclock.control.ControlProtocol;
import dev.overclock.control.ControlServer;
import dev.overclock.control.StatusMessage;
import dev.overclock.log.AgentLog;
import dev.overclock.memo.MemoRecorders;
import dev.overclock.offload.Offloader;
import dev.overclock.report.Report;
import dev.overclock.report.Reporter;
import dev.overclock.report.SummaryTable;
import dev.overclock.shutdown.JfrExitGuard;
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

  private final Instrumentation instrumentation;
  private final String mode;
  // volatile: the Prometheus endpoint's thread reads the current parts without this lock
  private volatile AgentParts parts;

  /** {@code offload.executors=virtual}; {@code null} when thread pools are left alone. */
  private volatile dev.overclock.offload.PoolSubstitution pools;
  private boolean finished;
  private Thread exitHook;
  private final AgentThreads threads;
  private ControlServer control;

  RunningAgent(Instrumentation instrumentation, String mode, AgentParts parts) {
    this.instrumentation = instrumentation;
    this.mode = mode;
    this.parts = parts;
    this.threads = new AgentThreads(new CurrentParts(this), instrumentation);
  }

  /** Registers {@link #finish} to run at JVM exit. */
  synchronized void finishAtExit() {
    Thread hook = new Thread(new CurrentParts(this), "overclock-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    exitHook = hook;
  }

  /**
   * Builds the advice and starts the JFR part, when the options ask for it, in the background
   * ({@link AgentThreads#startAdviceAndJfr}). At the JVM's launch ({@code -javaagent}) the JFR
   * part may wait for the application's start ({@code jfr.startwait}); attached to a running
   * application, or after an update, it starts at once.
   *
   * @param launchMain at the JVM's launch, the application's main thread (which that wait
   *     watches); {@code null} otherwise
   */
  synchronized void startAdviceAndJfr(Thread launchMain) {
    threads.startAdviceAndJfr(mode.equals("premain") ? launchMain : null);
  }

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

  /**
   * Undoes a start that failed half-way: removes the transformer (restoring any class it
   * changed), the exit hook and the report thread, without writing a report. Never throws.
   */
  synchronized void abandon() {
    finished = true;
    closePools();
    Dispatcher.setMemo(null);
    Dispatcher.setOffload(null);
    Dispatcher.setArguments(null);
    threads.stopGovernor();
    threads.stopJfr();
    threads.stopPrometheus();
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
      SummaryTable.optimizationLines(report).forEach(AgentLog::info);
      String overhead = SummaryTable.overheadLine(report);
      if (overhead != null) {
        AgentLog.info(overhead);
      }
      dev.overclock.offload.PoolSubstitution substitution = pools;
      if (substitution != null) {
        if (substitution.movesPools()) {
          AgentLog.info("thread pools: " + substitution.describe());
        }
        SummaryTable.poolLines(report).forEach(AgentLog::info);
      }
    }
    UnmatchedFilters.sinceStart(parts.config(), List.of()).forEach(AgentLog::warn);
    if (reporter.dir() != null && reporter.writeErrors() == 0) {
      AgentLog.info("report: " + reporter.dir().resolve("report.html"));
    }
  }

  /** Starts the overhead governor ({@link AgentThreads#startGovernor}). */
  synchronized void startGovernor() {
    threads.startGovernor();
  }

  /** Starts the Prometheus endpoint when the options ask for one. */
  synchronized void startPrometheus() {
    threads.startPrometheus();
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
    threads.stopGovernor();
    threads.stopJfr();
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
    threads.joinPreparing();
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
      threads.stopPrometheus();
      startPrometheus();
    } else if (threads.endpoint() != null) {
      next.source().endpoint(threads.endpoint());
    }
    next.reporter().start();
    startAdviceAndJfr(/* launchMain= */ null);
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
    threads.stopGovernor();
    threads.stopJfr();
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
    threads.stopPrometheus();
    threads.joinPreparing();
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

  private void finishQuietly() {
    // First: no JFR start may still run when the JVM tears JFR down after the hooks
    if (!JfrExitGuard.jvm().awaitExit()) {
      AgentLog.debug("a JFR start was still running after "
          + JfrExitGuard.EXIT_WAIT_MILLIS + " ms at exit");
    }
    try {
      finish();
    } catch (Throwable t) {
      System.err.println("[overclock] could not write the final report: " + t);
    }
  }

  /**
   * The parts current at the time of asking, for the agent's threads, and the exit hook's run:
   * a class rather than a lambda and a method reference, each of which costs the JVM's launch
   * 0.3-0.5 ms to link.
   */
  private static final class CurrentParts implements java.util.function.Supplier<AgentParts>,
      Runnable {
    private final RunningAgent agent;

    CurrentParts(RunningAgent agent) {
      this.agent = agent;
    }

    @Override
    public AgentParts get() {
      return agent.parts;
    }

    @Override
    public void run() {
      agent.finishQuietly();
    }
  }
}
