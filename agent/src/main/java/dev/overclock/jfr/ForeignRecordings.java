package dev.overclock.jfr;

import java.util.HashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;

/**
 * Answers whether a recording other than the agent's own runs: someone's {@code
 * -XX:StartFlightRecording}, {@code jcmd JFR.start}, or a recording the application made.
 * Overclock's periodic events are worth their snapshots only then.
 *
 * <p>A {@link jdk.jfr.consumer.RecordingStream} does not expose its recording; the agent's is
 * the one that appeared while the stream was created ({@link #besides}). A recording that someone
 * else created in that same instant would be taken for the agent's: its periodic events would
 * then be missing, never wrong.
 */
final class ForeignRecordings implements BooleanSupplier {

  private final Set<Long> own;

  private ForeignRecordings(Set<Long> own) {
    this.own = Set.copyOf(own);
  }

  /**
   * The recordings but those made since {@code before} (the agent's, created in between).
   *
   * @param before {@link #ids()} just before the agent created its recording
   */
  static ForeignRecordings besides(Set<Long> before) {
    Set<Long> made = ids();
    made.removeAll(before);
    return new ForeignRecordings(made);
  }

  /** Whether some recording other than the agent's runs now. */
  @Override
  public boolean getAsBoolean() {
    for (Recording recording : FlightRecorder.getFlightRecorder().getRecordings()) {
      if (recording.getState() == RecordingState.RUNNING && !own.contains(recording.getId())) {
        return true;
      }
    }
    return false;
  }

  /** The ids of every recording in this JVM, running or not. */
  static Set<Long> ids() {
    Set<Long> ids = new HashSet<>();
    for (Recording recording : FlightRecorder.getFlightRecorder().getRecordings()) {
      ids.add(recording.getId());
    }
    return ids;
  }
}
