package dev.overclock.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.jvm.JvmProfile;
import dev.overclock.metrics.CpuSample;
import dev.overclock.metrics.LatencySummary;
import dev.overclock.metrics.MethodRef;
import dev.overclock.metrics.MethodSnapshot;
import dev.overclock.metrics.Snapshots;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvidenceTrackerTest {

  private static final long INTERVAL = 20_000_000L;
  private static final long RAISED = 50_000_000L;

  private final EvidenceTracker tracker = new EvidenceTracker(new JvmProfile(name -> true),
      INTERVAL);

  private static MethodSnapshot timed(String className, long totalNanos) {
    return new MethodSnapshot(new MethodRef(className, "run", "()V", "auto"), 10, 0, totalNanos,
        LatencySummary.EMPTY, LatencySummary.EMPTY, 0, CpuSample.NONE);
  }

  private void window(MethodSnapshot... methods) {
    tracker.window(new Snapshots.Window(0, 1, List.of(methods)));
  }

  @Test
  void evidenceSaysWhetherTheGovernorRaisedTheBlockingThresholdDuringItsPeriod() {
    tracker.start();
    window(timed("a.Before", 0));
    assertThat(tracker.evidence(timed("a.Before", 100)).raisedThresholdNanos()).isZero();

    tracker.blockingThreshold(RAISED);
    window(timed("a.Before", 100), timed("a.During", 0));
    tracker.blockingThreshold(0);
    window(timed("a.Before", 200), timed("a.During", 100), timed("a.After", 0));

    // Raised after its baseline, and raised at its baseline: both lack the shorter waits.
    assertThat(tracker.evidence(timed("a.Before", 300)).raisedThresholdNanos()).isEqualTo(RAISED);
    assertThat(tracker.evidence(timed("a.During", 200)).raisedThresholdNanos()).isEqualTo(RAISED);
    // Its whole period under the configured threshold.
    assertThat(tracker.evidence(timed("a.After", 100)).raisedThresholdNanos()).isZero();
    assertThat(tracker.evidence(timed("a.After", 100)).wallNanos()).isEqualTo(100);

    tracker.blockingThreshold(RAISED);
    assertThat(tracker.evidence(timed("a.After", 200)).raisedThresholdNanos()).isEqualTo(RAISED);
  }
}
