package dev.overclock.bootstrap;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * What a substituted call site creates instead of a {@link ThreadPoolExecutor}: the same pool, a
 * subclass (so that {@code instanceof ThreadPoolExecutor} and casts keep working), whose tasks the
 * agent may run on virtual threads through a {@link PoolLane}.
 *
 * <p>The agent rewrites {@code Executors.newFixedThreadPool(..)} and {@code
 * Executors.newCachedThreadPool(..)} in application classes into calls of the static methods here,
 * and {@code new ThreadPoolExecutor(..)} into {@code new OverclockThreadPoolExecutor(..)}; each
 * takes one more argument, the call site. Without a lane (the agent off, detached, the pool not
 * eligible) this class is a plain {@link ThreadPoolExecutor}. With one, {@link #execute} asks the
 * lane first; every lifecycle method covers both the platform threads and the lane, so shutdown,
 * {@code awaitTermination} and rejection mean what they mean for the original pool. The platform
 * figures ({@code getActiveCount}, {@code getPoolSize}, ...) count the platform threads only.
 *
 * <p>On the bootstrap class path: JDK types only.
 */
public final class OverclockThreadPoolExecutor extends ThreadPoolExecutor {

  private final String site;
  private final PoolLane lane;

  public OverclockThreadPoolExecutor(int core, int max, long keepAlive, TimeUnit unit,
      BlockingQueue<Runnable> queue, String site) {
    super(core, max, keepAlive, unit, queue);
    this.site = site;
    this.lane = Dispatcher.adoptPool(this, site);
  }

  public OverclockThreadPoolExecutor(int core, int max, long keepAlive, TimeUnit unit,
      BlockingQueue<Runnable> queue, ThreadFactory factory, String site) {
    super(core, max, keepAlive, unit, queue, factory);
    this.site = site;
    this.lane = Dispatcher.adoptPool(this, site);
  }

  public OverclockThreadPoolExecutor(int core, int max, long keepAlive, TimeUnit unit,
      BlockingQueue<Runnable> queue, RejectedExecutionHandler handler, String site) {
    super(core, max, keepAlive, unit, queue, handler);
    this.site = site;
    this.lane = Dispatcher.adoptPool(this, site);
  }

  public OverclockThreadPoolExecutor(int core, int max, long keepAlive, TimeUnit unit,
      BlockingQueue<Runnable> queue, ThreadFactory factory, RejectedExecutionHandler handler,
      String site) {
    super(core, max, keepAlive, unit, queue, factory, handler);
    this.site = site;
    this.lane = Dispatcher.adoptPool(this, site);
  }

  // ---- what Executors' factories build, with the call site ----

  /** {@link Executors#newFixedThreadPool(int)}, same arguments, same pool. */
  public static ExecutorService newFixedThreadPool(int threads, String site) {
    return new OverclockThreadPoolExecutor(threads, threads, 0L, TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(), site);
  }

  /** {@link Executors#newFixedThreadPool(int, ThreadFactory)}. */
  public static ExecutorService newFixedThreadPool(int threads, ThreadFactory factory, String site) {
    return new OverclockThreadPoolExecutor(threads, threads, 0L, TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(), factory, site);
  }

  /** {@link Executors#newCachedThreadPool()}. */
  public static ExecutorService newCachedThreadPool(String site) {
    return new OverclockThreadPoolExecutor(0, Integer.MAX_VALUE, 60L, TimeUnit.SECONDS,
        new SynchronousQueue<>(), site);
  }

  /** {@link Executors#newCachedThreadPool(ThreadFactory)}. */
  public static ExecutorService newCachedThreadPool(ThreadFactory factory, String site) {
    return new OverclockThreadPoolExecutor(0, Integer.MAX_VALUE, 60L, TimeUnit.SECONDS,
        new SynchronousQueue<>(), factory, site);
  }

  /** Where the application created this pool. */
  public String site() {
    return site;
  }

  @Override
  public void execute(Runnable command) {
    PoolLane current = lane;
    if (current != null && command != null) {
      int answer;
      try {
        answer = current.offer(command);
      } catch (Throwable failure) {
        Dispatcher.failed(failure);
        answer = PoolLane.PLATFORM;
      }
      if (answer == PoolLane.TAKEN) {
        return;
      }
      if (answer == PoolLane.REJECT) {
        getRejectedExecutionHandler().rejectedExecution(command, this);
        return;
      }
    }
    super.execute(command);
  }

  @Override
  protected void beforeExecute(Thread thread, Runnable task) {
    PoolLane current = lane;
    if (current != null) {
      try {
        current.beforePlatform(thread, task);
      } catch (Throwable failure) {
        Dispatcher.failed(failure);
      }
    }
  }

  @Override
  protected void afterExecute(Runnable task, Throwable thrown) {
    PoolLane current = lane;
    if (current != null) {
      try {
        current.afterPlatform(task, thrown);
      } catch (Throwable failure) {
        Dispatcher.failed(failure);
      }
    }
  }

  @Override
  public void shutdown() {
    super.shutdown();
    if (lane != null) {
      lane.shutdown();
    }
  }

  @Override
  public List<Runnable> shutdownNow() {
    List<Runnable> never = super.shutdownNow();
    if (lane == null) {
      return never;
    }
    List<Runnable> all = new ArrayList<>(never);
    all.addAll(lane.shutdownNow());
    return all;
  }

  @Override
  public boolean isTerminated() {
    return super.isTerminated() && (lane == null || lane.isTerminated());
  }

  @Override
  public boolean isTerminating() {
    return isShutdown() && !isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    if (!super.awaitTermination(timeout, unit)) {
      return false;
    }
    return lane == null || lane.awaitTermination(Math.max(0, deadline - System.nanoTime()));
  }
}
