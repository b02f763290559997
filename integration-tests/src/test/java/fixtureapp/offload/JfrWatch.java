package fixtureapp.offload;

import jdk.jfr.FlightRecorder;
import jdk.jfr.RecordingState;

/**
 * Waits until the agent's pinning stream runs (it starts on its own thread at the first offloaded
 * call): a running recording that records {@code jdk.VirtualThreadPinned} from 20 ms, the pinning
 * stream's threshold. Any running recording is not enough: the agent's live JFR stream also runs,
 * and a pin made before the pinning stream starts is not the pinning stream's to see.
 */
final class JfrWatch {

  /** The pinning stream's threshold, as JFR writes it (a recording stream keeps nanoseconds). */
  private static final java.util.Set<String> PINNING_THRESHOLD = java.util.Set.of("20000000 ns",
      "20 ms");

  private JfrWatch() {}

  static boolean awaitRecording() throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (FlightRecorder.isInitialized() && FlightRecorder.getFlightRecorder().getRecordings()
          .stream().anyMatch(r -> r.getState() == RecordingState.RUNNING && PINNING_THRESHOLD
              .contains(r.getSettings().get("jdk.VirtualThreadPinned#threshold")))) {
        return true;
      }
      Thread.sleep(5); // polls a condition; the agent offers nothing to wait on
    }
    return false;
  }
}
