package dev.overclock.jfr;

import dev.overclock.log.AgentLog;
import dev.overclock.metrics.MethodSnapshot;
import dev.overclock.metrics.TimingRecorders;
import dev.overclock.report.Units;
import dev.overclock.select.RuntimeSelection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Keeps the timing of automatically timed methods cheap: a method whose calls are too short to
 * time exactly, or so frequent that timing each would cost too much of a core, is timed on one
 * call in {@code timing.sample.every} (its calls still all counted) instead of being refused: a
 * short hot method is still one users want to see. Only where sampled timing is off ({@code
 * timing.exact=true}), or where even a sampled method costs too much, is it taken out. Its own
 * class because the cost model (the constants below) is a concern of its own.
 */
final class TimingCostGuard {

  /**
   * What timing one call costs, about (two clock reads and a histogram update; see
   * docs/performance.md): the basis of the guard.
   */
  static final long TIMING_COST_NANOS = 150;

  /** Calls shorter than this on average are taken out: timing would cost over 5% of each. */
  static final long MIN_MEAN_NANOS = 20 * TIMING_COST_NANOS;

  /** What counting one call of a sampled method without clocking it costs, about. */
  static final long COUNTING_COST_NANOS = 10;

  /** Timing a method may cost at most this share of one core. */
  static final double MAX_COST_SHARE = 0.02;

  /** The guard judges a method after this many calls. */
  static final long GUARD_MIN_CALLS = 200;

  private final TimingRecorders recorders;
  private final RuntimeSelection additions;

  TimingCostGuard(TimingRecorders recorders, RuntimeSelection additions) {
    this.recorders = recorders;
    this.additions = additions;
  }

  /**
   * Samples or takes out the timed methods of {@code entries} that cost too much; the classes of
   * those taken out join {@code classes}.
   *
   * @param window the detector's window count, kept with a method taken out
   */
  void check(Map<String, AutoTimedMethod> entries, List<MethodSnapshot> methods,
      Set<String> classes, long window) {
    long now = System.nanoTime();
    int every = recorders.sampling().every();
    for (MethodSnapshot method : methods) {
      AutoTimedMethod entry = entries.get(method.method().key());
      // A method timed again (see HotMethodDetector#MAX_REQUALIFY) is judged on its calls since.
      long calls = method.calls() - (entry == null ? 0 : entry.callsBefore);
      if (entry == null || !entry.timed() || calls < GUARD_MIN_CALLS) {
        continue;
      }
      double mean = entry.requalified > 0 && method.window().calls() > 0
          ? method.window().meanNanos() : method.latency().meanNanos();
      double seconds = Math.max(1e-3, (now - entry.addedNanos) / 1e9);
      double callsPerSecond = calls / seconds;
      boolean tooShort = mean < MIN_MEAN_NANOS;
      boolean tooFrequent = callsPerSecond * TIMING_COST_NANOS / 1e9 > MAX_COST_SHARE;
      if (!tooShort && !tooFrequent) {
        continue;
      }
      int sampledEvery = method.sampled() ? method.sampleEvery() : every;
      double sampledCost = callsPerSecond
          * (TIMING_COST_NANOS / (double) Math.max(1, sampledEvery) + COUNTING_COST_NANOS) / 1e9;
      String why = tooShort
          ? "calls took " + Units.duration(mean) + " on average"
          : String.format(Locale.ROOT, "%.0f calls a second", callsPerSecond);
      if (sampledEvery > 1 && sampledCost <= MAX_COST_SHARE) {
        if (!method.sampled()) {
          recorders.pinSampling(recorders.idOf(method.method().key()), sampledEvery);
        }
        if (entry.note == null) {
          entry.note = "sampled: " + why + ", so one call in " + sampledEvery + " is clocked"
              + " (every call counted)";
          AgentLog.info("timing " + entry.method.name() + " on one call in " + sampledEvery
              + ": " + why);
        }
        continue;
      }
      String note = tooShort
          ? String.format(Locale.ROOT, "removed: calls took %s on average, so timing them"
              + " would cost over 5%% of their time", Units.duration(mean))
          : String.format(Locale.ROOT, "removed: %.0f calls a second, so timing them would"
              + " take about %s of a core", callsPerSecond,
              Units.percent(sampledEvery > 1 ? sampledCost
                  : callsPerSecond * TIMING_COST_NANOS / 1e9));
      entry.remove(note, additions, classes);
      entry.cutByCostGuard = true;
      entry.cutInWindow = window;
      AgentLog.info("stopped timing " + entry.method.name() + ": " + note.substring(9));
    }
  }
}
