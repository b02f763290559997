package dev.overclock.agent;

import dev.overclock.bootstrap.Dispatcher;
import dev.overclock.offload.OffloadRecorders;
import dev.overclock.config.Config;
import dev.overclock.instrument.Instrumenter;
import dev.overclock.log.AgentLog;
import dev.overclock.prometheus.PrometheusEndpoint;
import dev.overclock.report.Report;
import dev.overclock.report.Reporter;
import dev.overclock.report.SummaryTable;

/**
 * The agent while it runs in a JVM: what it installed, and how to finish (write the final report
 * at exit) or stop (take every change out again, the Prometheus endpoint included).
 */
final class RunningAgent {

  private final Config config;
  private final Instrumenter instrumenter;
  private final Reporter reporter;
  private boolean finished;
  private Thread exitHook;
  private PrometheusEndpoint endpoint;
  private OffloadRecorders offload;

  RunningAgent(
      Config config, Instrumenter instrumenter, Reporter reporter) {
    this.config = config;
    this.instrumenter = instrumenter;
    this.reporter = reporter;
  }

  /** The offload recorders, whose threads stop with the agent; {@code null} while offload is off. */
  synchronized void offload(OffloadRecorders offload) {
    this.offload = offload;
  }

  /** The Prometheus endpoint, stopped with the agent; set once it was started. */
  synchronized void endpoint(PrometheusEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  /** Registers {@link #finish} to run at JVM exit. */
  synchronized void finishAtExit() {
    Thread hook = new Thread(this::finishQuietly, "overclock-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    exitHook = hook;
  }

  /**
   * Undoes a start that failed half-way: removes the transformer (restoring any class it
   * changed), the exit hook and the report thread, without writing a report. Never throws.
   */
  synchronized void abandon() {
    finished = true;
    try {
      if (exitHook != null) {
        Runtime.getRuntime().removeShutdownHook(exitHook);
      }
    } catch (RuntimeException e) {
      // the JVM is already shutting down
    }
    try {
      reporter.stop();
    } catch (RuntimeException e) {
      // nothing was started
    }
    if (endpoint != null) {
      endpoint.stop();
    }
    Dispatcher.setMemo(null);
    Dispatcher.setOffload(null);
    if (offload != null) {
      offload.close();
    }
    try {
      if (instrumenter != null) {
        instrumenter.reset();
      }
    } catch (RuntimeException | LinkageError e) {
      // best effort: classes keep working either way
    }
  }

  /** Writes the final report and prints the summary; runs once. */
  synchronized void finish() {
    if (finished) {
      return;
    }
    finished = true;
    if (offload != null) {
      offload.drainPinning();
    }
    Report report = reporter.finish();
    if (config.summary()) {
      AgentLog.block(SummaryTable.render(report, config.summaryTop()));
      SummaryTable.memoLines(report).forEach(AgentLog::info);
      SummaryTable.offloadLines(report).forEach(AgentLog::info);
    }
    if (reporter.dir() != null && reporter.writeErrors() == 0) {
      AgentLog.info("report: " + reporter.dir().resolve("report.html"));
    }
  }

  /**
   * Takes the agent out of the JVM: restores the original bytecode of every instrumented class,
   * swaps the no-op sink back in, writes the final report and releases the JVM for a later start.
   */
  synchronized void stop() {
    if (endpoint != null) {
      endpoint.stop();
    }
    if (instrumenter != null) {
      instrumenter.reset();
    }
    Dispatcher.setTiming(null);
    Dispatcher.setMemo(null);
    Dispatcher.setOffload(null);
    if (offload != null) {
      offload.close();
    }
    finish();
    Dispatcher.release();
  }

  private void finishQuietly() {
    try {
      finish();
    } catch (Throwable t) {
      System.err.println("[overclock] could not write the final report: " + t);
    }
  }
}
