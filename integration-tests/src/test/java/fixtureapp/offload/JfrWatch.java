package fixtureapp.offload;

import jdk.jfr.FlightRecorder;
import jdk.jfr.RecordingState;

/** Waits until a JFR recording runs: the agent's pinning stream starts on its own thread. */
final class JfrWatch {

  private JfrWatch() {}

  static boolean awaitRecording() throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (FlightRecorder.isInitialized() && FlightRecorder.getFlightRecorder().getRecordings()
          .stream().anyMatch(r -> r.getState() == RecordingState.RUNNING)) {
        return true;
      }
      Thread.sleep(5); // polls a condition; the agent offers nothing to wait on
    }
    return false;
  }
}
