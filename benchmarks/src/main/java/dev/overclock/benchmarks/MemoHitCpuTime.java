package dev.overclock.benchmarks;

import benchtarget.MemoTargets;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * The memo hits of {@link MemoizeOverhead} (agent against hand-written Caffeine, one and two
 * {@code long} and {@code String} arguments), timed by the measuring thread's own CPU clock
 * instead of the wall clock, rounds interleaved in one JVM. On a machine loaded by other processes
 * JMH's wall-clock scores of these few-nanosecond calls mostly measure the load (microseconds per
 * call at load average 20-30); CPU time counts the thread's own work only, so the ratio of the
 * agent's hit to the hand-written one stays readable. Not a JMH benchmark: run it with the agent
 * on the command line.
 *
 * <pre>
 * java -javaagent:agent/target/overclock-agent.jar=summary=false,auto=off,jfr=false \
 *   -cp benchmarks/target/benchmarks.jar dev.overclock.benchmarks.MemoHitCpuTime [rounds] [warm-up CPU seconds]
 * </pre>
 */
public final class MemoHitCpuTime {

  private static final int CALLS = 200_000;
  private static final int REPEATS = 25;
  private static final MemoizeOverhead.HandWritten HAND = new MemoizeOverhead.HandWritten();
  private static final String[] TEXTS = new MemoizeOverhead.Input().texts;

  private MemoHitCpuTime() {}

  // One loop per variant, so that each call site sees one target, as in a JMH benchmark method.
  private enum Variant {
    ONE_LONG_AGENT(MemoHitCpuTime::oneLongAgent),
    ONE_LONG_HAND(MemoHitCpuTime::oneLongHand),
    TWO_LONGS_AGENT(MemoHitCpuTime::twoLongsAgent),
    TWO_LONGS_HAND(MemoHitCpuTime::twoLongsHand),
    ONE_STRING_AGENT(MemoHitCpuTime::oneStringAgent),
    ONE_STRING_HAND(MemoHitCpuTime::oneStringHand),
    TWO_STRINGS_AGENT(MemoHitCpuTime::twoStringsAgent),
    TWO_STRINGS_HAND(MemoHitCpuTime::twoStringsHand);

    final LongUnaryOperator calls;

    Variant(LongUnaryOperator calls) {
      this.calls = calls;
    }
  }

  // n calls over the 64 cached arguments; the sum keeps the JIT from dropping them.

  private static long oneLongAgent(long n) {
    long sum = 0;
    for (long i = 0; i < n; i++) {
      sum += MemoTargets.memoOne(i & 63);
    }
    return sum;
  }

  private static long oneLongHand(long n) {
    long sum = 0;
    for (long i = 0; i < n; i++) {
      sum += HAND.one(i & 63);
    }
    return sum;
  }

  private static long twoLongsAgent(long n) {
    long sum = 0;
    for (long i = 0; i < n; i++) {
      long a = i & 63;
      sum += MemoTargets.memoTwo(a, a ^ 5);
    }
    return sum;
  }

  private static long twoLongsHand(long n) {
    long sum = 0;
    for (long i = 0; i < n; i++) {
      long a = i & 63;
      sum += HAND.two(a, a ^ 5);
    }
    return sum;
  }

  private static long oneStringAgent(long n) {
    long sum = 0;
    for (long i = 0; i < n; i++) {
      sum += MemoTargets.memoOneText(TEXTS[(int) (i & 63)]);
    }
    return sum;
  }

  private static long oneStringHand(long n) {
    long sum = 0;
    for (long i = 0; i < n; i++) {
      sum += HAND.oneText(TEXTS[(int) (i & 63)]);
    }
    return sum;
  }

  private static long twoStringsAgent(long n) {
    long sum = 0;
    for (long i = 0; i < n; i++) {
      int a = (int) (i & 63);
      sum += MemoTargets.memoTwoTexts(TEXTS[a], TEXTS[a ^ 5]);
    }
    return sum;
  }

  private static long twoStringsHand(long n) {
    long sum = 0;
    for (long i = 0; i < n; i++) {
      int a = (int) (i & 63);
      sum += HAND.twoTexts(TEXTS[a], TEXTS[a ^ 5]);
    }
    return sum;
  }

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
    long warmUpNanos = (args.length > 1 ? Long.parseLong(args[1]) : 8) * 1_000_000_000L;
    Variant[] variants = Variant.values();
    List<LongUnaryOperator> calls = new ArrayList<>();
    for (Variant variant : variants) {
      calls.add(variant.calls);
    }
    double[][] nanos = measure(calls, rounds, warmUpNanos);
    List<String> lines = new ArrayList<>();
    for (int v = 0; v < variants.length; v += 2) {
      double agent = median(nanos[v]);
      double hand = median(nanos[v + 1]);
      lines.add(String.format("%-12s agent %6.2f ns [%s]  hand-written %6.2f ns [%s]  ratio %.2f",
          variants[v].name().replace("_AGENT", "").toLowerCase(), agent, range(nanos[v]), hand,
          range(nanos[v + 1]), agent / hand));
    }
    lines.forEach(System.out::println);
  }

  /**
   * The CPU time per call of each of {@code calls} (each makes the number of calls it is given),
   * after {@code warmUpNanos} of CPU time running them all: {@code rounds} rounds, the calls
   * interleaved in each; indexed [call][round], in ns per call.
   */
  static double[][] measure(List<LongUnaryOperator> calls, int rounds, long warmUpNanos) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long sink = 0;
    long warmUpEnd = threads.getCurrentThreadCpuTime() + warmUpNanos;
    while (threads.getCurrentThreadCpuTime() < warmUpEnd) {
      for (LongUnaryOperator call : calls) {
        sink += call.applyAsLong(CALLS);
      }
    }
    double[][] nanos = new double[calls.size()][rounds];
    for (int round = 0; round < rounds; round++) {
      for (int c = 0; c < calls.size(); c++) {
        long start = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < REPEATS; i++) {
          sink += calls.get(c).applyAsLong(CALLS);
        }
        nanos[c][round] = (threads.getCurrentThreadCpuTime() - start) / (double) (REPEATS * CALLS);
      }
    }
    if (sink == 42) { // keeps the JIT from dropping the calls
      System.out.println();
    }
    return nanos;
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  static String range(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return String.format("%.1f-%.1f", sorted[0], sorted[sorted.length - 1]);
  }
}
