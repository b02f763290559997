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
 * one that appeared while the stream was created ({@link #besides}) and has the stream's limits
 * ({@link LiveStream#MAX_AGE}, {@link LiveStream#MAX_SIZE}). The limits matter: the creation
 * waits for JFR's lock, so a recording that {@code -XX:StartFlightRecording} started at that
 * moment also appears in the window (seen in JfrEventsIT on a loaded machine).
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
      if (recording.getState() == RecordingState.RUNNING && !isOwn(recording)) {
        return true;
      }
    }
    return false;
  }

  private boolean isOwn(Recording recording) {
    return own.contains(recording.getId())
        && LiveStream.MAX_AGE.equals(recording.getMaxAge())
        && recording.getMaxSize() == LiveStream.MAX_SIZE;
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
