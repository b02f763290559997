package dev.overclock.benchmarks;

import benchtarget.MemoTargets;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@code @Memoize} costs and saves, side by side in one forked JVM that runs the agent
 * (added by {@link BenchmarkMain}):
 *
 * <ul>
 *   <li>{@code hitOneArg*}, {@code hitTwoArgs*}: a cache hit through {@code @Memoize} ({@code
 *       ByAgent}) and through hand-written Caffeine memoization of the same method ({@code
 *       HandWritten}: {@code getIfPresent}, and on a miss compute and {@code put}), cycling over
 *       64 argument values that are all cached after warm-up ({@code long} arguments, and {@code
 *       String} ones in {@code hitOneObjectArg*}, {@code hitTwoObjectArgs*}); {@code
 *       computeOneArg} is the method itself, uncached;
 *   <li>{@code fib35*}: plain recursive {@code fib(35)}, the same memoized from scratch (a new
 *       receiver, so nothing is cached: 36 misses and 33 hits), and memoized with the result
 *       cached (one hit);
 *   <li>{@code miss*}: a new argument on every call, so every call is a miss that computes,
 *       inserts and (once {@code maxSize} is reached) evicts; against the same method without
 *       memoization.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@Threads(1)
public class MemoizeOverhead {

  /** Per-thread argument sequences. */
  @State(Scope.Thread)
  public static class Input {
    long step;
    long fresh = 1L << 40;

    final String[] texts = new String[64];

    {
      for (int i = 0; i < texts.length; i++) {
        texts[i] = "key-" + i;
      }
    }

    /** One of 64 values, in turn. */
    long cycling() {
      return step++ & 63;
    }

    /** One of 64 strings, in turn. */
    String cyclingText() {
      return texts[(int) (step++ & 63)];
    }
  }

  /** The hand-written memoization: what users write with Caffeine directly. */
  @State(Scope.Benchmark)
  public static class HandWritten {
    final Cache<Long, Long> one = Caffeine.newBuilder().maximumSize(10_000).build();
    final Cache<Pair, Long> two = Caffeine.newBuilder().maximumSize(10_000).build();

    long one(long a) {
      Long cached = one.getIfPresent(a);
      if (cached != null) {
        return cached;
      }
      long result = MemoTargets.work(a, 0);
      one.put(a, result);
      return result;
    }

    final Cache<String, Long> oneText = Caffeine.newBuilder().maximumSize(10_000).build();
    final Cache<TextPair, Long> twoTexts = Caffeine.newBuilder().maximumSize(10_000).build();

    long oneText(String a) {
      Long cached = oneText.getIfPresent(a);
      if (cached != null) {
        return cached;
      }
      long result = MemoTargets.work(a.hashCode(), 0);
      oneText.put(a, result);
      return result;
    }

    long twoTexts(String a, String b) {
      TextPair key = new TextPair(a, b);
      Long cached = twoTexts.getIfPresent(key);
      if (cached != null) {
        return cached;
      }
      long result = MemoTargets.work(a.hashCode(), b.hashCode());
      twoTexts.put(key, result);
      return result;
    }

    long two(long a, long b) {
      Pair key = new Pair(a, b);
      Long cached = two.getIfPresent(key);
      if (cached != null) {
        return cached;
      }
      long result = MemoTargets.work(a, b);
      two.put(key, result);
      return result;
    }
  }

  /** A two-argument key, as a hand-written memoization would define it. */
  record Pair(long a, long b) {}

  /** The same for two object arguments. */
  record TextPair(String a, String b) {}

  @Benchmark
  public long computeOneArg(Input input) {
    return MemoTargets.work(input.cycling(), 0);
  }

  @Benchmark
  public long hitOneArgByAgent(Input input) {
    return MemoTargets.memoOne(input.cycling());
  }

  @Benchmark
  public long hitOneArgHandWritten(Input input, HandWritten cache) {
    return cache.one(input.cycling());
  }

  @Benchmark
  public long hitTwoArgsByAgent(Input input) {
    long a = input.cycling();
    return MemoTargets.memoTwo(a, a ^ 5);
  }

  @Benchmark
  public long hitTwoArgsHandWritten(Input input, HandWritten cache) {
    long a = input.cycling();
    return cache.two(a, a ^ 5);
  }

  @Benchmark
  public long hitOneObjectArgByAgent(Input input) {
    return MemoTargets.memoOneText(input.cyclingText());
  }

  @Benchmark
  public long hitOneObjectArgHandWritten(Input input, HandWritten cache) {
    return cache.oneText(input.cyclingText());
  }

  @Benchmark
  public long hitTwoObjectArgsByAgent(Input input) {
    String a = input.cyclingText();
    return MemoTargets.memoTwoTexts(a, input.texts[a.length() & 63]);
  }

  @Benchmark
  public long hitTwoObjectArgsHandWritten(Input input, HandWritten cache) {
    String a = input.cyclingText();
    return cache.twoTexts(a, input.texts[a.length() & 63]);
  }

  @Benchmark
  public long fib35Plain() {
    return MemoTargets.fibPlain(35);
  }

  @Benchmark
  public long fib35MemoizedFromScratch() {
    return new MemoTargets.Fib().fib(35);
  }

  @Benchmark
  public long fib35MemoizedCached() {
    return MemoTargets.fibMemo(35);
  }

  @Benchmark
  public long missByAgent(Input input) {
    return MemoTargets.memoMiss(input.fresh++);
  }

  @Benchmark
  public long missBaseline(Input input) {
    return MemoTargets.work(input.fresh++, 0);
  }
}
