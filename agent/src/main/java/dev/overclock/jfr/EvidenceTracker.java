package dev.overclock.jfr;

import dev.overclock.jvm.JvmProfile;
import dev.overclock.jvm.MethodEvidence;
import dev.overclock.metrics.MethodSnapshot;
import dev.overclock.metrics.Snapshots;
import dev.overclock.report.MethodReport;
import java.util.HashMap;
import java.util.Map;

/**
 * Lines up the two clocks of a method's classification: its timed wall time and its JFR
 * evidence (execution samples, blocking events) must cover the same period, or the ratio of the
 * two means nothing.
 *
 * <p>A method is timed from the moment its class was instrumented; the stream sees samples only
 * from the moment it started, and an automatically timed method was sampled long before it was
 * timed. So at the first window in which a method appears after the stream started, its total
 * time and its evidence so far are noted as a baseline, and the report compares only what came
 * after. Bounded by the number of timed methods.
 *
 * <p>It also notes when the overhead governor raised the blocking events' threshold: evidence
 * from a period that includes such a time lacks the waits between the two thresholds, which the
 * classification must know (see {@link MethodReport.Evidence#raisedThresholdNanos}).
 */
final class EvidenceTracker implements Snapshots.Listener {

  private final JvmProfile profile;
  private final long sampleIntervalNanos; // as asked for; the profile knows the real one
  private final Map<String, Baseline> baselines = new HashMap<>();
  private volatile boolean started;
  // Guarded by this: how often the threshold was raised, and the raised one while it holds.
  private int raises;
  private long raisedNanos;
  private long highestRaisedNanos;

  EvidenceTracker(JvmProfile profile, long sampleIntervalNanos) {
    this.profile = profile;
    this.sampleIntervalNanos = sampleIntervalNanos;
  }

  /** From now on windows set baselines: the stream delivers events. */
  void start() {
    started = true;
  }

  @Override
  public synchronized void window(Snapshots.Window window) {
    if (!started) {
      return;
    }
    for (MethodSnapshot method : window.methods()) {
      String key = method.method().key();
      if (!baselines.containsKey(key)) {
        baselines.put(key, new Baseline(method.totalNanos(), profile.evidence(key), raises,
            raisedNanos));
      }
    }
  }

  /**
   * The blocking events' threshold from now on: {@code raisedNanos} while the overhead governor
   * holds it raised, 0 once the configured one is back.
   */
  synchronized void blockingThreshold(long raisedNanos) {
    if (raisedNanos > 0) {
      raises++;
      highestRaisedNanos = Math.max(highestRaisedNanos, raisedNanos);
    }
    this.raisedNanos = raisedNanos;
  }

  /** The evidence since the method's baseline, or {@code null} before it has one. */
  synchronized MethodReport.Evidence evidence(MethodSnapshot method) {
    String key = method.method().key();
    Baseline baseline = baselines.get(key);
    if (baseline == null) {
      return null;
    }
    MethodEvidence since = profile.evidence(key).since(baseline.evidence);
    long wall = Math.max(0, method.totalNanos() - baseline.totalNanos);
    long cpu = since.samples() * profile.observedSampleInterval(sampleIntervalNanos);
    double share = wall == 0 ? 0 : Math.min(1.0, (double) cpu / wall);
    long raised = baseline.raisedNanos > 0 || raises > baseline.raises ? highestRaisedNanos : 0;
    return new MethodReport.Evidence(since.samples(), cpu, wall, share, since.lockNanos(),
        since.ioNanos(), since.sleepNanos(), since.blockingEvents(), since.virtualThreadEvents(),
        raised);
  }

  private record Baseline(
      long totalNanos, MethodEvidence evidence, int raises, long raisedNanos) {}
}
