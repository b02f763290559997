package dev.overclock.offload;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where offloaded bodies run: a new virtual thread per call where the running JDK has them
 * (21+), else a bounded pool of platform threads.
 *
 * <p>The agent is compiled for release 17, so virtual threads are found at run time: {@code
 * Thread.ofVirtual().name(..).factory()} is looked up once (at the first call), through method
 * handles, and every call then only asks the factory for a thread. A JDK without them gets the
 * pool, and says so.
 */
public abstract class Carrier {

  /** Starts {@code task} on a thread of this carrier; throws when it cannot. */
  abstract void start(Runnable task);

  /** Lets the carrier's own threads end once their tasks are done (detach); idempotent. */
  void close() {}

  /** Waits, at most until {@code deadlineNanos}, for the threads {@link #close} stopped. */
  void awaitStopped(long deadlineNanos) throws InterruptedException {}

  /** {@code virtual} or {@code platform}, for the report. */
  public abstract String kind();

  /** One phrase for the start line and the report. */
  public abstract String describe();

  /** Virtual threads where the JDK has them, else a pool of {@code platformThreads} threads. */
  public static Carrier detect(int platformThreads) {
    // The factory's method handles are looked up at the first offloaded call, not here: in
    // premain they cost ~5 ms on JDK 25, for an application that may never offload.
    return Runtime.version().feature() >= 21 ? new Virtual() : new Platform(platformThreads);
  }

  /**
   * The factory of {@code Thread.ofVirtual().name("overclock-offload")}, or null before JDK 21
   * (JDK 19 and 20 have them only as a preview).
   */
  static ThreadFactory virtualThreadFactory() {
    try {
      Class<?> builder = Class.forName("java.lang.Thread$Builder");
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      MethodHandle ofVirtual = lookup.findStatic(Thread.class, "ofVirtual",
          MethodType.methodType(Class.forName("java.lang.Thread$Builder$OfVirtual")));
      MethodHandle name = lookup.findVirtual(builder, "name",
          MethodType.methodType(builder, String.class));
      MethodHandle factory = lookup.findVirtual(builder, "factory",
          MethodType.methodType(ThreadFactory.class));
      Object named = name.invoke(ofVirtual.invoke(), "overclock-offload");
      return (ThreadFactory) factory.invoke(named);
    } catch (Throwable e) {
      return null; // JDK 17 to 20: no virtual threads (19 and 20 only as a preview)
    }
  }

  /** A new virtual thread per task. */
  static final class Virtual extends Carrier {
    /** Built at the first call; two calls racing may both build one, and either will do. */
    private volatile ThreadFactory factory;
    /**
     * Why the factory could not be built, kept from the first call that tried: every later call
     * is refused at once (its body runs on the caller) instead of looking the builder up again.
     */
    private volatile IllegalStateException unavailable;

    @Override
    void start(Runnable task) {
      ThreadFactory threads = factory;
      if (threads == null) {
        IllegalStateException refused = unavailable;
        if (refused != null) {
          throw refused;
        }
        threads = virtualThreadFactory();
        if (threads == null) {
          refused = new IllegalStateException("no virtual threads in JDK " + Runtime.version());
          unavailable = refused;
          throw refused;
        }
        factory = threads;
      }
      threads.newThread(task).start();
    }

    @Override
    public String kind() {
      return "virtual";
    }

    @Override
    public String describe() {
      return "virtual threads";
    }
  }

  /**
   * A fixed pool of daemon platform threads with an unbounded queue: the JDK 17 fallback. Idle
   * threads end after a while, so an application that offloads rarely keeps none.
   */
  static final class Platform extends Carrier {
    private final ThreadPoolExecutor pool;
    private final int threads;

    Platform(int threads) {
      this.threads = threads;
      AtomicInteger count = new AtomicInteger();
      pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, "overclock-offload-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
          });
      pool.allowCoreThreadTimeOut(true);
    }

    @Override
    void start(Runnable task) {
      pool.execute(task);
    }

    @Override
    void close() {
      pool.shutdown(); // tasks already queued still run: no offloaded call is lost
    }

    @Override
    void awaitStopped(long deadlineNanos) throws InterruptedException {
      pool.awaitTermination(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    @Override
    public String kind() {
      return "platform";
    }

    @Override
    public String describe() {
      return "a pool of " + threads + " platform threads (JDK " + Runtime.version().feature()
          + " has no virtual threads)";
    }
  }
}
