package fixtureapp.known;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongUnaryOperator;

/**
 * The look-alike corpus of issue 14: hot methods whose arguments repeat (8 values, over and over),
 * some pure and some impure in each way a purity analysis can miss. Under {@code auto=optimize}
 * only the pure ones may be memoized; every result the program prints (a checksum per method)
 * must equal the run without the agent's.
 *
 * <p>Pure: {@link #PURE}, among them one that returns {@code null} for some arguments, one that
 * throws for some and a recursive one. Impure: {@link #IMPURE}; the ones that keep state make
 * the printed result
 * change if they were memoized (a counter, a factor that changes, a caller's stack depth, a
 * returned array or key the caller changes).
 *
 * <p>Runs round after round until the file named by its first argument holds a round count, then
 * exactly that many rounds, and prints {@code <method> <checksum>} lines and {@code done
 * <rounds>}; the current round is written to the second argument's file every 16 rounds, so that
 * a test can pick a count both of two runs reach. Its third argument bounds the run in seconds.
 */
public final class CorpusCase {

  /**
   * The pure methods, as {@code <class suffix>::<method>}: each is in a class of its own, so that
   * changing one class's code (timing, sampling, memoizing) leaves the others' figures alone.
   */
  public static final List<String> PURE = List.of(
      "$Quote::quote", "$Label::label", "$Lookup::lookup", "$Parse::parsePositive",
      "$DigitSum::digitSum");

  /** The impure ones, each with a way the purity gate must see (or verification must catch). */
  public static final List<String> IMPURE = List.of(
      "::countedQuote", "$Accumulator::rememberLast", "::storeInto", "::copyInto",
      "::sortInPlace", "::scaledByFactor", "::unitsFor", "::lazySquare", "::withDeadline",
      "::seededNoise", "::buffered", "::withOffset", "::lockedQuote", "::typeName",
      "::viaCapturingLambda", "::identityBucket", "::sortCounting", "::stackDepth", "::keyed",
      "::digitsOf", "::listOf");

  private static final int WORK = 12_000;
  private static final long A = 6_364_136_223_846_793_005L;
  private static final long B = 1_442_695_040_888_963_407L;
  private static final int DISTINCT = 8;

  private static int calls;
  private static int factor = 3;
  private static Map<Integer, Long> lazy;
  private static int comparisons;
  private static final List<String> UNITS = new ArrayList<>(List.of("g", "kg", "t"));
  private static final ThreadLocal<StringBuilder> BUFFER =
      ThreadLocal.withInitial(StringBuilder::new);
  private static final Accumulator ACCUMULATOR = new Accumulator();

  private CorpusCase() {}

  public static void main(String[] args) throws IOException {
    Path stop = Path.of(args[0]);
    Path progress = Path.of(args[1]);
    long deadline = System.nanoTime() + (long) (Double.parseDouble(args[2]) * 1e9);
    Map<String, Long> sums = new LinkedHashMap<>();
    long target = Long.MAX_VALUE;
    long round = 0;
    while (round < target) {
      int x = (int) (round % DISTINCT);
      Rounds.call(sums, round, x);
      round++;
      if (round % 16 == 0) {
        // Written aside and moved in: a reader never sees the file empty (truncated, not yet
        // written), which under load it did for long enough to read no progress at all.
        Path next = progress.resolveSibling(progress.getFileName() + ".tmp");
        Files.writeString(next, Long.toString(round));
        Files.move(next, progress, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        target = target(stop, round, deadline);
      }
    }
    for (Map.Entry<String, Long> sum : sums.entrySet()) {
      System.out.println(sum.getKey() + " " + sum.getValue());
    }
    System.out.println("done " + round);
  }

  /** The round count to stop at: the stop file's, or this one once the time is up. */
  private static long target(Path stop, long round, long deadline) throws IOException {
    if (System.nanoTime() >= deadline) {
      return round;
    }
    if (Files.isRegularFile(stop)) {
      String text = Files.readString(stop).trim();
      if (!text.isEmpty()) {
        return Math.max(round, Long.parseLong(text));
      }
    }
    return Long.MAX_VALUE;
  }

  /** The rounds, in a class of their own: the corpus methods' classes change, this one not. */
  static final class Rounds {
    /** One round: every method once, on the round's argument, each result folded into its sum. */
    static void call(Map<String, Long> sums, long round, int x) {
      add(sums, "quote", Quote.quote(x, x % 3));
      add(sums, "label", Label.label(x).hashCode());
      String found = Lookup.lookup(x);
      add(sums, "lookup", found == null ? -1 : found.length());
      try {
        add(sums, "parsePositive", Parse.parsePositive("" + (x - 2)));
      } catch (IllegalArgumentException e) {
        add(sums, "parsePositive", -1000 - e.getMessage().length());
      }
      add(sums, "digitSum", DigitSum.digitSum(x * 7_919L + 1, 6));

      add(sums, "countedQuote", countedQuote(x) + calls);
      add(sums, "rememberLast", ACCUMULATOR.rememberLast(x) + ACCUMULATOR.last);
      int[] out = new int[2];
      add(sums, "storeInto", storeInto(out, x) + out[0]);
      int[] dst = new int[4];
      add(sums, "copyInto", copyInto(dst, x) + dst[3]);
      int[] values = {x, 7 - x, 3, x % 2};
      add(sums, "sortInPlace", sortInPlace(values) + values[0] * 10L + values[3]);
      if (round % 100 == 0) {
        factor = 3 + (int) (round / 100 % 5);
      }
      add(sums, "scaledByFactor", scaledByFactor(x));
      add(sums, "unitsFor", unitsFor(x).size());
      add(sums, "lazySquare", lazySquare(x));
      add(sums, "withDeadline", withDeadline(x));
      add(sums, "seededNoise", seededNoise(x));
      add(sums, "buffered", buffered(x).hashCode());
      add(sums, "withOffset", withOffset(x));
      add(sums, "lockedQuote", lockedQuote(x));
      add(sums, "typeName", typeName(x).hashCode());
      add(sums, "viaCapturingLambda", viaCapturingLambda(x));
      add(sums, "identityBucket", identityBucket("k" + x));
      add(sums, "sortCounting", sortCounting(x).hashCode() + comparisons);
      add(sums, "stackDepth", round % 2 == 0 ? stackDepth(x) : deeper(x));
      MutableKey key = new MutableKey(x);
      long keyed = keyed(key);
      key.value++;
      add(sums, "keyed", keyed + keyed(key));
      long[] digits = digitsOf(x);
      add(sums, "digitsOf", digits[0]);
      digits[0] = 99; // a memoized array would hand this to the next caller
      List<Long> list = listOf(x);
      add(sums, "listOf", list.size());
      list.add(1L); // a memoized list would grow on every call
    }

    private static void add(Map<String, Long> sums, String method, long value) {
      sums.merge(method, value, (a, b) -> a * 31 + b);
    }
  }

  // Each method below runs its own loop of a few thousand multiply-adds (W in the comments):
  // JFR credits a sample to the innermost method of the application, so a shared helper would
  // be the one hot method found.

  // ---- pure: each in a class of its own, which changes while the others' are measured; twice
  // the work, so that they are found first ----

  static final class Quote {
    static long quote(int item, int quantity) {
      long w = item * 31L + quantity;
      for (int i = 0; i < 2 * WORK; i++) {
        w = w * A + B + i;
      }
      return w;
    }
  }

  static final class Label {
    static String label(int x) {
      StringBuilder text = new StringBuilder();
      long w = x;
      for (int i = 0; i < 2 * WORK; i++) {
        w = w * A + B + i;
      }
      long value = w;
      for (int i = 0; i < 8; i++) {
        text.append((char) ('a' + (int) ((value >>> (i * 4)) & 15)));
      }
      return text.toString();
    }
  }

  static final class Lookup {
    /** {@code null} for odd arguments: a {@code null} result is cached like any other. */
    static String lookup(int x) {
      long w = x + 100;
      for (int i = 0; i < 2 * WORK; i++) {
        w = w * A + B + i;
      }
      long value = w;
      return x % 2 == 1 ? null : Long.toHexString(value);
    }
  }

  static final class Parse {
    /** Throws for negative numbers: an exception is never cached. */
    static long parsePositive(String text) {
      int value = Integer.parseInt(text);
      if (value < 0) {
        throw new IllegalArgumentException("negative: " + text);
      }
      long w = value;
      for (int i = 0; i < 2 * WORK; i++) {
        w = w * A + B + i;
      }
      return w;
    }
  }

  static final class DigitSum {
    /** Recursive: a digit sum with work at every level. */
    static long digitSum(long number, int depth) {
      long w = number % 10;
      for (int i = 0; i < 2 * WORK; i++) {
        w = w * A + B + i;
      }
      long here = w & 0xff;
      return depth == 0 || number < 10 ? here : here + digitSum(number / 10, depth - 1);
    }
  }

  // ---- impure ----

  /** Writes a static: the caller prints the count. */
  static long countedQuote(int x) {
    calls++;
    long w = x;
    for (int i = 0; i < WORK; i++) {
      w = w * A + B + i;
    }
    return w;
  }

  /** Writes a field of its receiver (a shared object, not created in the call). */
  static final class Accumulator {
    long last;

    long rememberLast(int x) {
      long w = x + 1;
      for (int i = 0; i < 2 * WORK; i++) {
        w = w * A + B + i;
      }
      long value = w;
      last = value;
      return value;
    }
  }

  /** Writes into an array its caller passed. */
  static long storeInto(int[] out, int x) {
    long w = x + 2;
    for (int i = 0; i < WORK; i++) {
      w = w * A + B + i;
    }
    long value = w;
    out[0] = (int) value;
    return value;
  }

  /** {@code System.arraycopy} into its argument. */
  static long copyInto(int[] dst, int x) {
    int[] source = {x, x + 1, x + 2, x + 3};
    System.arraycopy(source, 0, dst, 0, 4);
    long w = x + 3;
    for (int i = 0; i < WORK; i++) {
      w = w * A + B + i;
    }
    return w;
  }

  /** Sorts its argument in place: argument mutation. */
  static long sortInPlace(int[] values) {
    Arrays.sort(values);
    long w = values[0];
    for (int i = 0; i < WORK; i++) {
      w = w * A + B + i;
    }
    return w;
  }

  /** Reads a non-final static, which the program changes now and then. */
  static long scaledByFactor(int x) {
    long w = x;
    for (int i = 0; i < WORK; i++) {
      w = w * A + B + i;
    }
    return w * factor;
  }

  /** Returns a mutable {@code static final} list. */
  static List<String> unitsFor(int x) {
    long w = x;
    for (int i = 0; i < WORK; i++) {
      w = w * A + B + i;
    }
    return w > 0 ? UNITS : Collections.emptyList();
  }

  /** A lazy cache of its own in a static map. */
  static long lazySquare(int x) {
    if (lazy == null) {
      lazy = new HashMap<>();
    }
    long w = x;
    for (int i = 0; i < WORK; i++) {
      w = w * A + B + i;
    }
    return w * lazy.computeIfAbsent(x, k -> k * 31L);
  }

  /** Reads the clock (a time limit never reached: the result does not show it). */
  static long withDeadline(int x) {
    long start = System.nanoTime();
    long w = x + 4;
    for (int i = 0; i < WORK; i++) {
      w = w * A + B + i;
    }
    long value = w;
    return System.nanoTime() - start > 60_000_000_000L ? -1 : value;
  }

  /** Random numbers, seeded, so the result repeats. */
  static long seededNoise(int x) {
    long w = x;
    for (int i = 0; i < WORK; i++) {
      w = w * A + B + i;
    }
    return w ^ new Random(x).nextInt(1000);
  }

  /** A thread-local buffer. */
  static String buffered(int x) {
    StringBuilder buffer = BUFFER.get();
    buffer.setLength(0);
    long w = x + 5;
    for (int i = 0; i < WORK; i++) {
      w = w * A + B + i;
    }
    return buffer.append(w).toString();
  }

  /** Reads a system property (the process environment). */
  static long withOffset(int x) {
    long w = x + Long.parseLong(System.getProperty("corpus.offset", "6"));
    for (int i = 0; i < WORK; i++) {
      w = w * A + B + i;
    }
    return w;
  }

  /** Synchronized. */
  static synchronized long lockedQuote(int x) {
    long w = x + 7;
    for (int i = 0; i < WORK; i++) {
      w = w * A + B + i;
    }
    return w;
  }

  /** Reflection. */
  static String typeName(int x) {
    long w = x + 8;
    for (int i = 0; i < WORK; i++) {
      w = w * A + B + i;
    }
    return Integer.class.getSimpleName() + w;
  }

  /** An invokedynamic the gate does not follow: a lambda capturing its argument. */
  static long viaCapturingLambda(int x) {
    LongUnaryOperator plus = value -> value + x;
    long w = x + 9;
    for (int i = 0; i < WORK; i++) {
      w = w * A + B + i;
    }
    return plus.applyAsLong(w);
  }

  /** An identity hash (masked, so the result does not show it). */
  static long identityBucket(String key) {
    long w = key.length();
    for (int i = 0; i < WORK; i++) {
      w = w * A + B + i;
    }
    return w + (System.identityHashCode(key) & 0);
  }

  /** A comparator of its own that counts comparisons in a static, handed to the JDK's sort. */
  static String sortCounting(int x) {
    List<String> words = new ArrayList<>(List.of("pear", "fig", "apple", "kiwi"));
    long w = x + 10;
    for (int i = 0; i < WORK; i++) {
      w = w * A + B + i;
    }
    words.add(Long.toString(w & 0xffff));
    Collections.sort(words, new Comparator<String>() {
      @Override
      public int compare(String left, String right) {
        comparisons++;
        return left.compareTo(right);
      }
    });
    return words.toString();
  }

  /** Depends on its caller: the depth of the call stack. */
  static long stackDepth(int x) {
    long w = x + 11;
    for (int i = 0; i < WORK; i++) {
      w = w * A + B + i;
    }
    return w + new Throwable().getStackTrace().length;
  }

  private static long deeper(int x) {
    return stackDepth(x);
  }

  /** An argument that is not value-like: its class has a field that changes. */
  static long keyed(MutableKey key) {
    long w = key.value + 12;
    for (int i = 0; i < WORK; i++) {
      w = w * A + B + i;
    }
    return w;
  }

  /** Returns an array, which its caller changes. */
  static long[] digitsOf(int x) {
    long w = x + 13;
    for (int i = 0; i < WORK; i++) {
      w = w * A + B + i;
    }
    return new long[] {w & 0xff, x};
  }

  /** Returns a mutable list, which its caller changes. */
  static List<Long> listOf(int x) {
    List<Long> list = new ArrayList<>();
    long w = x + 14;
    for (int i = 0; i < WORK; i++) {
      w = w * A + B + i;
    }
    list.add(w);
    return list;
  }

  /** A key whose value changes: equal keys now may differ later. */
  static final class MutableKey {
    int value;

    MutableKey(int value) {
      this.value = value;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof MutableKey && ((MutableKey) other).value == value;
    }

    @Override
    public int hashCode() {
      return value;
    }
  }
}
