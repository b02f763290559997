package dev.overclock.metrics;

import dev.overclock.bootstrap.TimingSink;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's {@link TimingSink}: turns the timing advice's enter/exit calls into per-method
 * figures, and hands out snapshots of them.
 *
 * <h2>Hot path</h2>
 *
 * A timed call costs two {@code System.nanoTime()} reads (the advice's) plus, here: one {@code
 * ThreadLocal} read on entry (the per-thread recursion depth; the advice hands the state back on
 * exit), an array read for the method's recorder (the method id was bound into the advice when
 * the class was transformed, so there is no map lookup and no string), and a {@link Stripe}
 * update: one compare-and-set, plain writes, one release store. Nothing allocates after a
 * thread's first call of a method.
 *
 * <h2>Recursion</h2>
 *
 * Every call is a call: nested (recursive) calls count towards {@code calls} and the latency
 * histogram like any other. Only the outermost call on a thread adds to {@code totalNanos}, so a
 * recursive method's share of time is not inflated by counting the same wall time once per level.
 *
 * <h2>CPU sampling</h2>
 *
 * With {@code cpu=true}, one outermost call in {@code cpu.every} per thread and method also reads
 * the thread's CPU time and allocated bytes at entry and exit (about 0.5 us a read, hence the
 * sampling). The first call of each method on each thread is always sampled.
 */
public final class TimingRecorders implements TimingSink {

  private final int stripeMask;
  private final CpuClock cpuClock;
  private final int cpuEvery;
  private final ThreadLocal<ThreadTimingState> threads;

  // Registration happens at class-transformation time (rare); reads on every call.
  private final Map<String, Integer> ids = new HashMap<>();
  private volatile MethodRecorder[] recorders = new MethodRecorder[64];
  private int count;

  /**
   * @param cpuClock the CPU clock to sample with, or {@code null} to measure wall time only
   * @param cpuEvery with a clock: sample one outermost call in this many, per thread and method
   */
  public TimingRecorders(CpuClock cpuClock, int cpuEvery) {
    int stripes = stripeCount(Runtime.getRuntime().availableProcessors());
    this.stripeMask = stripes - 1;
    this.cpuClock = cpuClock;
    this.cpuEvery = Math.max(1, cpuEvery);
    this.threads =
        new ThreadLocal<>() {
          @Override
          protected ThreadTimingState initialValue() {
            @SuppressWarnings("deprecation") // Thread.threadId() is JDK 19+; we run on 17
            long id = Thread.currentThread().getId();
            return new ThreadTimingState((int) (id & stripeMask));
          }
        };
  }

  /** Power of two, at least twice the cores so that running threads rarely share a stripe. */
  static int stripeCount(int cores) {
    int wanted = Math.max(2, Math.min(16, cores * 2));
    return Integer.highestOneBit(wanted - 1) << 1;
  }

  /**
   * Returns the id of the method, registering it on first sight. Called at transform time; the
   * same method (same class name, name, descriptor) always gets the same id, also across class
   * loaders and retransformations.
   */
  public synchronized int register(MethodRef method) {
    Integer existing = ids.get(method.key());
    if (existing != null) {
      return existing;
    }
    int id = count++;
    MethodRecorder[] current = recorders;
    if (id >= current.length) {
      current = Arrays.copyOf(current, current.length * 2);
    }
    current[id] = new MethodRecorder(method, stripeMask + 1);
    ids.put(method.key(), id);
    recorders = current; // volatile write publishes the new recorder to the advice
    return id;
  }

  /** How many methods are registered. */
  public synchronized int methodCount() {
    return count;
  }

  @Override
  public Object enter(int methodId) {
    ThreadTimingState state = threads.get();
    if (state.enter(methodId) && cpuClock != null && state.sampleDue(methodId, cpuEvery)) {
      state.startCpuSample(methodId, cpuClock.threadCpuNanos(), cpuClock.threadAllocatedBytes());
    }
    return state;
  }

  @Override
  public void exit(int methodId, Object threadState, long startNanos, Throwable thrown) {
    if (!(threadState instanceof ThreadTimingState)) {
      return; // the entry was not recorded (agent starting, detaching, or entry failed)
    }
    long nanos = Math.max(0L, System.nanoTime() - startNanos);
    ThreadTimingState state = (ThreadTimingState) threadState;
    boolean outermost = state.exit(methodId);
    MethodRecorder recorder = recorders[methodId];
    if (recorder == null || startNanos == 0L) {
      return;
    }
    recorder.record(state.stripe, nanos, thrown != null, outermost);
    if (outermost && cpuClock != null) {
      long cpuStart = state.cpuStart(methodId);
      if (cpuStart >= 0) {
        state.endCpuSample(methodId);
        long cpu = cpuClock.threadCpuNanos();
        long allocated = cpuClock.threadAllocatedBytes();
        long allocStart = state.allocStart(methodId);
        if (cpu >= 0) {
          long bytes = allocated >= 0 && allocStart >= 0 ? allocated - allocStart : -1L;
          recorder.recordCpu(state.stripe, nanos, cpu - cpuStart, bytes);
        }
      }
    }
  }

  /** Figures of every registered method, in registration order. Call from one thread at a time. */
  public List<MethodSnapshot> snapshot() {
    MethodRecorder[] current;
    int registered;
    synchronized (this) {
      current = recorders;
      registered = count;
    }
    List<MethodSnapshot> snapshots = new ArrayList<>(registered);
    for (int i = 0; i < registered; i++) {
      snapshots.add(current[i].snapshot());
    }
    return snapshots;
  }

  /** Test hook: records a call as the advice would, with a chosen duration. */
  void recordForTest(int methodId, long nanos, boolean error) {
    ThreadTimingState state = threads.get();
    recorders[methodId].record(state.stripe, nanos, error, true);
  }
}
