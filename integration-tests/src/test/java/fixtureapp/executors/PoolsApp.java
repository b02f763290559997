package fixtureapp.executors;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Thread pools as applications make them, for {@code offload.executors=virtual}: prints {@code
 * result <name> <value>} lines (identical with and without the agent) and {@code pool <name>
 * virtual=<bool> ...} lines (where the last tasks ran). Arguments name the scenarios.
 */
public final class PoolsApp {

  public static void main(String[] args) throws Exception {
    for (String scenario : args) {
      switch (scenario) {
        case "blocking" -> blocking();
        case "shared" -> shared();
        case "cpu" -> cpu();
        case "single" -> single();
        case "rejection" -> rejection();
        case "uncaught" -> uncaught();
        case "exit" -> exit();
        case "pinning" -> pinning();
        case "nogain" -> nogain();
        default -> throw new IllegalArgumentException(scenario);
      }
    }
  }

  private static boolean isVirtual(Thread thread) {
    // Thread.isVirtual is JDK 21+; this fixture also runs on JDK 17.
    return thread.getClass().getName().contains("Virtual");
  }

  /** A fixed pool of 8 in front of 400 calls that wait 10 ms. */
  private static void blocking() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Callable<Long>> calls = new ArrayList<>();
    AtomicReference<String> name = new AtomicReference<>();
    AtomicBoolean virtual = new AtomicBoolean();
    for (int i = 0; i < 400; i++) {
      long n = i;
      calls.add(() -> {
        Thread.sleep(10);
        name.set(Thread.currentThread().getName());
        if (isVirtual(Thread.currentThread())) {
          virtual.set(true);
        }
        return n * n;
      });
    }
    long sum = 0;
    for (Future<Long> future : pool.invokeAll(calls)) {
      sum += future.get();
    }
    pool.shutdown();
    boolean ended = pool.awaitTermination(10, TimeUnit.SECONDS);
    System.out.println("result blocking-sum " + sum);
    System.out.println("result blocking-terminated " + (ended && pool.isTerminated()));
    System.out.println("pool blocking virtual=" + virtual.get() + " name=" + name.get());
  }

  /** The same calls, each holding one of 4 shared permits (a small connection pool). */
  private static void shared() throws Exception {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(8, 8, 0L, TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>());
    Semaphore connections = new Semaphore(4);
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger mostInside = new AtomicInteger();
    AtomicBoolean virtual = new AtomicBoolean();
    List<Future<Integer>> futures = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      int n = i;
      futures.add(pool.submit(() -> {
        connections.acquire();
        try {
          mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
          Thread.sleep(5);
          inside.decrementAndGet();
        } finally {
          connections.release();
        }
        if (isVirtual(Thread.currentThread())) {
          virtual.set(true);
        }
        return n + 1;
      }));
    }
    long sum = 0;
    for (Future<Integer> future : futures) {
      sum += future.get();
    }
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.SECONDS);
    System.out.println("result shared-sum " + sum);
    System.out.println("result shared-most-inside " + mostInside.get());
    System.out.println("result shared-core-size " + pool.getCorePoolSize());
    System.out.println("pool shared virtual=" + virtual.get());
  }

  /** CPU-bound tasks on a pool of as many threads as cores. */
  private static void cpu() throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    ExecutorService pool = Executors.newFixedThreadPool(cores);
    AtomicBoolean virtual = new AtomicBoolean();
    List<Future<Long>> futures = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      long seed = i;
      futures.add(pool.submit(() -> {
        long x = seed;
        for (int k = 0; k < 20_000_000; k++) {
          x = x * 6364136223846793005L + 1442695040888963407L;
        }
        if (isVirtual(Thread.currentThread())) {
          virtual.set(true);
        }
        return x & 0xffff;
      }));
    }
    long sum = 0;
    for (Future<Long> future : futures) {
      sum += future.get();
    }
    pool.shutdown();
    System.out.println("result cpu-sum " + sum);
    System.out.println("pool cpu virtual=" + virtual.get());
  }

  /**
   * Calls that each hold the one permit of a shared resource for 50 ms (a single connection), on
   * a pool of 4: first 4 one after the other (a prelude slower than the permit's 20/s, which the
   * gain check's baseline must leave out), then 146 at once: they wait and queue, so {@code
   * auto=optimize} moves the pool, but virtual threads queue on the permit as the platform threads
   * did, and the gain check moves it back. The move comes after the 4th task, or after the 65th
   * when the probe measures again (one task in 16); either way at least 80 remain for the check
   * (32 to settle, 32 measured). Then 8 more calls, one after the other, to see where new tasks
   * run.
   */
  private static void nogain() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    Semaphore connection = new Semaphore(1);
    AtomicBoolean moved = new AtomicBoolean();
    List<Future<Integer>> futures = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      int n = i;
      Future<Integer> future = pool.submit(() -> {
        connection.acquire();
        try {
          Thread.sleep(50);
        } finally {
          connection.release();
        }
        if (isVirtual(Thread.currentThread())) {
          moved.set(true);
        }
        return n;
      });
      futures.add(future);
      if (i < 4) {
        future.get();
      }
    }
    long sum = 0;
    for (Future<Integer> future : futures) {
      sum += future.get();
    }
    boolean after = false;
    for (int i = 0; i < 8; i++) {
      after |= pool.submit(() -> isVirtual(Thread.currentThread())).get();
    }
    pool.shutdown();
    System.out.println("result nogain-sum " + sum);
    System.out.println("pool nogain-moved virtual=" + moved.get());
    System.out.println("pool nogain-after virtual=" + after);
  }

  /** One thread: tasks run in submission order, without locks. */
  private static void single() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(1);
    List<Integer> seen = new ArrayList<>();
    AtomicBoolean virtual = new AtomicBoolean();
    for (int i = 0; i < 200; i++) {
      int n = i;
      pool.execute(() -> {
        seen.add(n);
        if (n % 20 == 0) {
          try {
            Thread.sleep(1);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        if (isVirtual(Thread.currentThread())) {
          virtual.set(true);
        }
      });
    }
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.SECONDS);
    boolean ordered = seen.size() == 200;
    for (int i = 0; ordered && i < 200; i++) {
      ordered = seen.get(i) == i;
    }
    System.out.println("result single-ordered " + ordered);
    System.out.println("pool single virtual=" + virtual.get());
  }

  /** 2 threads and a queue of 2: the fifth task held at once is rejected, and any after shutdown. */
  private static void rejection() throws Exception {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 0L, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(2));
    AtomicBoolean virtual = new AtomicBoolean();
    warmUp(pool, virtual);
    CountDownLatch release = new CountDownLatch(1);
    Semaphore started = new Semaphore(0);
    int accepted = 0;
    String rejectedAt = "none";
    for (int i = 1; i <= 6; i++) {
      try {
        pool.execute(() -> {
          started.release();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
        accepted++;
        if (i <= 2) {
          started.acquire(); // the first two run (a platform pool: taken off its queue) before more come
        }
      } catch (RejectedExecutionException e) {
        rejectedAt = rejectedAt.equals("none") ? String.valueOf(i) : rejectedAt;
      }
    }
    release.countDown();
    pool.shutdown();
    String afterShutdown;
    try {
      pool.execute(() -> {});
      afterShutdown = "accepted";
    } catch (RejectedExecutionException e) {
      afterShutdown = "rejected";
    }
    boolean ended = pool.awaitTermination(10, TimeUnit.SECONDS);
    System.out.println("result rejection-accepted " + accepted);
    System.out.println("result rejection-first-rejected " + rejectedAt);
    System.out.println("result rejection-after-shutdown " + afterShutdown);
    System.out.println("result rejection-terminated " + ended);
    System.out.println("pool rejection virtual=" + virtual.get());
  }

  /** A few waiting tasks, awaited: enough for the agent to decide where the pool's tasks run. */
  private static void warmUp(ExecutorService pool, AtomicBoolean virtual) throws Exception {
    for (int round = 0; round < 4; round++) {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        futures.add(pool.submit(() -> {
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          if (isVirtual(Thread.currentThread())) {
            virtual.set(true);
          }
        }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    }
  }

  /** The factory's uncaught-exception handler sees a task's exception, on a thread it named. */
  private static void uncaught() throws Exception {
    AtomicReference<String> caught = new AtomicReference<>("none");
    CountDownLatch handled = new CountDownLatch(1);
    AtomicInteger count = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4, runnable -> {
      Thread thread = new Thread(runnable, "orders-" + count.incrementAndGet());
      thread.setUncaughtExceptionHandler((t, e) -> {
        caught.set(e.getMessage() + " on orders-thread " + t.getName().startsWith("orders-"));
        handled.countDown();
      });
      return thread;
    });
    AtomicBoolean virtual = new AtomicBoolean();
    warmUp(pool, virtual);
    pool.execute(() -> {
      throw new IllegalStateException("boom");
    });
    handled.await(10, TimeUnit.SECONDS);
    pool.shutdown();
    System.out.println("result uncaught " + caught.get());
    System.out.println("pool uncaught virtual=" + virtual.get());
  }

  /**
   * A task blocks inside a class initializer, which pins a virtual thread on every JDK so far: the
   * pool's new tasks go back to platform threads once the agent saw the JFR event.
   */
  private static void pinning() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    AtomicBoolean virtual = new AtomicBoolean();
    warmUp(pool, virtual);
    System.out.println("pool pinning-before virtual=" + virtual.get());
    System.out.println("pinning recording=" + awaitRecording());
    System.out.println("result pinning-value " + pool.submit(() -> SlowInit.VALUE).get());
    boolean back = false;
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!back && System.nanoTime() < deadline) {
      back = !pool.submit(() -> isVirtual(Thread.currentThread())).get();
      Thread.sleep(20); // JFR delivers its events about once a second
    }
    pool.shutdown();
    System.out.println("pool pinning-after virtual=" + !back);
  }

  static final class SlowInit {
    static final int VALUE = compute();

    private static int compute() {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return 7;
    }
  }

  /** Whether a JFR recording runs (the agent's pinning watch starts on a thread of its own). */
  private static boolean awaitRecording() throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (jdk.jfr.FlightRecorder.isInitialized()
          && jdk.jfr.FlightRecorder.getFlightRecorder().getRecordings().stream()
              .anyMatch(r -> r.getState() == jdk.jfr.RecordingState.RUNNING)) {
        return true;
      }
      Thread.sleep(5);
    }
    return false;
  }

  /** main returns after shutdown, tasks still running: the JVM waits for them, as it did. */
  private static void exit() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    AtomicBoolean virtual = new AtomicBoolean();
    warmUp(pool, virtual);
    AtomicInteger done = new AtomicInteger();
    for (int i = 0; i < 4; i++) {
      pool.execute(() -> {
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        if (done.incrementAndGet() == 4) {
          System.out.println("result exit-late-tasks-done 4");
        }
      });
    }
    pool.shutdown();
    System.out.println("pool exit virtual=" + virtual.get());
  }
}
