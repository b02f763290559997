package dev.overclock.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * Where the agent's memo hit loses time against a hand-written Caffeine lookup: hand-written
 * lookups of one {@code long} that copy one part of the agent's hit path at a time (a {@code
 * try/catch} bridge, a method table behind volatile reads, a wrapped value, an {@code Object}
 * key, an interface call), timed like {@link MemoHitCpuTime} (CPU time of this thread, rounds
 * interleaved, median ns per call). No agent needed.
 *
 * <pre>
 * java -XX:CompileCommand=quiet \
 *   -XX:CompileCommand=dontinline,dev.overclock.benchmarks.MemoHitProbe::viaSinkCountedCalled \
 *   -cp benchmarks/target/benchmarks.jar dev.overclock.benchmarks.MemoHitProbe [rounds] [warm-up CPU seconds]
 * </pre>
 */
public final class MemoHitProbe {

  private static final Cache<Long, Long> PLAIN = Caffeine.newBuilder().maximumSize(10_000).build();

  /** A method's entry in the table: its cache of wrapped results and its mode. */
  static final class Entry {
    final Cache<Object, Wrapped> cache = Caffeine.newBuilder().maximumSize(10_000).build();
    volatile int mode = 1;
  }

  /** A cached result, as the agent's {@code MemoHit}. */
  static final class Wrapped {
    final Object value;

    Wrapped(Object value) {
      this.value = value;
    }
  }

  /** The sink behind an interface, as the agent's bridge calls it. */
  interface Sink {
    Object enter1(int id, Object receiver, Object argument);
  }

  static final class Table implements Sink {
    volatile Entry[] entries = {new Entry()};

    @Override
    public Object enter1(int id, Object receiver, Object argument) {
      Entry entry = entries[id];
      if (entry == null || entry.mode == 2) {
        return null;
      }
      return entry.cache.getIfPresent(argument);
    }
  }

  private static volatile Table table = new Table();
  private static volatile Sink sink = table;

  private MemoHitProbe() {}

  private static long compute(long a) {
    return benchtarget.MemoTargets.work(a, 0);
  }

  // 1. The hand-written lookup (as MemoizeOverhead's).
  private static long plain(long a) {
    Long cached = PLAIN.getIfPresent(a);
    if (cached != null) {
      return cached;
    }
    long result = compute(a);
    PLAIN.put(a, result);
    return result;
  }

  // 1b. The method's entry bound as a constant (a static final, as a weave-time binding would
  // give): its mode read, the wrapped value unwrapped, no table.
  private static final Entry BOUND = new Entry();

  private static long bound(long a) {
    Entry entry = BOUND;
    Object hit = entry.mode == 2 ? null : entry.cache.getIfPresent((Object) Long.valueOf(a));
    if (hit != null) {
      return (Long) ((Wrapped) hit).value;
    }
    long result = compute(a);
    entry.cache.put(a, new Wrapped(result));
    return result;
  }

  // 2. The same behind a static method that catches Throwable (the bridge's and advice's
  // suppress).
  private static Object caught(long a) {
    try {
      return PLAIN.getIfPresent(a);
    } catch (Throwable failure) {
      return null;
    }
  }

  private static long withCatch(long a) {
    Object cached = caught(a);
    if (cached != null) {
      return (Long) cached;
    }
    long result = compute(a);
    PLAIN.put(a, result);
    return result;
  }

  // 3. A method table behind two volatile reads, an Object key, a wrapped value.
  private static long tabled(long a) {
    Entry entry = table.entries[0];
    Object hit = entry.mode == 2 ? null : entry.cache.getIfPresent((Object) Long.valueOf(a));
    if (hit != null) {
      return (Long) ((Wrapped) hit).value;
    }
    long result = compute(a);
    entry.cache.put(a, new Wrapped(result));
    return result;
  }

  // 4. As 3, through an interface call and a catch, as the agent's advice, bridge and sink.
  private static Object bridged(int id, Object argument) {
    try {
      Sink current = sink;
      return current == null ? null : current.enter1(id, null, argument);
    } catch (Throwable failure) {
      return null;
    }
  }

  private static long viaSink(long a) {
    Object hit = bridged(0, a);
    if (hit instanceof Wrapped) {
      return (Long) ((Wrapped) hit).value;
    }
    long result = compute(a);
    table.entries[0].cache.put(a, new Wrapped(result));
    return result;
  }

  // 5. As 4, plus a per-thread hit count and verification countdown found by the thread's id, as
  // the agent's HitCounters.
  static final class Cell {
    final long threadId = Thread.currentThread().getId();
    volatile long[] counts = new long[16];
  }

  private static final Cell[] CELLS = new Cell[1024];

  private static boolean counted(int slot, int every) {
    long id = Thread.currentThread().getId();
    Cell cell = CELLS[(int) id & 1023];
    if (cell == null || cell.threadId != id) {
      cell = new Cell();
      CELLS[(int) id & 1023] = cell;
    }
    long[] values = cell.counts;
    int at = 2 * slot;
    long since = values[at + 1] + 1;
    if (since >= every) {
      values[at + 1] = 0;
      return false;
    }
    values[at + 1] = since;
    values[at] = values[at] + 1;
    return true;
  }

  private static long viaSinkCounted(long a) {
    Object hit = bridged(0, a);
    if (hit instanceof Wrapped && counted(0, 1000)) {
      return (Long) ((Wrapped) hit).value;
    }
    long result = compute(a);
    table.entries[0].cache.put(a, new Wrapped(result));
    return result;
  }

  // 6. As 5, called (not inlined into the loop: -XX:CompileCommand=dontinline for it), as a
  // memoized method whose compiled code is too big to inline into its caller.
  private static long viaSinkCountedCalled(long a) {
    return viaSinkCounted(a);
  }

  // One loop per variant (not one shared loop taking the call), so that each call site sees one
  // target, as in MemoHitCpuTime.
  private enum Variant {
    PLAIN(n -> {
      long sum = 0;
      for (long i = 0; i < n; i++) {
        sum += plain(i & 63);
      }
      return sum;
    }),
    BOUND(n -> {
      long sum = 0;
      for (long i = 0; i < n; i++) {
        sum += bound(i & 63);
      }
      return sum;
    }),
    CATCH(n -> {
      long sum = 0;
      for (long i = 0; i < n; i++) {
        sum += withCatch(i & 63);
      }
      return sum;
    }),
    TABLE(n -> {
      long sum = 0;
      for (long i = 0; i < n; i++) {
        sum += tabled(i & 63);
      }
      return sum;
    }),
    SINK(n -> {
      long sum = 0;
      for (long i = 0; i < n; i++) {
        sum += viaSink(i & 63);
      }
      return sum;
    }),
    COUNTED(n -> {
      long sum = 0;
      for (long i = 0; i < n; i++) {
        sum += viaSinkCounted(i & 63);
      }
      return sum;
    }),
    CALLED(n -> {
      long sum = 0;
      for (long i = 0; i < n; i++) {
        sum += viaSinkCountedCalled(i & 63);
      }
      return sum;
    });

    final LongUnaryOperator calls;

    Variant(LongUnaryOperator calls) {
      this.calls = calls;
    }
  }

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    long warmUpNanos = (args.length > 1 ? Long.parseLong(args[1]) : 4) * 1_000_000_000L;
    Variant[] variants = Variant.values();
    List<LongUnaryOperator> calls = new ArrayList<>();
    for (Variant variant : variants) {
      calls.add(variant.calls);
    }
    double[][] nanos = MemoHitCpuTime.measure(calls, rounds, warmUpNanos);
    for (Variant variant : variants) {
      double[] times = nanos[variant.ordinal()];
      System.out.printf("%-8s %6.2f ns [%s]%n", variant.name().toLowerCase(),
          MemoHitCpuTime.median(times), MemoHitCpuTime.range(times));
    }
  }
}
