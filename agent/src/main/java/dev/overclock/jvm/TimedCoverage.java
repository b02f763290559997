package dev.overclock.jvm;

import dev.overclock.report.JvmReport;
import java.util.List;
import java.util.Set;

/**
 * How much of the application's execution time the timed methods cover: of the execution samples
 * with an application frame, those with a timed method that completed calls anywhere on the
 * stack. A user reads a timed method's latency as where the time went; this says how much of
 * the time that explains.
 *
 * <p>Counted from the first time the set of timed methods is given (samples from before, when
 * nothing could be covered yet, would only say how long detection took), and per window.
 */
final class TimedCoverage {

  private Set<String> timed = Set.of();
  private boolean started;
  private long applicationSamples;
  private long coveredSamples;
  private long windowApplication;
  private long windowCovered;
  private long lastApplication;
  private long lastCovered;

  /** The timed methods with calls, {@link Frame#key} form; counting starts with the first set. */
  void timed(Set<String> keys) {
    timed = Set.copyOf(keys);
    started = started || !timed.isEmpty();
  }

  /** An execution sample, top frame first. */
  void sampled(List<Frame> frames, ApplicationCode code) {
    if (!started) {
      return;
    }
    boolean application = false;
    boolean covered = false;
    for (Frame frame : frames) {
      if (!covered && timed.contains(frame.key())) {
        covered = true;
      }
      if (!application && code.isApplication(frame.className())) {
        application = true;
      }
      if (covered && application) {
        break;
      }
    }
    if (application) {
      applicationSamples++;
      windowApplication++;
      if (covered) {
        coveredSamples++;
        windowCovered++;
      }
    }
  }

  /** Ends a window: its figures become the report's latest. */
  void window() {
    lastApplication = windowApplication;
    lastCovered = windowCovered;
    windowApplication = 0;
    windowCovered = 0;
  }

  /** The report's figures, or {@code null} when no timed method was ever given. */
  JvmReport.Coverage report() {
    if (!started) {
      return null;
    }
    return new JvmReport.Coverage(timed.size(), applicationSamples, coveredSamples,
        share(coveredSamples, applicationSamples), lastApplication, lastCovered,
        share(lastCovered, lastApplication));
  }

  private static double share(long part, long all) {
    return all == 0 ? 0 : Timeline.clamp((double) part / all);
  }
}
