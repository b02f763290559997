package dev.overclock.governor;

import dev.overclock.jvm.SampleWindow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Watches what each change of running code costs, and decides when to undo one and when to hold
 * back further changes.
 *
 * <h2>Why</h2>
 *
 * Retransforming a class throws away the compiled code of its methods: a hot method runs
 * interpreted until the JIT compiles it again, which on a saturated machine can take seconds, or
 * (seen once in a Spring Boot run) not happen for the rest of the run: the method took 127 ms a
 * call instead of 0.5 ms. The agent changes a hot method only to time it; a change that makes it
 * many times slower costs far more than anything timing can find.
 *
 * <h2>How it notices</h2>
 *
 * By the method's share of the JFR execution samples, which the agent has before the change
 * (that is why it was chosen) and keeps getting after it: code that runs interpreted, or
 * otherwise slower, takes a larger share of the samples. A change is <em>settled</em> once the
 * method's share is back below {@link #SLOWER_FACTOR} times its share before the change (then it
 * is no longer watched: a later rise is the workload's, not the change's); it is
 * <em>harmful</em> when, {@link Settings#grace} after the change, its share has stayed at least
 * that much higher in {@link Settings#windows} windows in a row: the caller then undoes it
 * (restores the original code, which the JIT compiles again like any new code) and the method is
 * never changed again. No JIT events are needed: a {@code jdk.Compilation} subscription with the
 * threshold this would need (0) streams thousands of events while an application warms up.
 *
 * <h2>Holding back</h2>
 *
 * At most {@link Settings#perWindow} hot methods are changed in a window, none while an earlier
 * change has not settled (its recompilation is what the application pays for), and none for
 * {@link Settings#backoff} after a change was undone.
 *
 * <p>Not thread-safe: the caller (the hot-method detector, on the JFR stream's thread) owns it.
 */
public final class CodeChangeWatch {

  /** How much larger a share of the samples means slower: code that is interpreted is far more. */
  public static final double SLOWER_FACTOR = 2.0;

  /** A share this small after the change is never called slower (sampling noise). */
  static final double MIN_SHARE = 0.05;

  /**
   * @param grace how long after a change a higher share is expected (recompilation)
   * @param windows windows in a row with a higher share, after the grace, before the change is
   *     undone
   * @param perWindow hot methods changed at most per window
   * @param backoff no change for this long after an undo
   */
  public record Settings(long grace, int windows, int perWindow, long backoff) {

    /** 3 s of grace, 2 windows, 2 methods a window, 60 s of back-off. */
    public static final Settings DEFAULTS =
        new Settings(3_000_000_000L, 2, 2, 60_000_000_000L);
  }

  /** A change to take back, and why (a sentence for the report). */
  public record Undo(String key, String reason) {}

  private static final class Watched {
    final long changedNanos;
    final double shareBefore;
    int slowerWindows;
    double worstShare;

    Watched(long changedNanos, double shareBefore) {
      this.changedNanos = changedNanos;
      this.shareBefore = shareBefore;
    }
  }

  private final Settings settings;
  private final Map<String, Watched> watched = new LinkedHashMap<>();
  private final Map<String, String> undone = new LinkedHashMap<>();
  private boolean holding;
  private long holdUntilNanos;
  private long changes;

  public CodeChangeWatch(Settings settings) {
    this.settings = settings;
  }

  /**
   * How many hot methods may be changed now: 0 during the back-off after an undo or while an
   * earlier change has not settled, else {@link Settings#perWindow}.
   */
  public int changesAllowed(long nowNanos) {
    if (holding && nowNanos - holdUntilNanos < 0) {
      return 0;
    }
    return watched.isEmpty() ? settings.perWindow() : 0;
  }

  /** Whether this method's code must never be changed again (a change to it was undone). */
  public boolean isUndone(String key) {
    return undone.containsKey(key);
  }

  /**
   * A hot method's code was changed.
   *
   * @param shareBefore its share of the execution samples (self) in the window it was chosen in
   */
  public void changed(String key, double shareBefore, long nowNanos) {
    watched.put(key, new Watched(nowNanos, shareBefore));
    changes++;
  }

  /**
   * A window of execution samples after the changes: returns the changes to undo now (each is
   * forgotten here and remembered as undone).
   */
  public List<Undo> window(SampleWindow window, long nowNanos) {
    List<Undo> undos = new ArrayList<>();
    if (window.samples() == 0 || watched.isEmpty()) {
      return undos;
    }
    Map<String, Long> self = new LinkedHashMap<>();
    for (SampleWindow.Counted counted : window.methods()) {
      if (watched.containsKey(counted.method().key())) {
        self.put(counted.method().key(), counted.self());
      }
    }
    for (var it = watched.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Watched> entry = it.next();
      Watched change = entry.getValue();
      double share = (double) self.getOrDefault(entry.getKey(), 0L) / window.samples();
      boolean slower = share >= MIN_SHARE && share >= SLOWER_FACTOR * change.shareBefore;
      if (!slower) {
        it.remove(); // settled: compiled again (or never slowed down); no longer watched
        continue;
      }
      change.worstShare = Math.max(change.worstShare, share);
      if (nowNanos - change.changedNanos < settings.grace()) {
        continue;
      }
      if (++change.slowerWindows >= settings.windows()) {
        String reason = String.format(Locale.ROOT,
            "after its code was changed it took %.0f%% of the execution samples against %.0f%%"
                + " before, for %d windows: its compiled code was thrown away and not made"
                + " again in time, so the change was taken back",
            100 * share, 100 * change.shareBefore, change.slowerWindows);
        undos.add(new Undo(entry.getKey(), reason));
        undone.put(entry.getKey(), reason);
        it.remove();
        holding = true;
        holdUntilNanos = nowNanos + settings.backoff();
      }
    }
    return undos;
  }

  /** Changes watched so far, in all. */
  public long changes() {
    return changes;
  }

  /** Changes taken back so far, with why, by method key. */
  public Map<String, String> undone() {
    return Map.copyOf(undone);
  }
}
