package fixtureapp.offload;

import dev.overclock.annotations.Offload;
import dev.overclock.annotations.Timed;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Offloaded methods of every return type, each recording the thread its body ran on. */
public final class Blocking {

  static final IllegalStateException FUTURE_FAILURE = new IllegalStateException("future body");
  static final IOException CHECKED = new IOException("checked body");
  static final IllegalArgumentException UNCHECKED = new IllegalArgumentException("unchecked body");

  static volatile Thread lastBodyThread;
  static final AtomicInteger running = new AtomicInteger();
  static final AtomicInteger maxRunning = new AtomicInteger();

  @Offload
  public CompletableFuture<String> fetch(String key) {
    lastBodyThread = Thread.currentThread();
    return CompletableFuture.completedFuture("value-" + key);
  }

  @Offload
  public CompletionStage<String> failingStage() {
    lastBodyThread = Thread.currentThread();
    throw FUTURE_FAILURE;
  }

  /** Returns a future that another thread completes later: the caller's future follows it. */
  @Offload
  public CompletableFuture<Integer> nested(int value) {
    return CompletableFuture.supplyAsync(() -> value * 2);
  }

  @Offload
  public static Future<String> plainFuture(String text) {
    FutureTask<String> task = new FutureTask<>(() -> text.toUpperCase());
    new Thread(task).start();
    return task;
  }

  @Offload
  public int square(int value) {
    lastBodyThread = Thread.currentThread();
    return value * value;
  }

  /** Timed and offloaded: timed once, on the worker, around the body. */
  @Timed
  @Offload
  public int timedSquare(int value) {
    return value * value;
  }

  @Offload
  public long sum(long a, long b) {
    return a + b;
  }

  @Offload
  public String readChecked() throws IOException {
    throw CHECKED;
  }

  @Offload
  public boolean failUnchecked() {
    throw UNCHECKED;
  }

  /** Blocks until interrupted (by the timeout), then says so. */
  @Offload(timeout = "200ms")
  public String hang(CountDownLatch interrupted) {
    try {
      new CountDownLatch(1).await();
      return "not interrupted";
    } catch (InterruptedException e) {
      interrupted.countDown();
      return "interrupted";
    }
  }

  @Offload(timeout = "200ms")
  public CompletableFuture<String> hangFuture(CountDownLatch interrupted) {
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      interrupted.countDown();
    }
    return CompletableFuture.completedFuture("late");
  }

  @Offload(maxConcurrency = 3)
  public CompletableFuture<Integer> limited(int value, CountDownLatch started, CountDownLatch gate)
      throws InterruptedException {
    int now = running.incrementAndGet();
    maxRunning.accumulateAndGet(now, Math::max);
    started.countDown();
    gate.await(30, TimeUnit.SECONDS);
    running.decrementAndGet();
    return CompletableFuture.completedFuture(value);
  }

  @Offload(maxConcurrency = 1, queueTimeout = "0")
  public String single(CountDownLatch started, CountDownLatch gate) throws InterruptedException {
    started.countDown();
    gate.await(30, TimeUnit.SECONDS);
    return "single";
  }

  /** Calls itself: only the outermost call is offloaded, the nested ones run on its thread. */
  @Offload
  public boolean sameThreadDown(int depth, Thread first) {
    Thread current = Thread.currentThread();
    if (first != null && current != first) {
      return false;
    }
    return depth == 0 || sameThreadDown(depth - 1, current);
  }

  @Offload
  public void fireAndForget(CountDownLatch done) {
    lastBodyThread = Thread.currentThread();
    done.countDown();
  }

  @Offload
  public void failingVoid(CountDownLatch done) {
    done.countDown();
    throw new IllegalStateException("void body failed");
  }
}
