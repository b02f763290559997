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
 * <h2>Pacing on a saturated machine</h2>
 *
 * While the machine's CPU is saturated (at least {@link Settings#saturated} of all cores busy),
 * the JIT's compiler threads wait for a core like everyone else, and a changed method can run
 * interpreted for seconds: that is when a change costs the most. So a change that is due then is
 * deferred, for up to {@link Settings#deferWindows} windows in a row (the saturation may be a
 * burst); a machine that stays saturated is an application's normal state, not a burst, and then
 * the changes due are made (and watched like any other: none more until they settled) and the
 * next ones wait again: changes are paced, never stopped for good, and every one is still taken
 * back if it leaves its method slower. The
 * caller asks this only for methods hot on the CPU (a method found by its waits is not paced).
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
   * @param saturated the machine's CPU load (0 to 1, all cores) from which changes are paced
   * @param deferWindows windows in a row a due change waits on a saturated machine
   */
  public record Settings(long grace, int windows, int perWindow, long backoff, double saturated,
      int deferWindows) {

    /**
     * 3 s of grace, 2 windows, 2 methods a window, 60 s of back-off; paced from 90% of the
     * machine's CPU, deferred for one window (more delays every hot method on a machine that
     * stays saturated, and the governor may shed automatic timing before it comes).
     */
    public static final Settings DEFAULTS =
        new Settings(3_000_000_000L, 2, 2, 60_000_000_000L, 0.9, 1);

    /** Without pacing on a saturated machine. */
    public Settings(long grace, int windows, int perWindow, long backoff) {
      this(grace, windows, perWindow, backoff, Double.POSITIVE_INFINITY, 0);
    }
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
  private int deferredInRow;
  private long deferredWindows;
  private long pacedChanges;

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

  /**
   * How many hot methods may be changed now, in a window that has changes due, on a machine this
   * busy: as {@link #changesAllowed(long)}, paced while the machine is saturated (see the class
   * comment). Counts the window as deferred when it holds a due change back for the saturation.
   *
   * @param machineLoad the machine's CPU load over the last window, 0 to 1 (all cores); negative
   *     when unknown (never saturated then)
   */
  public int changesAllowed(long nowNanos, double machineLoad) {
    int allowed = changesAllowed(nowNanos);
    if (allowed == 0) {
      return 0;
    }
    if (machineLoad < settings.saturated()) {
      deferredInRow = 0;
      return allowed;
    }
    if (deferredInRow < settings.deferWindows()) {
      deferredInRow++;
      deferredWindows++;
      return 0;
    }
    deferredInRow = 0; // the changes due now, then the next ones wait again
    pacedChanges++;
    return allowed;
  }

  /** Whether the last {@link #changesAllowed(long, double)} deferred for the saturation. */
  public boolean deferring() {
    return deferredInRow > 0;
  }

  /** Windows in which a due change waited for a saturated machine, in all. */
  public long deferredWindows() {
    return deferredWindows;
  }

  /** Windows in which changes were made on a saturated machine after their wait, in all. */
  public long pacedChanges() {
    return pacedChanges;
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
