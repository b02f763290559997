package dev.overclock.metrics;

import dev.overclock.log.AgentLog;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one place that takes snapshots of the timing recorders, and hands every window to every
 * listener.
 *
 * <h2>Why one place</h2>
 *
 * A snapshot drains the recorders: the calls since the previous snapshot form a window, and the
 * next snapshot starts a new one. The periodic report, the JFR statistics events and the
 * hot-method detector all take snapshots on their own schedules; if each drained the recorders
 * itself, each would see only the windows the others left it, and a JFR event would miss the
 * calls a report had just taken. Here every snapshot, whoever asks for it, is delivered as one
 * window to every listener: windows are contiguous, never overlap, and each listener sees all of
 * them.
 *
 * <p>Listeners run on the thread that took the snapshot, while it holds this object's lock, so
 * they must be quick and must not take snapshots themselves. A failing listener is logged once
 * and never stops the others.
 */
public final class Snapshots {

  /**
   * The calls of one window, with cumulative figures as of its end.
   *
   * @param startNanos {@link System#nanoTime()} at the previous snapshot
   * @param endNanos {@link System#nanoTime()} at this one
   */
  public record Window(long startNanos, long endNanos, List<MethodSnapshot> methods) {

    public Window {
      methods = List.copyOf(methods);
    }

    public long durationNanos() {
      return Math.max(0, endNanos - startNanos);
    }
  }

  /** Receives every window. */
  @FunctionalInterface
  public interface Listener {
    void window(Window window);
  }

  private final TimingRecorders recorders;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private long lastNanos = System.nanoTime();
  private List<MethodSnapshot> latest = List.of();

  public Snapshots(TimingRecorders recorders) {
    this.recorders = recorders;
  }

  public void addListener(Listener listener) {
    listeners.add(listener);
  }

  public void removeListener(Listener listener) {
    listeners.remove(listener);
  }

  /** Takes a snapshot now, hands its window to every listener, and returns it. */
  public synchronized List<MethodSnapshot> take() {
    long now = System.nanoTime();
    List<MethodSnapshot> methods = recorders.snapshot();
    Window window = new Window(lastNanos, now, methods);
    lastNanos = now;
    latest = window.methods();
    for (Listener listener : listeners) {
      try {
        listener.window(window);
      } catch (Throwable failure) {
        AgentLog.warnOnce("snapshot-listener:" + listener.getClass().getName(),
            "a snapshot listener failed (" + failure + "); the others go on");
      }
    }
    return latest;
  }

  /** The figures of the last snapshot taken, without taking one. */
  public synchronized List<MethodSnapshot> latest() {
    return latest;
  }
}
