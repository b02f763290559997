package dev.overclock.jfr;

import dev.overclock.metrics.LatencySummary;
import dev.overclock.metrics.MethodRef;
import dev.overclock.metrics.MethodSnapshot;
import dev.overclock.metrics.SlowCallListener;
import dev.overclock.metrics.Snapshots;
import dev.overclock.select.CodeChange;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;

/**
 * Emits Overclock's own JFR events (category "Overclock"): statistics per timed method and
 * window, slow invocations, and every change to running code. Created only when JFR is
 * available in this JVM.
 *
 * <h2>Off the hot path</h2>
 *
 * Advice never emits an event. Statistics are committed from the snapshot fan-out ({@link
 * Snapshots}), on whichever thread took the snapshot: JFR's periodic thread, at the period a
 * recording asks for, or the report thread. A slow invocation is committed by the agent's sink on
 * the thread whose call was slow, and only for calls over the threshold; the sink checks the
 * threshold with one comparison, so fast calls pay nothing. Code changes are committed by the
 * transformer right after it rewrote a class. Every commit first asks JFR whether the event is
 * enabled, so with no recording running nothing is built at all.
 *
 * <h2>Extension point: more periodic events</h2>
 *
 * A feature adds its statistics event the way the method statistics are added here: an event
 * class in this package ({@code @Name("overclock.<Feature>Statistics")}, {@code
 * @Category("Overclock")}, {@code @Period}, {@code @StackTrace(false)}), whose fields are the
 * windowed figures of that feature's own recorder, and a hook registered with {@link
 * #addPeriodic} (in {@code LiveJfr.open}) that takes one window of those figures and commits one
 * event per method. Memoization ({@link MemoStatisticsEvent}, {@link MemoStatistics}) and
 * offload ({@link OffloadStatisticsEvent}, {@link OffloadStatistics}) do so. Registering
 * here (rather than with {@link FlightRecorder} directly) removes the hook when the agent stops,
 * and does nothing when JFR is unavailable.
 */
final class OverclockEvents implements Snapshots.Listener, SlowCallListener, CodeChange.Listener {

  /** At most this many slow-invocation events per second (a token bucket of one second). */
  static final int SLOW_EVENTS_PER_SECOND = 100;

  private static final int MAX_METHODS_IN_EVENT = 20;

  private final long slowThresholdNanos;
  private final List<Runnable> hooks = new ArrayList<>();
  private final AtomicLong droppedSlowEvents = new AtomicLong();
  private final AtomicLong statisticsEvents = new AtomicLong();
  private double tokens = SLOW_EVENTS_PER_SECOND;
  private long lastRefill = System.nanoTime();

  OverclockEvents(long slowThresholdNanos) {
    this.slowThresholdNanos = slowThresholdNanos;
  }

  /**
   * Loads and initialises the event classes now, on the caller's thread, so that no transformer
   * or application thread loads them later while committing its first event.
   */
  void preload() {
    new MethodStatisticsEvent().isEnabled();
    new MemoStatisticsEvent().isEnabled();
    new OffloadStatisticsEvent().isEnabled();
    new SlowInvocationEvent().isEnabled();
    new CodeChangeEvent().isEnabled();
  }

  /**
   * Registers a periodic event and the hook that commits it; JFR calls the hook at the period
   * each recording sets, only while some recording enables the event.
   *
   * <p>The hook runs only while {@code consumed} says that a recording other than the agent's
   * own stream runs. Overclock's events are enabled by default, so the agent's live stream alone
   * enables them too, and JFR would call the hooks every second for events nobody reads: a
   * snapshot of every timed method each second (about 3 ms of CPU a second on a workload with a
   * few timed methods).
   */
  synchronized void addPeriodic(
      Class<? extends Event> eventClass, Runnable hook, BooleanSupplier consumed) {
    Runnable guarded = () -> {
      if (consumed.getAsBoolean()) {
        hook.run();
      }
    };
    FlightRecorder.addPeriodicEvent(eventClass, guarded);
    hooks.add(guarded);
  }

  /** Removes every periodic hook. */
  synchronized void close() {
    for (Runnable hook : hooks) {
      try {
        FlightRecorder.removePeriodicEvent(hook);
      } catch (RuntimeException ignored) {
        // JFR is shutting down
      }
    }
    hooks.clear();
  }

  @Override
  public void window(Snapshots.Window window) {
    MethodStatisticsEvent probe = new MethodStatisticsEvent();
    if (!probe.isEnabled()) {
      return;
    }
    for (MethodSnapshot snapshot : window.methods()) {
      LatencySummary calls = snapshot.window();
      if (calls.calls() == 0) {
        continue;
      }
      MethodStatisticsEvent event = new MethodStatisticsEvent();
      MethodRef method = snapshot.method();
      event.method = method.name();
      event.descriptor = method.descriptor();
      event.selectedBy = method.selectedBy();
      event.window = window.durationNanos();
      event.calls = calls.calls();
      event.errors = snapshot.windowErrors();
      event.mean = Math.round(calls.meanNanos());
      event.p50 = calls.p50Nanos();
      event.p90 = calls.p90Nanos();
      event.p99 = calls.p99Nanos();
      event.max = calls.maxNanos();
      event.totalCalls = snapshot.calls();
      event.commit();
      statisticsEvents.incrementAndGet();
    }
  }

  @Override
  public void slowCall(MethodRef method, long nanos, boolean failed) {
    try {
      SlowInvocationEvent event = new SlowInvocationEvent();
      if (!event.isEnabled() || !takeToken()) {
        return;
      }
      event.method = method.name();
      event.descriptor = method.descriptor();
      event.callDuration = nanos;
      event.threshold = slowThresholdNanos;
      event.threw = failed;
      event.commit();
    } catch (RuntimeException | LinkageError ignored) {
      // an event lost; the call itself was recorded already
    }
  }

  private synchronized boolean takeToken() {
    long now = System.nanoTime();
    tokens = Math.min(SLOW_EVENTS_PER_SECOND,
        tokens + (now - lastRefill) * SLOW_EVENTS_PER_SECOND / 1e9);
    lastRefill = now;
    if (tokens < 1) {
      droppedSlowEvents.incrementAndGet();
      return false;
    }
    tokens--;
    return true;
  }

  @Override
  public void changed(CodeChange change) {
    CodeChangeEvent event = new CodeChangeEvent();
    if (!event.isEnabled()) {
      return;
    }
    event.changedAt = change.at().toEpochMilli();
    event.className = change.className();
    event.action = change.action();
    event.advice = change.advice();
    List<String> methods = change.methods();
    String joined =
        String.join(", ", methods.subList(0, Math.min(MAX_METHODS_IN_EVENT, methods.size())));
    event.methods = methods.size() > MAX_METHODS_IN_EVENT
        ? joined + " and " + (methods.size() - MAX_METHODS_IN_EVENT) + " more"
        : joined;
    event.reason = change.reason();
    event.commit();
  }

  /** Slow-invocation events the rate limit dropped. */
  long droppedSlowEvents() {
    return droppedSlowEvents.get();
  }

  long statisticsEvents() {
    return statisticsEvents.get();
  }
}
