package dev.overclock.governor;

import dev.overclock.metrics.MethodRef;
import dev.overclock.metrics.TimingRecorders;
import dev.overclock.metrics.TimingSampling;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * What one timing advice call costs on this machine, measured once at start-up on the governor's
 * own thread: the advice's enter, clock and exit path run in a loop on a throw-away recorder, once
 * clocked on every call and once counted only (a sampled method's other calls). The best of a few
 * short rounds is kept, so that the rounds run before the JIT compiled the path do not count:
 * the advice in the application is compiled code too. About 200,000 calls in all, a few tens of
 * milliseconds of one core, in the background: start-up does not wait for it. The rounds are
 * timed by the thread's CPU time, not the wall clock, so that a busy machine's other processes do
 * not make the advice look dear; at start-up the JIT may not have compiled the path yet, so the
 * governor calibrates again after its warm-up and keeps the lower price of each kind.
 *
 * <p>Not measured: the call through the bridge into the agent, which the JIT inlines in the
 * application's code, and the advice of memoization and offload, which the application asked for
 * (they save more than they cost, and the report shows their figures).
 */
final class AdvicePrice {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private static final int CALLS_PER_ROUND = 20_000;
  private static final int ROUNDS = 5;

  /** A counted-only call is never priced below this: the loop's own cost is not the advice's. */
  private static final double MIN_NANOS = 1.0;

  private AdvicePrice() {}

  static OverheadGovernor.CostModel calibrate() {
    TimingRecorders probe = new TimingRecorders(null, 1, TimingSampling.EXACT);
    int id = probe.register(
        new MethodRef("overclock.governor.Calibration", "call", "()V", "calibration"));
    probe.woven(id);
    double clocked = bestOfRounds(probe, id);
    probe.pinSampling(id, 1 << 30);
    double unclocked = bestOfRounds(probe, id);
    return new OverheadGovernor.CostModel(Math.max(MIN_NANOS, clocked),
        Math.max(MIN_NANOS, unclocked));
  }

  private static double bestOfRounds(TimingRecorders recorders, int id) {
    boolean cpu = cpuTime() >= 0;
    double best = Double.MAX_VALUE;
    for (int round = 0; round < ROUNDS; round++) {
      long start = cpu ? cpuTime() : System.nanoTime();
      for (int i = 0; i < CALLS_PER_ROUND; i++) {
        Object state = recorders.enter(id);
        long callStart = recorders.start(state);
        recorders.exit(id, state, callStart, null);
      }
      long end = cpu ? cpuTime() : System.nanoTime();
      best = Math.min(best, (double) (end - start) / CALLS_PER_ROUND);
    }
    return best;
  }

  /**
   * This thread's CPU time, or -1 where the JVM does not tell it (then the wall clock is used):
   * on a busy machine the wall clock also counts the time other processes had the core, which
   * the advice does not cost.
   */
  private static long cpuTime() {
    try {
      return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    } catch (UnsupportedOperationException e) {
      return -1;
    }
  }
}
