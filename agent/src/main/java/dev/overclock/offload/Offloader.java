package dev.overclock.offload;

import dev.overclock.bootstrap.OffloadCall;
import dev.overclock.bootstrap.OffloadSink;
import dev.overclock.metrics.MethodIds;
import dev.overclock.metrics.MethodRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;

/**
 * The offload sink: decides, for each call of an offloaded method, where its body runs (on the
 * caller, or handed to a worker of its {@link Carrier}), and keeps every method's figures.
 *
 * <p>Careful because it runs inside application calls. Whatever fails before a body was handed
 * to a worker thread throws, so that {@code Dispatcher} counts it and the body runs on the
 * caller as written; nothing after the hand-off throws, so a body never runs twice. Ids are
 * handed out per method and class loader ({@link MethodIds#perLoader}), like the memoization
 * ones.
 */
public final class Offloader implements OffloadSink {

  private final Carrier carrier;
  private volatile OffloadMethod[] methods;
  private final Table table = new Table(this);
  private final MethodIds<OffloadMethod> ids = MethodIds.perLoader(table, table);
  private final Map<String, Integer> byName = new HashMap<>();
  /** How long {@link #close} waits for offload's threads to end. */
  static final long STOP_MILLIS = 2_000;

  private volatile ScheduledThreadPoolExecutor timer;
  private final PinningMonitor pinning = new PinningMonitor(this);

  public Offloader(Carrier carrier) {
    this.carrier = carrier;
  }

  /**
   * Where pinning is reported: {@code JFR} on JDK 21+ with JFR, else why not (for the start line
   * and the report).
   */
  public String pinningWatch() {
    return PinningMonitor.available() ? "pinning watched with JFR"
        : Runtime.version().feature() < 21 ? "no pinning to watch" : "pinning not watched (no JFR)";
  }

  /** Hands the pinning events recorded so far to the figures; the final report calls it. */
  public void drainPinning() {
    pinning.drain();
  }

  /**
   * Stops what this started: the pinning stream, the platform pool (once its queued calls ran)
   * and the timeout timer, and waits up to {@link #STOP_MILLIS} for their threads to end, so that
   * a detach leaves none behind.
   */
  public void close() {
    pinning.close();
    carrier.close();
    ScheduledThreadPoolExecutor current = timer;
    if (current != null) {
      current.shutdownNow();
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_MILLIS);
    try {
      pinning.awaitStopped(deadline);
      carrier.awaitStopped(deadline);
      if (current != null) {
        current.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Where the bodies run. */
  public Carrier carrier() {
    return carrier;
  }

  /** Returns the id of the method in this class loader, registering it on first sight. */
  public synchronized int register(
      MethodRef method, ClassLoader loader, boolean isStatic, OffloadSettings settings) {
    int id = ids.register(loader, method.key(), MethodIds.keepAny(),
        new NewMethod(method, isStatic, settings));
    byName.putIfAbsent(method.className() + "::" + method.methodName(), id);
    return id;
  }

  /** Makes a method's offload object under its id (a class, not a lambda: see MethodIds). */
  private static final class NewMethod implements IntFunction<OffloadMethod> {
    private final MethodRef method;
    private final boolean isStatic;
    private final OffloadSettings settings;

    NewMethod(MethodRef method, boolean isStatic, OffloadSettings settings) {
      this.method = method;
      this.isStatic = isStatic;
      this.settings = settings;
    }

    @Override
    public OffloadMethod apply(int id) {
      return new OffloadMethod(id, method, isStatic, settings);
    }
  }

  /** Marks the method as woven into a class: only such methods appear in reports. */
  public synchronized void woven(int methodId) {
    ids.woven(methodId);
    if (carrier.kind().equals("virtual")) {
      pinning.ensureStarted();
    }
  }

  @Override
  public Object enter(int methodId, Class<?> type, Object receiver, Object[] arguments) {
    OffloadMethod[] all = methods;
    OffloadMethod method = methodId < all.length ? all[methodId] : null;
    if (method == null) {
      return null;
    }
    OffloadTask current = OffloadTask.CURRENT.get();
    if (current != null && current.runs(methodId)) {
      return null; // the re-invocation on the worker, or a call from inside the body
    }
    if (current != null && method.mode == Mode.WAIT && !carrier.kind().equals("virtual")) {
      // A pool thread that waited for another pool thread could wait for ever once every thread
      // of the pool waits so; this body is already off its caller's thread anyway.
      return null;
    }
    Invoker invoker = method.invoker(type);
    if (invoker == null) {
      return null;
    }
    method.calls.increment();
    if (method.mode == Mode.WAIT) {
      return offloadAndWait(method, invoker, receiver, arguments, current);
    }
    OffloadTask task = new OffloadTask(method, invoker, receiver, arguments, current, false);
    long timeout = method.settings.timeoutNanos();
    if (timeout > 0) {
      // Before the start, so that the body's end always finds the timer to cancel.
      task.timer = timer().schedule(task::timeOut, timeout, TimeUnit.NANOSECONDS);
    }
    try {
      carrier.start(task);
    } catch (Throwable t) {
      if (task.timer != null) {
        task.timer.cancel(false);
      }
      throw t; // not handed off: the body runs on the caller
    }
    return new OffloadCall(task.future, null);
  }

  private Object offloadAndWait(OffloadMethod method, Invoker invoker, Object receiver,
      Object[] arguments, OffloadTask current) {
    if (method.permits != null) {
      Throwable rejected = acquire(method);
      if (rejected != null) {
        return new OffloadCall(method.defaultValue, rejected);
      }
    }
    OffloadTask task = new OffloadTask(method, invoker, receiver, arguments, current, true);
    try {
      carrier.start(task);
    } catch (Throwable t) {
      if (method.permits != null) {
        method.permits.release();
      }
      throw t;
    }
    return task.await();
  }

  /**
   * Takes a slot of the method's limit, waiting up to its queue timeout.
   *
   * @return {@code null} when a slot was taken, else the exception rejecting the call
   */
  static Throwable acquire(OffloadMethod method) {
    if (method.permits.tryAcquire()) {
      return null;
    }
    method.queueWaits.increment();
    long queue = method.settings.queueTimeoutNanos();
    boolean interrupted = false;
    try {
      while (true) {
        try {
          if (queue < 0) {
            method.permits.acquire();
            return null;
          }
          if (method.permits.tryAcquire(queue, TimeUnit.NANOSECONDS)) {
            return null;
          }
          method.rejections.increment();
          return OffloadTask.rejected(method);
        } catch (InterruptedException e) {
          // like a blocking call that is interrupted: the waiting ends, the call is rejected
          interrupted = true;
          method.rejections.increment();
          return OffloadTask.rejected(method);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor current = timer;
    if (current == null) {
      synchronized (this) {
        current = timer;
        if (current == null) {
          current = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "overclock-offload-timer");
            thread.setDaemon(true);
            return thread;
          });
          current.setRemoveOnCancelPolicy(true);
          timer = current;
        }
      }
    }
    return current;
  }

  /** The method named {@code class::method} (the first registered overload), or null. */
  synchronized OffloadMethod byName(String className, String methodName) {
    Integer id = byName.get(className + "::" + methodName);
    return id == null ? null : methods[id];
  }

  /** Whether any method is offloaded yet (the pinning stream waits for the first). */
  boolean any() {
    return ids.count() > 0;
  }

  /** The figures of every woven method, in the order they were registered. */
  public List<OffloadSnapshot> snapshot() {
    List<OffloadSnapshot> snapshots = new ArrayList<>();
    for (OffloadMethod method : ids.woven()) {
      snapshots.add(method.snapshot(carrier.kind()));
    }
    return snapshots;
  }

  /**
   * The figures of every woven method with a copy of its body-latency histogram, taken together,
   * for windowed figures (the {@code overclock.OffloadStatistics} JFR event takes each window as
   * the difference to the previous copy).
   */
  public List<OffloadFigures> figures() {
    List<OffloadFigures> figures = new ArrayList<>();
    for (OffloadMethod method : ids.woven()) {
      Histogram latency = method.latency.copy();
      figures.add(new OffloadFigures(method.id, method.snapshot(carrier.kind()), latency));
    }
    return figures;
  }

  /** Calls now running, summed over methods (for the exit summary and Prometheus). */
  public int inFlight() {
    int sum = 0;
    for (OffloadMethod method : methods) {
      if (method != null) {
        sum += method.inFlight.get();
      }
    }
    return sum;
  }

  /**
   * Makes and publishes {@link #methods} for {@link MethodIds}: a class, not an array
   * constructor reference and a lambda, whose linking would cost the JVM's launch about a
   * millisecond on the thread that registers the first method.
   */
  private static final class Table
      implements IntFunction<OffloadMethod[]>, java.util.function.Consumer<OffloadMethod[]> {
    private final Offloader owner;

    Table(Offloader owner) {
      this.owner = owner;
    }

    @Override
    public OffloadMethod[] apply(int size) {
      return new OffloadMethod[size];
    }

    @Override
    public void accept(OffloadMethod[] table) {
      owner.methods = table;
    }
  }
}
