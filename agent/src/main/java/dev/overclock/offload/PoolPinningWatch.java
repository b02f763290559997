package dev.overclock.offload;

import dev.overclock.log.AgentLog;
import dev.overclock.shutdown.JfrExitGuard;
import java.time.Duration;
import java.util.function.Consumer;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingStream;

/**
 * Watches {@code jdk.VirtualThreadPinned} (a virtual thread that blocked for at least {@link
 * #THRESHOLD} while it could not leave its carrier) for the substituted pools: each event names the
 * thread, whose name carries its pool's prefix, and the innermost application frame says where.
 * One JFR stream on one daemon thread, {@code overclock-pool-pinning}, started when the first
 * pool moves to virtual threads.
 */
final class PoolPinningWatch {

  static final Duration THRESHOLD = Duration.ofMillis(20);
  private static final String EVENT = "jdk.VirtualThreadPinned";

  /** A pinned thread: its name, the frame, how long it blocked. */
  record Pinned(String threadName, String frame, long nanos) {}

  private volatile RecordingStream stream;
  private volatile boolean closed;

  /** Starts watching on a daemon thread; a JVM without JFR is not watched (one debug line). */
  void start(Consumer<Pinned> onPinned) {
    Thread watcher = new Thread(() -> {
      // JFR's set-up and start never overlap the JVM's exit (JfrExitGuard)
      JfrExitGuard.Start start = JfrExitGuard.jvm().start();
      if (start == null) {
        return; // the JVM exits: nothing left to watch
      }
      try {
        RecordingStream recording = new RecordingStream();
        recording.onFlush(start::started);
        recording.enable(EVENT).withStackTrace().withThreshold(THRESHOLD);
        recording.onEvent(EVENT, event -> {
          Pinned pinned = pinned(event);
          if (pinned != null) {
            onPinned.accept(pinned);
          }
        });
        stream = recording;
        if (closed || !start.beforeStart()) {
          recording.close();
          return;
        }
        recording.start();
      } catch (Throwable t) {
        AgentLog.debug("thread pools: pinning is not watched: " + t);
      } finally {
        start.close();
      }
    }, "overclock-pool-pinning");
    watcher.setDaemon(true);
    watcher.start();
  }

  static Pinned pinned(RecordedEvent event) {
    RecordedThread thread = event.getThread();
    if (thread == null || thread.getJavaName() == null) {
      return null;
    }
    return new Pinned(thread.getJavaName(), frame(event.getStackTrace()),
        event.getDuration().toNanos());
  }

  /** The innermost frame outside the JDK: where the application blocked. */
  static String frame(RecordedStackTrace trace) {
    if (trace == null) {
      return "(no stack)";
    }
    for (RecordedFrame frame : trace.getFrames()) {
      if (frame.getMethod() == null || frame.getMethod().getType() == null) {
        continue;
      }
      String type = frame.getMethod().getType().getName();
      if (type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.")) {
        continue;
      }
      return type + "." + frame.getMethod().getName()
          + (frame.getLineNumber() > 0 ? ":" + frame.getLineNumber() : "");
    }
    return "(JDK frames only)";
  }

  void close() {
    closed = true;
    RecordingStream recording = stream;
    if (recording != null) {
      try {
        recording.close();
      } catch (RuntimeException e) {
        // the daemon thread ends with the JVM either way
      }
    }
  }
}
