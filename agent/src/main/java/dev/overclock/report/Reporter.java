package dev.overclock.report;

import dev.overclock.log.AgentLog;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Writes the report files: every {@code report.interval} on a daemon thread named {@code
 * overclock-reporter}, and once more, complete, when the agent finishes (JVM exit or detach).
 *
 * <p>A report that cannot be written (read-only directory, full disk) costs one line on standard
 * error, the first time; later failures are only counted (shown in the report's health section
 * once writing works again). Nothing here ever throws into the application.
 */
public final class Reporter {

  private final Function<Boolean, Report> source;
  private final Path dir;
  private final Duration interval;
  private final AtomicLong writeErrors = new AtomicLong();
  private ScheduledExecutorService scheduler;
  private boolean failing;

  /**
   * @param source builds a report; its argument says whether it is the final, complete one
   * @param dir the report directory, or {@code null} to write no files
   * @param interval period of intermediate reports; zero for none
   */
  public Reporter(Function<Boolean, Report> source, Path dir, Duration interval) {
    this.source = source;
    this.dir = dir == null ? null : dir.toAbsolutePath().normalize();
    this.interval = interval;
  }

  /** Starts the periodic reports, if any are configured. */
  public synchronized void start() {
    if (dir == null || interval.isZero() || scheduler != null) {
      return;
    }
    // Classes, not lambdas: this starts at the JVM's launch, where each lambda linked costs
    // 0.3-0.5 ms of mostly interpreted code.
    scheduler = Executors.newSingleThreadScheduledExecutor(new DaemonThreads());
    long millis = Math.max(1, interval.toMillis());
    scheduler.scheduleWithFixedDelay(new Periodic(this), millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Where report files go, or {@code null} when none are written. */
  public Path dir() {
    return dir;
  }

  /** Failed writes so far. */
  public long writeErrors() {
    return writeErrors.get();
  }

  /** Stops periodic reports without writing anything. */
  public synchronized void stop() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }

  /**
   * Stops periodic reports and writes the final, complete report.
   *
   * @return the final report (also when no file could be written)
   */
  public Report finish() {
    stop();
    return write(true);
  }

  /**
   * Writes the report files now (a periodic, not a final report), on the caller's thread.
   *
   * @return the report written (also when no file could be written)
   */
  public Report writeNow() {
    return write(false);
  }

  private void writePeriodic() {
    try {
      write(false);
    } catch (Throwable t) {
      // Never let the scheduler thread die silently, never propagate.
      AgentLog.warnOnce("report-build", "could not build the periodic report: " + t);
    }
  }

  /** Whether {@link PermanentChanges#FILE} was written and not removed since. */
  private boolean permanentWritten;

  private synchronized Report write(boolean complete) {
    Report report = source.apply(complete);
    if (dir == null) {
      return report;
    }
    try {
      ReportFiles.write(dir, "report.json", JsonReportWriter.write(report));
      ReportFiles.write(dir, "report.html", HtmlReportWriter.write(report));
      // Only while some change is proven: a proven change undone later (a verification
      // disagreed) must not stay in a file that would make it permanent.
      String permanent = PermanentChanges.properties(report);
      if (!permanent.isEmpty()) {
        ReportFiles.write(dir, PermanentChanges.FILE, permanent);
        permanentWritten = true;
      } else if (permanentWritten) {
        java.nio.file.Files.deleteIfExists(dir.resolve(PermanentChanges.FILE));
        permanentWritten = false;
      }
      if (failing) {
        failing = false;
        AgentLog.info("report written again to " + dir);
      }
    } catch (IOException | RuntimeException e) {
      writeErrors.incrementAndGet();
      if (!failing) {
        failing = true;
        AgentLog.warn(
            "could not write the report to " + dir + " (" + e + "); the application is"
                + " unaffected, Overclock keeps trying every report.interval");
      }
    }
    return report;
  }

  /** The reporter's one thread, a daemon. */
  private static final class DaemonThreads implements java.util.concurrent.ThreadFactory {
    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "overclock-reporter");
      thread.setDaemon(true);
      return thread;
    }
  }

  /** Writes the periodic report. */
  private static final class Periodic implements Runnable {
    private final Reporter reporter;

    Periodic(Reporter reporter) {
      this.reporter = reporter;
    }

    @Override
    public void run() {
      reporter.writePeriodic();
    }
  }
}
