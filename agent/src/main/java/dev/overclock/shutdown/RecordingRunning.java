package dev.overclock.shutdown;

import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Recording;

/**
 * Leaves a {@link JfrExitGuard.Start} the moment the recording started on its thread runs.
 *
 * <h2>Why</h2>
 *
 * A stream's start used to leave the guard at its first flush, about a second after its recording
 * started, or more on a busy machine. But JFR's own shutdown hook stops the recorder as soon as the
 * JVM exits, and a stopped recorder never flushes: a program that ended while the stream was
 * starting waited the guard's full bound at its exit (3 s, measured on the demo's quick run:
 * 5.6 s against 2.4 s without the agent). What must not overlap the exit is JFR's native start
 * (its settings, the retransformation of its event classes), and that is over when {@code
 * PlatformRecording.start} tells the recorder's listeners of the new state: it does so after the
 * recorder's start has returned, outside its lock, on the thread that started the recording (JDK
 * 17 and 25 alike). So a state change seen on the starting thread while its start is pending is
 * that recording's: running (or failed to a state of its own, which needs no guard either).
 *
 * <p>Registered only while a start is pending; loaded only where JFR is (the guard itself needs
 * no JFR).
 */
final class RecordingRunning implements FlightRecorderListener, Runnable {

  private final Thread starter;
  private final JfrExitGuard.Start start;

  private RecordingRunning(Thread starter, JfrExitGuard.Start start) {
    this.starter = starter;
    this.start = start;
  }

  /**
   * Watches for the recording the current thread is about to start; returns what ends the watch.
   */
  static Runnable watch(JfrExitGuard.Start start) {
    RecordingRunning watch = new RecordingRunning(Thread.currentThread(), start);
    FlightRecorder.addListener(watch);
    return watch;
  }

  @Override
  public void recordingStateChanged(Recording recording) {
    if (Thread.currentThread() == starter) {
      start.started();
    }
  }

  /** Ends the watch (the start has left the guard). */
  @Override
  public void run() {
    FlightRecorder.removeListener(this);
  }
}
