package fixtureapp.memo;

import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A program whose methods {@code MemoizeIT} memoizes, run with and without the agent. It prints
 * two kinds of lines on stdout: {@code result <name> <value>}, what the program computed (the
 * same with and without the agent), and {@code runs <name> <n>}, how often a memoized body ran
 * (fewer with the agent). Arguments name the parts to run: {@code fib}, {@code semantics}, {@code
 * concurrent}, {@code virtual}, {@code bounded}.
 */
public final class MemoApp {

  private MemoApp() {}

  public static void main(String[] args) throws Exception {
    for (String part : args) {
      switch (part) {
        case "fib":
          result("fib90", Pure.fib(90));
          break;
        case "semantics":
          semantics();
          break;
        case "concurrent":
          concurrent();
          break;
        case "virtual":
          virtual();
          break;
        case "bounded":
          bounded();
          break;
        default:
          throw new IllegalArgumentException(part);
      }
    }
  }

  private static void semantics() throws Exception {
    // null results
    for (int i = 0; i < 3; i++) {
      result("lookup-empty-" + i, Pure.lookup(""));
    }
    result("lookup-a", Pure.lookup("a"));
    runs("lookup", Pure.RUNS_LOOKUP.get());

    // exceptions: never cached, the same instance reaches the caller
    Pure.fail = true;
    for (int i = 0; i < 2; i++) {
      try {
        Pure.failing(1);
        result("failing-threw-" + i, false);
      } catch (IllegalStateException e) {
        result("failing-same-instance-" + i, e == Pure.FAILURE);
      }
    }
    Pure.fail = false;
    result("failing-0", Pure.failing(1));
    result("failing-1", Pure.failing(1));
    runs("failing", Pure.RUNS_FAILING.get());

    // arrays: by content, and copied
    int[] values = {1, 2, 3};
    result("sum-0", Pure.sum(values, 10));
    result("sum-1", Pure.sum(new int[] {1, 2, 3}, 10));
    values[0] = 100;
    result("sum-2", Pure.sum(values, 10));
    result("sum-3", Pure.sum(new int[] {1, 2, 3}, 10));
    runs("sum", Pure.RUNS_SUM.get());

    // timed and memoized: timing counts every call
    long squares = 0;
    for (int i = 0; i < 10; i++) {
      squares += Pure.square(i % 2 == 0 ? 3 : 4);
    }
    result("squares", squares);
    runs("square", Pure.RUNS_SQUARE.get());

    // instance methods: per receiver
    Scaler two = new Scaler(2);
    Scaler three = new Scaler(3);
    for (int i = 0; i < 2; i++) {
      result("scale-two-" + i, two.scale(5));
      result("scale-three-" + i, three.scale(5));
    }
    runs("scale", Scaler.RUNS.get());
    result("receiver-collected", receiverCollected());

    // never memoized: void, constructor (Scaler), single-use JDK type, user-marked type
    Pure.log("a");
    Pure.log("a");
    runs("log", Pure.RUNS_LOG.get());
    result("cursor-distinct", Pure.cursor("x") != Pure.cursor("x"));
    runs("cursor", Pure.RUNS_CURSOR.get());
    result("matrix-distinct", Pure.matrix(2) != Pure.matrix(2));
    runs("matrix", Pure.RUNS_MATRIX.get());

    // selected by a filter, configured per method in the properties file
    for (int i = 0; i < 3; i++) {
      result("triple-" + i, Pure.plainTriple(7));
    }
    runs("triple", Pure.RUNS_TRIPLE.get());

    // impure: caught at its first repeated call, and the program still sees true results
    result("price-0", Pure.price(1));
    Counter.value = 5;
    result("price-1", Pure.price(1));
    Counter.value = 6;
    result("price-2", Pure.price(1));
    result("price-3", Pure.price(1));
  }

  private static boolean receiverCollected() throws InterruptedException {
    Scaler temporary = new Scaler(4);
    temporary.scale(1);
    temporary.scale(1);
    WeakReference<Scaler> reference = new WeakReference<>(temporary);
    temporary = null;
    new Scaler(5).scale(1); // another receiver becomes the last one seen
    for (int i = 0; i < 200 && reference.get() != null; i++) {
      System.gc();
      Thread.sleep(5);
    }
    return reference.get() == null;
  }

  /** Single flight on platform threads, and recursion on overlapping keys across threads. */
  private static void concurrent() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      sameKeyAtOnce(pool, 8, 7);
      List<Future<Long>> fibs = new ArrayList<>();
      CountDownLatch start = new CountDownLatch(1);
      for (int t = 0; t < 8; t++) {
        long n = 60 + 4 * t;
        fibs.add(pool.submit(() -> {
          start.await();
          return Pure.fib(n);
        }));
      }
      start.countDown();
      for (int t = 0; t < 8; t++) {
        result("parallel-fib-" + (60 + 4 * t), fibs.get(t).get());
      }
    } finally {
      pool.shutdown();
    }
  }

  /** Single flight on virtual threads (JDK 21+), which must not pin their carriers. */
  private static void virtual() throws Exception {
    Method factory;
    try {
      factory = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
    } catch (NoSuchMethodException e) {
      result("virtual", "unsupported");
      return;
    }
    ExecutorService pool = (ExecutorService) factory.invoke(null);
    try {
      sameKeyAtOnce(pool, 200, 9);
    } finally {
      pool.shutdown();
    }
  }

  private static void sameKeyAtOnce(ExecutorService pool, int callers, long key) throws Exception {
    int before = Pure.RUNS_SLOW.get();
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Long>> results = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      results.add(pool.submit(() -> {
        start.await();
        return Pure.slow(key);
      }));
    }
    start.countDown();
    long total = 0;
    for (Future<Long> result : results) {
      total += result.get();
    }
    result("slow-" + key + "-total", total);
    runs("slow-" + key, Pure.RUNS_SLOW.get() - before);
  }

  /** A million distinct keys through maxSize=1000: heap growth stays small. */
  private static void bounded() throws InterruptedException {
    long before = usedHeapAfterGc();
    long sum = 0;
    for (long i = 0; i < 1_000_000; i++) {
      sum += Pure.spread(i);
    }
    result("spread-sum", sum);
    System.out.println("heap-growth-kb " + Math.max(0, usedHeapAfterGc() - before) / 1024);
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    Runtime runtime = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(20);
      used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
    }
    return used;
  }

  private static void result(String name, Object value) {
    System.out.println("result " + name + " " + value);
  }

  private static void runs(String name, int count) {
    System.out.println("runs " + name + " " + count);
  }
}
