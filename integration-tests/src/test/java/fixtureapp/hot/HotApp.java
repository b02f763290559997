package fixtureapp.hot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A CPU-bound application for the hot-method tests: nothing annotated, outside {@code
 * dev.overclock}. One thread counts primes by trial division ({@link #countPrimes}, the hot
 * application method) and sorts arrays ({@code Arrays.sort}, a hot JDK method), round after
 * round, until the file named by its first argument exists (or two minutes passed). Every round
 * checks its result against the known answer, so a changed result shows in the last lines:
 *
 * <pre>
 * rounds 412
 * mismatches 0
 * </pre>
 */
public final class HotApp {

  /** Primes below 60,000. */
  static final int PRIMES_BELOW_60000 = 6057;

  private HotApp() {}

  public static void main(String[] args) throws Exception {
    Path stop = Path.of(args[0]);
    long deadline = System.nanoTime() + 120_000_000_000L;
    int rounds = 0;
    int mismatches = 0;
    long sortedMedians = 0;
    System.out.println("hot app running");
    while (!Files.exists(stop) && System.nanoTime() < deadline) {
      if (countPrimes(60_000) != PRIMES_BELOW_60000) {
        mismatches++;
      }
      sortedMedians += sortedMedian(rounds);
      rounds++;
    }
    System.out.println("rounds " + rounds);
    System.out.println("mismatches " + mismatches);
    System.out.println("medians " + (sortedMedians != 0));
  }

  /** How many primes are below {@code limit}, by trial division: a few milliseconds of CPU. */
  static int countPrimes(int limit) {
    int count = 0;
    for (int candidate = 2; candidate < limit; candidate++) {
      boolean prime = true;
      for (int divisor = 2; divisor * divisor <= candidate; divisor++) {
        if (candidate % divisor == 0) {
          prime = false;
          break;
        }
      }
      if (prime) {
        count++;
      }
    }
    return count;
  }

  /** Sorts pseudo-random numbers with the JDK and returns the median: time in the JDK. */
  static int sortedMedian(int seed) {
    int[] values = new int[50_000];
    int state = seed * 1_103_515_245 + 12_345;
    for (int i = 0; i < values.length; i++) {
      state = state * 1_103_515_245 + 12_345;
      values[i] = state >>> 1;
    }
    Arrays.sort(values);
    return values[values.length / 2];
  }
}
