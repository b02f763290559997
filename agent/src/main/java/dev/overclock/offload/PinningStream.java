package dev.overclock.offload;

import dev.overclock.shutdown.JfrExitGuard;
import java.time.Duration;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingStream;

/**
 * The JFR side of {@link PinningMonitor}: streams {@code jdk.VirtualThreadPinned} events (with
 * their stacks) and credits each to the innermost offloaded method on the stack.
 *
 * <p>Self-contained on purpose: one event type, one consumer. Where a shared JFR stream exists,
 * {@link #onPinned} is the one method to feed from it.
 */
final class PinningStream implements AutoCloseable {

  static final String EVENT = "jdk.VirtualThreadPinned";
  private static final int MAX_FRAMES = 12;

  /** How long the final report waits for the last pinning events. */
  static final long DRAIN_MILLIS = 1_000;

  private final Offloader offloader;
  private final RecordingStream stream;

  PinningStream(Offloader offloader) {
    this.offloader = offloader;
    this.stream = new RecordingStream();
    stream.enable(EVENT).withStackTrace().withThreshold(Duration.ofMillis(20));
    stream.onEvent(EVENT, this::onPinned);
  }

  /**
   * Blocks, delivering events, until closed; leaves the JVM's {@link JfrExitGuard} at the first
   * flush (the recording runs by then).
   */
  void run(JfrExitGuard.Start start) {
    stream.onFlush(start::started);
    stream.start();
  }

  /** Credits one pinning event to the offloaded method on its stack, if there is one. */
  void onPinned(RecordedEvent event) {
    RecordedStackTrace trace = event.getStackTrace();
    if (trace == null) {
      return;
    }
    List<RecordedFrame> frames = trace.getFrames();
    for (int i = 0; i < frames.size(); i++) {
      RecordedFrame frame = frames.get(i);
      if (frame.getMethod() == null || frame.getMethod().getType() == null) {
        continue;
      }
      OffloadMethod method = offloader.byName(frame.getMethod().getType().getName(),
          frame.getMethod().getName());
      if (method != null) {
        String reason = event.hasField("pinnedReason") ? event.getString("pinnedReason") : null;
        method.pinning.record(event.getDuration().toNanos(), stack(frames, i),
            fix(frames, i, reason));
        return;
      }
    }
  }

  private static String stack(List<RecordedFrame> frames, int offloaded) {
    StringBuilder text = new StringBuilder();
    int start = 0;
    while (start < offloaded && frames.get(start).getMethod().getType().getName()
        .equals("java.lang.VirtualThread")) {
      start++; // the JDK's own parking frames say nothing about the cause
    }
    int end = Math.min(frames.size(), Math.min(offloaded + 1, start + MAX_FRAMES));
    for (int i = start; i < end; i++) {
      RecordedFrame frame = frames.get(i);
      text.append(i == start ? "" : "\n").append("at ").append(frame.getMethod().getType().getName())
          .append('.').append(frame.getMethod().getName());
      if (frame.getLineNumber() > 0) {
        text.append(':').append(frame.getLineNumber());
      }
    }
    return text.toString();
  }

  /** What to change, judged from the frames above the offloaded method. */
  static String fix(List<RecordedFrame> frames, int offloaded, String reason) {
    String why = reason == null || reason.isEmpty() ? "" : " (JFR: " + reason + ")";
    for (int i = 0; i <= offloaded && i < frames.size(); i++) {
      RecordedFrame frame = frames.get(i);
      if (frame.getMethod() != null && "<clinit>".equals(frame.getMethod().getName())) {
        return "a static initializer of " + frame.getMethod().getType().getName()
            + " blocked" + why + ": move the blocking work out of it, or initialize the class"
            + " before offloading";
      }
    }
    if (Runtime.version().feature() >= 24) {
      return "the body blocked while pinned" + why + ": on this JDK synchronized no longer"
          + " pins, so look for a native frame or a class initializer on the stack";
    }
    return "the body blocked inside synchronized (or a native frame)" + why + ": replace"
        + " synchronized around the blocking call with java.util.concurrent.locks.ReentrantLock,"
        + " or run on JDK 24+, where synchronized no longer pins";
  }

  /**
   * Stops the recording and waits, at most {@link #DRAIN_MILLIS}, until the stream consumed every
   * event it recorded, so that the final report sees them: {@code RecordingStream.stop()}, JDK 20
   * and later, called reflectively because the agent is compiled for 17 (where this stream never
   * runs).
   *
   * <p>Runs at JVM exit, so it must never wait for JFR without a bound. Two ways JFR was seen to
   * hold on for good there: {@code stop()} waits without a bound for the stream to end, and when
   * JFR's own shutdown hook ended the recording first, the stream waits for chunk files that
   * never come; and a program that exits while the stream's JFR is still starting leaves that
   * start stuck inside JFR's lock, which {@code stop()} and {@code close()} both need. So the
   * stop runs on a daemon thread of its own, and this waits for it at most {@link
   * #DRAIN_MILLIS}: what it has not done by then is abandoned (the last second of pinning events
   * is lost; the JVM exits all the same, at most that much later).
   */
  void drain() throws InterruptedException {
    Thread stopper = new Thread(() -> {
      try {
        // Returns once the stream delivered its last events; the stream then ends by itself.
        RecordingStream.class.getMethod("stop").invoke(stream);
      } catch (ReflectiveOperationException | RuntimeException e) {
        // JFR's own shutdown hook stopped the recording first; the stream still delivers what
        // it read, then ends by itself (closing it here would drop that)
      }
    }, "overclock-pinning-stop");
    stopper.setDaemon(true);
    stopper.start();
    stopper.join(DRAIN_MILLIS);
  }

  @Override
  public void close() {
    stream.close();
  }
}
