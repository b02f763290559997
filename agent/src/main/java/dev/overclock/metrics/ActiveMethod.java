package dev.overclock.metrics;

import dev.overclock.bootstrap.TimedCall;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;

/**
 * One thread's state for one timed method: how deep the thread is in it (so that recursion adds
 * to total time once) and, on a CPU-sampled call, the counters read at entry. The timing advice
 * receives this object from {@code enter} and hands it back on exit, where it finishes the call
 * itself ({@link #exit}), so an exit needs no lookup at all. Only its own thread touches an
 * instance's mutable fields.
 *
 * <p>A sampled method's calls between two clocked ones get {@link #unclocked} instead, which
 * tells the advice not to read the clock and the exit only to count the call.
 *
 * <p>Found on entry in the method's own table of threads ({@link MethodRecorder#threadState}), or,
 * when that slot holds another thread, through the thread's {@link ThreadTimings}.
 */
final class ActiveMethod extends TimedCall {

  private static final VarHandle UNCLOCKED_CALLS;
  private static final VarHandle UNCLOCKED_ERRORS;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      UNCLOCKED_CALLS = lookup.findVarHandle(ActiveMethod.class, "unclockedCalls", long.class);
      UNCLOCKED_ERRORS = lookup.findVarHandle(ActiveMethod.class, "unclockedErrors", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final TimingRecorders recorders;
  final ThreadTimings thread;
  final int methodId;
  final MethodRecorder recorder;
  /** The thread's stripe ({@link ThreadTimings#stripe}), here to save a load per clocked call. */
  final int stripe;
  /** The thread's, shared with its {@link ThreadTimings}. */
  private final WeakReference<Thread> runner;

  final UnclockedCall unclocked = new UnclockedCall(this);

  int depth;
  int cpuCountdown;
  /** Calls until the next clocked one; 0 on the thread's first call, which is always clocked. */
  int clockCountdown;
  /**
   * How many calls the current clocked call stands for: itself and the unclocked calls since the
   * thread's previous clocked call of the method (1 for the thread's first call, so that many
   * short-lived threads, each calling once, do not inflate the total N times).
   */
  int clockWeight = 1;
  /** The weight of the next clocked call: the N set at this one. */
  int nextClockWeight = 1;
  long cpuStart = -1;
  long allocStart = -1;

  /** Calls counted without a clock, and errors among them: written by the thread, opaque. */
  @SuppressWarnings("unused") // accessed through UNCLOCKED_CALLS
  private long unclockedCalls;
  @SuppressWarnings("unused") // accessed through UNCLOCKED_ERRORS
  private long unclockedErrors;
  /** Whether {@link MethodRecorder#unclocked} sums this thread's counts yet. */
  boolean unclockedListed;

  /** Lookups that missed the method's table of threads ({@link TimingRecorders#enter}). */
  int slowLookups;

  ActiveMethod(ThreadTimings thread, int methodId, MethodRecorder recorder) {
    this.recorders = thread.owner;
    this.thread = thread;
    this.methodId = methodId;
    this.recorder = recorder;
    this.stripe = thread.stripe;
    this.runner = thread.runner;
  }

  /** Whether this is {@code current}'s state: the table it was found in may hold any thread's. */
  boolean belongsTo(Thread current) {
    return runner.get() == current;
  }

  /** The exit of a clocked call (the advice read {@code startNanos} from the clock). */
  @Override
  public void exit(long startNanos, Throwable thrown) {
    recorders.exitClocked(this, startNanos, System.nanoTime(), thrown);
  }

  /**
   * Lists this thread's counter of unclocked calls with its method's; called at a clocked call
   * after which unclocked calls may follow (N above 1), before the first of them.
   */
  void listUnclocked() {
    if (!unclockedListed) {
      unclockedListed = true;
      recorder.unclocked.add(this);
    }
  }

  /**
   * Counts a call that was not clocked (see {@link UnclockedCall}): a plain store in memory only
   * this thread writes ({@link #listUnclocked} listed it with its method's).
   */
  void countUnclocked(boolean error) {
    UNCLOCKED_CALLS.setOpaque(this, (long) UNCLOCKED_CALLS.getOpaque(this) + 1);
    if (error) {
      UNCLOCKED_ERRORS.setOpaque(this, (long) UNCLOCKED_ERRORS.getOpaque(this) + 1);
    }
  }

  /** Calls this thread counted without a clock so far (any thread may ask). */
  long unclockedCalls() {
    return (long) UNCLOCKED_CALLS.getOpaque(this);
  }

  /** Errors among {@link #unclockedCalls}. */
  long unclockedErrors() {
    return (long) UNCLOCKED_ERRORS.getOpaque(this);
  }
}
