package fixtureapp.gate;

import dev.overclock.annotations.Timed;

/**
 * The program {@code PerformanceGateIT} measures: for {@code gate.seconds} (default 2) it calls
 * two timed methods in a loop, {@link #quote}, a fixed amount of CPU work, and {@link #lookup}, a
 * smaller one. With {@code -Dgate.slowdown=2} {@code quote} does twice the work: the regression a
 * performance gate must find, on the machine's noise as it is. Prints {@code result <checksum>}
 * so the work cannot be optimised away.
 */
public final class GateApp {

  private static final int QUOTE_WORK = 20_000;
  private static final int LOOKUP_WORK = 5_000;
  private static final int SLOWDOWN = Integer.getInteger("gate.slowdown", 1);

  private GateApp() {}

  public static void main(String[] args) {
    long end = System.nanoTime() + Long.getLong("gate.seconds", 2) * 1_000_000_000L;
    long checksum = 0;
    int i = 0;
    while (System.nanoTime() < end) {
      checksum += quote(i);
      checksum += lookup(i);
      i++;
    }
    System.out.println("result " + checksum + " calls " + i);
  }

  @Timed
  static long quote(int seed) {
    return work(seed, QUOTE_WORK * SLOWDOWN);
  }

  @Timed
  static long lookup(int seed) {
    return work(seed, LOOKUP_WORK);
  }

  private static long work(int seed, int steps) {
    long x = seed * 0x9E3779B97F4A7C15L + 1;
    for (int step = 0; step < steps; step++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
    }
    return x;
  }
}
