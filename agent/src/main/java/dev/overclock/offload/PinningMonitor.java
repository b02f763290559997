package dev.overclock.offload;

import dev.overclock.log.AgentLog;
import dev.overclock.shutdown.JfrExitGuard;

/**
 * Watches for offloaded bodies that pin their carrier thread, where the JDK can tell: on JDK 21
 * and later, with JFR, through a small {@code RecordingStream} of {@code jdk.VirtualThreadPinned}
 * on one daemon thread, {@code overclock-pinning}.
 *
 * <p>Careful because JFR is optional: a JDK without the {@code jdk.jfr} module, or one where JFR
 * cannot start, leaves the monitor off with one diagnostic line and nothing else changes. The
 * stream is started only once a method was actually offloaded, so programs that offload nothing
 * never pay for JFR. Kept apart from {@link PinningStream} so that loading this class never loads
 * a JFR type.
 */
final class PinningMonitor implements Runnable {

  private final Offloader offloader;
  private volatile boolean started;
  private volatile AutoCloseable stream;
  private volatile boolean closed;
  private volatile Thread thread;
  private volatile Thread closing;

  PinningMonitor(Offloader offloader) {
    this.offloader = offloader;
  }

  /** Whether this JDK can report pinning at all. */
  static boolean available() {
    return Runtime.version().feature() >= 21
        && ModuleLayer.boot().findModule("jdk.jfr").isPresent();
  }

  /** Starts the stream once, on its own daemon thread; later calls do nothing. */
  void ensureStarted() {
    if (started || !available()) {
      return;
    }
    synchronized (this) {
      if (started) {
        return;
      }
      started = true;
    }
    Thread watcher = new Thread(this, "overclock-pinning"); // not a method reference: see run
    watcher.setDaemon(true);
    thread = watcher;
    watcher.start();
  }

  /**
   * Waits until the stream's thread has ended (after {@link #close}), at most until {@code
   * deadlineNanos} ({@link System#nanoTime}): closing a {@code RecordingStream} returns before its
   * thread does.
   */
  void awaitStopped(long deadlineNanos) throws InterruptedException {
    for (Thread ending : new Thread[] {closing, thread}) {
      long left = deadlineNanos - System.nanoTime();
      if (ending != null && left > 0) {
        ending.join(Math.max(1, left / 1_000_000));
      }
    }
  }

  /**
   * The watcher thread's work. This class is the thread's task rather than a method reference
   * because the first offloaded method is woven at the JVM's launch, where linking a lambda costs
   * 0.3-0.5 ms; nothing else calls it.
   */
  @Override
  public void run() {
    // JFR's set-up and start never overlap the JVM's exit (JfrExitGuard)
    JfrExitGuard.Start start = JfrExitGuard.jvm().start();
    if (start == null) {
      return; // the JVM exits: nothing left to watch
    }
    try {
      PinningStream pinning = new PinningStream(offloader);
      stream = pinning;
      if (closed) {
        pinning.close();
        return;
      }
      pinning.run(start);
    } catch (Throwable t) {
      AgentLog.debug("offload: pinning is not watched: " + t);
    } finally {
      start.close();
    }
  }

  /**
   * Delivers the events recorded so far and stops the stream, before the final report: JFR hands
   * events to a stream only about once a second.
   */
  void drain() {
    AutoCloseable current = stream;
    if (current instanceof PinningStream) {
      try {
        ((PinningStream) current).drain();
      } catch (Throwable t) {
        AgentLog.debug("offload: draining the pinning stream failed: "
            + (t instanceof java.lang.reflect.InvocationTargetException ? t.getCause() : t));
      }
    }
  }

  /**
   * Stops the stream, if it runs, on a daemon thread: closing needs JFR's lock, which a JFR start
   * still in progress may hold for long ({@link #awaitStopped} bounds the wait for both).
   */
  void close() {
    closed = true;
    AutoCloseable current = stream;
    if (current != null) {
      Thread closer = new Thread(() -> {
        try {
          current.close();
        } catch (Exception e) {
          AgentLog.debug("offload: closing the pinning stream failed: " + e);
        }
      }, "overclock-pinning-close");
      closer.setDaemon(true);
      closing = closer;
      closer.start();
    }
  }
}
