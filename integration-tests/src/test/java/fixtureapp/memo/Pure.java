package fixtureapp.memo;

import dev.overclock.annotations.Memoize;
import dev.overclock.annotations.Timed;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The memoized methods of {@link MemoApp}. Each body counts its runs in {@link #RUNS}, a side
 * effect that does not change any result, so the program can print how often bodies ran. Most
 * set {@code verify = 0}, so that a counted run means a miss; the defaults are covered by {@link
 * #fib} and {@link #price}.
 */
public final class Pure {

  static final AtomicInteger RUNS_LOOKUP = new AtomicInteger();
  static final AtomicInteger RUNS_FAILING = new AtomicInteger();
  static final AtomicInteger RUNS_SUM = new AtomicInteger();
  static final AtomicInteger RUNS_SQUARE = new AtomicInteger();
  static final AtomicInteger RUNS_LOG = new AtomicInteger();
  static final AtomicInteger RUNS_CURSOR = new AtomicInteger();
  static final AtomicInteger RUNS_MATRIX = new AtomicInteger();
  static final AtomicInteger RUNS_TRIPLE = new AtomicInteger();
  static final AtomicInteger RUNS_SLOW = new AtomicInteger();

  /** Thrown by {@link #failing} while {@link #fail} is set. */
  static final IllegalStateException FAILURE = new IllegalStateException("expected failure");
  static volatile boolean fail;

  private Pure() {}

  /** Plain recursion: fib(90) returns at once only when memoized. */
  @Memoize
  static long fib(long n) {
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
  }

  @Memoize(verify = 0, verifyRate = 0)
  static String lookup(String name) {
    RUNS_LOOKUP.incrementAndGet();
    return name.isEmpty() ? null : name.toUpperCase(java.util.Locale.ROOT);
  }

  @Memoize(verify = 0, verifyRate = 0)
  static int failing(int x) {
    RUNS_FAILING.incrementAndGet();
    if (fail) {
      throw FAILURE;
    }
    return x + 1;
  }

  @Memoize(verify = 0, verifyRate = 0)
  static int sum(int[] values, int extra) {
    RUNS_SUM.incrementAndGet();
    int sum = extra;
    for (int value : values) {
      sum += value;
    }
    return sum;
  }

  @Timed
  @Memoize(verify = 0, verifyRate = 0)
  static long square(long x) {
    RUNS_SQUARE.incrementAndGet();
    return x * x;
  }

  /** Impure on purpose: its result depends on {@link Counter#value}, not only on {@code x}. */
  @Memoize
  static int price(int x) {
    return x * 10 + Counter.value;
  }

  @Memoize
  static void log(String message) {
    RUNS_LOG.incrementAndGet();
  }

  @Memoize
  static Iterator<String> cursor(String value) {
    RUNS_CURSOR.incrementAndGet();
    return List.of(value).iterator();
  }

  /** Returns a type the tests mark unsafe with {@code memoize.unsafe=fixtureapp.memo.Matrix}. */
  @Memoize
  static Matrix matrix(int n) {
    RUNS_MATRIX.incrementAndGet();
    return new Matrix(n);
  }

  /** Not annotated: memoized only by a {@code memoize=} filter. */
  static int plainTriple(int x) {
    RUNS_TRIPLE.incrementAndGet();
    return 3 * x;
  }

  /** Slow on purpose, so that concurrent callers meet it in flight. */
  @Memoize(verify = 0, verifyRate = 0)
  static long slow(long x) throws InterruptedException {
    RUNS_SLOW.incrementAndGet();
    Thread.sleep(300);
    return x * 7;
  }

  /** Memory: called with a million distinct arguments. */
  @Memoize(maxSize = 1000, verify = 0, verifyRate = 0)
  static long spread(long x) {
    return x * 0x9E3779B97F4A7C15L;
  }
}
