package dev.overclock.governor;

import dev.overclock.jvm.CompiledFrames;
import dev.overclock.jvm.SampleWindow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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
 * By two signs in the JFR execution samples, which the agent has before the change (that is why
 * the method was chosen) and keeps getting after it:
 *
 * <ul>
 *   <li>its share of the samples: code that runs interpreted, or otherwise slower, takes a larger
 *       share; at least {@link #SLOWER_FACTOR} times its share before the change is slower;
 *   <li>the kind of frame its own code ran in ({@link CompiledFrames}: samples with the method
 *       on top): a method whose own code still takes at least {@link #MIN_SHARE} of all samples
 *       and runs interpreted in at least {@link #INTERPRETED} of them is running without
 *       compiled code (a method whose time goes to what it calls costs little interpreted). This sees what the share
 *       cannot: a method that had most of the samples before the change cannot double its share,
 *       however much slower it got. A hot method runs compiled, so its interpreted samples after
 *       the change are the change's doing.
 * </ul>
 *
 * A change is <em>settled</em> once neither sign shows (then it is no longer watched: a later
 * rise is the workload's, not the change's); within the grace a method that is still hot
 * settles only once its own samples show compiled code, as JFR delivers samples up to a second
 * late and the first ones after a change may have been taken before it; when interpreted samples had been seen before and
 * compiled ones are seen now, the JIT's recompilation was seen ({@link #recompiled()}). It is
 * <em>harmful</em> when, {@link Settings#grace} after the change, a sign has shown in {@link
 * Settings#windows} windows in a row: the caller then undoes it (restores the original code,
 * which the JIT compiles again like any new code) and the method is never changed again. No JIT
 * events are needed: a {@code jdk.Compilation} subscription with the threshold this would need
 * (0) streams thousands of events while an application warms up.
 *
 * <h2>Holding back</h2>
 *
 * At most {@link Settings#perWindow} hot methods are changed in a window (methods chosen for
 * their waits are not counted: a waiting thread runs none of their code), none before a window
 * has been seen since the last change nor while an earlier change shows a sign of harm (its
 * recompilation is what the application pays for), none for {@link
 * Settings#backoff} after a change was undone, and none at all once {@link Settings#maxUndos}
 * changes were undone: code changes do not pay for themselves in this JVM.
 *
 * <p>Nothing here waits for the machine to be less busy: a hold-back by CPU load (tried, then
 * reverted) kept hot methods untimed for as long as a machine stayed saturated, which is where
 * the harm is most likely but also where many applications always run. Every hold-back here ends
 * by itself: a change settles or is undone within the grace and a few windows, and a back-off
 * has its end.
 *
 * <p>Not thread-safe: the caller (the hot-method detector, on the JFR stream's thread) owns it.
 */
public final class CodeChangeWatch {

  /** How much larger a share of the samples means slower: code that is interpreted is far more. */
  public static final double SLOWER_FACTOR = 2.0;

  /** A share this small after the change is never called slower (sampling noise). */
  static final double MIN_SHARE = 0.05;

  /** The share of a method's own samples in the interpreter that means it has no compiled code. */
  static final double INTERPRETED = 0.5;

  /** A still-hot change without a sign either way is watched for this many graces at most. */
  static final int MAX_WATCH_GRACES = 4;

  /** Samples of a method in a window needed to tell interpreted from compiled. */
  static final long MIN_KIND_SAMPLES = 5;

  /**
   * @param grace how long after a change a higher share is expected (recompilation)
   * @param windows windows in a row with a higher share, after the grace, before the change is
   *     undone
   * @param perWindow hot methods changed at most per window
   * @param backoff no change for this long after an undo
   * @param maxUndos after this many undos no hot method is changed again
   */
  public record Settings(long grace, int windows, int perWindow, long backoff, int maxUndos) {

    /** 3 s of grace, 2 windows, 2 methods a window, 60 s of back-off, stop after 2 undos. */
    public static final Settings DEFAULTS =
        new Settings(3_000_000_000L, 2, 2, 60_000_000_000L, 2);

    /** Never stops for good. */
    public Settings(long grace, int windows, int perWindow, long backoff) {
      this(grace, windows, perWindow, backoff, Integer.MAX_VALUE);
    }
  }

  /** A change to take back, and why (a sentence for the report). */
  public record Undo(String key, String reason) {}

  private static final class Watched {
    final long changedNanos;
    final double shareBefore;
    int slowerWindows;
    double worstShare;
    boolean sawInterpreted;
    // Whether the last window showed a sign of harm; true until a first window was seen.
    boolean slowNow = true;

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
  private long recompiled;
  private long slowestRecompileNanos;

  public CodeChangeWatch(Settings settings) {
    this.settings = settings;
  }

  /**
   * How many hot methods may be changed now: 0 during the back-off after an undo, until a window
   * has been seen since the last change, or while an earlier change shows a sign of harm; else
   * {@link Settings#perWindow}. A change that shows no sign yet but has not settled is still
   * watched and holds nothing back: waiting for it held the jdbc workload's hot method untimed on
   * a saturated machine.
   */
  public int changesAllowed(long nowNanos) {
    if (stopped() || holding && nowNanos - holdUntilNanos < 0) {
      return 0;
    }
    for (Watched change : watched.values()) {
      if (change.slowNow) {
        return 0;
      }
    }
    return settings.perWindow();
  }

  /** Whether no hot method is changed again in this run ({@link Settings#maxUndos} reached). */
  public boolean stopped() {
    return undone.size() >= settings.maxUndos();
  }

  /** The methods whose changes are watched now: whose frames {@link CompiledFrames} counts. */
  public Set<String> watchedKeys() {
    return Set.copyOf(watched.keySet());
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

  /** As {@link #window(SampleWindow, Map, long)}, without frame kinds (the share alone). */
  public List<Undo> window(SampleWindow window, long nowNanos) {
    return window(window, null, nowNanos);
  }

  /**
   * A window of execution samples after the changes: returns the changes to undo now (each is
   * forgotten here and remembered as undone).
   *
   * @param kinds the watched methods' samples by kind of frame in this window ({@link
   *     CompiledFrames#take}); a method without an entry had no sample of a known kind; {@code
   *     null}: frame kinds are not known (the share alone decides)
   */
  public List<Undo> window(SampleWindow window, Map<String, CompiledFrames.Kinds> kinds,
      long nowNanos) {
    List<Undo> undos = new ArrayList<>();
    if (window.samples() == 0 || watched.isEmpty()) {
      return undos;
    }
    boolean kindsKnown = kinds != null;
    if (kinds == null) {
      kinds = Map.of();
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
      CompiledFrames.Kinds frames = kinds.get(entry.getKey());
      boolean interpreted = frames != null && frames.samples() >= MIN_KIND_SAMPLES
          && frames.interpretedShare() >= INTERPRETED;
      change.sawInterpreted |= interpreted;
      boolean costly = frames != null
          && (double) frames.samples() / window.samples() >= MIN_SHARE;
      // A larger share is the change's doing only if it is in the method's own code, the only
      // code the change touched (what it calls keeps its own compiled code): where frame kinds
      // are known, its own frames must take a share worth counting. A waiting method chosen
      // while clients were still starting (HttpClient's CPU counted to it) took 5% and then 23%
      // of the samples as the load rose, with its own code in few of them: undone for nothing.
      boolean largerShare = share >= MIN_SHARE && share >= SLOWER_FACTOR * change.shareBefore
          && (!kindsKnown || costly);
      boolean inGrace = nowNanos - change.changedNanos < settings.grace();
      boolean compiled = frames != null && frames.samples() >= MIN_KIND_SAMPLES && !interpreted;
      boolean recovered = change.worstShare >= MIN_SHARE
          && change.worstShare >= SLOWER_FACTOR * change.shareBefore; // and is back now
      boolean watchedLongEnough =
          nowNanos - change.changedNanos >= MAX_WATCH_GRACES * settings.grace();
      if (!(interpreted && costly) && !largerShare && !compiled && !recovered
          && share >= MIN_SHARE && !watchedLongEnough) {
        // No sign either way (JFR's samples come up to a second late, and a loaded machine's
        // sampler takes few): still watched, but it holds no other change back.
        change.slowNow = false;
        continue;
      }
      if (!largerShare && !(interpreted && costly)) {
        it.remove(); // settled: compiled again (or never slowed down); no longer watched
        if (change.sawInterpreted && frames != null && frames.compiled() > 0) {
          recompiled++;
          slowestRecompileNanos =
              Math.max(slowestRecompileNanos, nowNanos - change.changedNanos);
        }
        continue;
      }
      change.slowNow = true;
      change.worstShare = Math.max(change.worstShare, share);
      if (inGrace) {
        continue;
      }
      if (++change.slowerWindows >= settings.windows()) {
        String reason = largerShare ? String.format(Locale.ROOT,
            "after its code was changed it took %.0f%% of the execution samples against %.0f%%"
                + " before, for %d windows: its compiled code was thrown away and not made"
                + " again in time, so the change was taken back",
            100 * share, 100 * change.shareBefore, change.slowerWindows)
            : String.format(Locale.ROOT,
            "after its code was changed it ran interpreted in %.0f%% of its samples (%.0f%% of"
                + " all execution samples in its own code) for %d windows, %.1f s after the"
                + " change: its compiled code was thrown away and the JIT did not compile it"
                + " again, so the change was taken back",
            100 * frames.interpretedShare(), 100.0 * frames.samples() / window.samples(),
            change.slowerWindows,
            (nowNanos - change.changedNanos) / 1e9);
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

  /**
   * Changes after which the method was seen running interpreted and then compiled again: the
   * JIT's recompilation, seen in the samples' frames.
   */
  public long recompiled() {
    return recompiled;
  }

  /** The longest time from a change to its recompilation seen, 0 when none was seen. */
  public long slowestRecompileNanos() {
    return slowestRecompileNanos;
  }

  /** Changes taken back so far, with why, by method key. */
  public Map<String, String> undone() {
    return Map.copyOf(undone);
  }
}
