package dev.overclock.bootstrap;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one class inlined advice calls: a holder of the agent's sinks, reachable from every class
 * loader.
 *
 * <h2>Why it is on the bootstrap class path</h2>
 *
 * Advice code is copied into application classes, so every type it names is resolved by the
 * application class's own loader. Servlet containers, OSGi and plugin systems use loaders that do
 * not delegate to the system loader where the agent jar lives; they all delegate to the bootstrap
 * loader. The agent therefore appends this package, and only this package, to the bootstrap
 * search path before it installs any advice. A unit test enforces that the package references
 * nothing but {@code java.*} types, so it can never drag agent or library classes along.
 *
 * <h2>Why it is safe to call at any time</h2>
 *
 * Every sink starts as a no-op and is swapped atomically ({@code volatile}) when the agent starts
 * or detaches. A call that races with the swap sees one sink or the other; a no-op {@code enter}
 * returns {@code null}, which every real {@code exit} ignores, and a timed call entered by the real
 * sink is finished by the state it got ({@link TimedCall}), so a call is never half-recorded.
 *
 * <h2>Suppressed failures</h2>
 *
 * Every entry point here catches whatever the sink throws, counts it ({@link
 * #suppressedFailures}) and returns as if nothing was recorded, so that the host never sees an
 * agent failure; the report shows the count, which is expected to be zero (tests assert it).
 * Advice additionally suppresses its own throwables without naming any agent type in its
 * handler: a class whose loader cannot see this class at all (it does not delegate {@code
 * dev.overclock.bootstrap} to the bootstrap loader) must still run unchanged.
 */
public final class Dispatcher {

  private static final TimingSink NO_TIMING = new NoTiming();

  private static volatile TimingSink timing = NO_TIMING;

  private static final ArgumentSink NO_ARGUMENTS = new NoArguments();

  private static volatile ArgumentSink arguments = NO_ARGUMENTS;

  // null while memoization is off: the advice then runs every body as written.
  private static volatile MemoSink memo;

  // null while offload is off: the advice then runs every body on the calling thread.
  private static volatile OffloadSink offload;

  // null while offload.executors is off: substituted pools then stay on their platform threads.
  private static volatile PoolSink pools;

  private static final AtomicLong suppressedFailures = new AtomicLong();
  private static final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
  private static final AtomicReference<String> owner = new AtomicReference<>();

  private Dispatcher() {}

  // ---- called from inlined advice: keep each one a single, non-throwing call ----

  /** Timing advice, on method entry. Returns the state to hand back to {@link #timedExit}. */
  public static Object timedEnter(int methodId) {
    try {
      return timing.enter(methodId);
    } catch (Throwable failure) {
      failed(failure);
      return null;
    }
  }

  /**
   * Timing advice, right after {@link #timedEnter}: the call's start time, or 0 when the call is
   * counted without reading the clock (a sampled method's unclocked calls, whose state is a {@link
   * TimedCall.Unclocked}). Asks the state, not the sink: no read of the sink's field. The advice
   * of a method that is never sampled reads the clock itself and does not call this.
   */
  public static long timedStart(Object threadState) {
    return threadState instanceof TimedCall.Unclocked ? 0L : System.nanoTime();
  }

  /**
   * Timing advice, on method exit (normal or exceptional). A {@link TimedCall} finishes itself;
   * any other state (a no-op sink's {@code null}, a sink that hands out its own) goes to the sink.
   */
  public static void timedExit(int methodId, Object threadState, long startNanos, Throwable thrown) {
    try {
      if (threadState instanceof TimedCall) {
        ((TimedCall) threadState).exit(startNanos, thrown);
      } else {
        timing.exit(methodId, threadState, startNanos, thrown);
      }
    } catch (Throwable failure) {
      failed(failure);
    }
  }

  /**
   * Argument-sampling advice, on method entry: whether this call's arguments are wanted. The
   * advice builds the argument array only when this returns true.
   */
  public static boolean argumentsWanted(int methodId) {
    try {
      return arguments.wanted(methodId);
    } catch (Throwable failure) {
      failed(failure);
      return false;
    }
  }

  /** Argument-sampling advice: the arguments of a call {@link #argumentsWanted} asked for. */
  public static void arguments(int methodId, Object self, Object[] values) {
    try {
      arguments.sample(methodId, self, values);
    } catch (Throwable failure) {
      failed(failure);
    }
  }

  /**
   * Memoization advice, on method entry: a {@link MemoHit} skips the body, anything else lets it
   * run and is handed back to {@link #memoExit}.
   */
  public static Object memoEnter(int methodId, Object receiver, Object[] arguments) {
    try {
      MemoSink sink = memo;
      return sink == null ? null : sink.enter(methodId, receiver, arguments);
    } catch (Throwable failure) {
      failed(failure);
      return null;
    }
  }

  /** {@link #memoEnter} for a method of one parameter (no argument array on a hit). */
  public static Object memoEnter1(int methodId, Object receiver, Object argument) {
    try {
      MemoSink sink = memo;
      return sink == null ? null : sink.enter1(methodId, receiver, argument);
    } catch (Throwable failure) {
      failed(failure);
      return null;
    }
  }

  /** {@link #memoEnter} for a method of two parameters (no argument array on a hit). */
  public static Object memoEnter2(int methodId, Object receiver, Object first, Object second) {
    try {
      MemoSink sink = memo;
      return sink == null ? null : sink.enter2(methodId, receiver, first, second);
    } catch (Throwable failure) {
      failed(failure);
      return null;
    }
  }

  /**
   * {@link #memoEnter1}, for a call the method's {@link MemoSite} handed back: the same call,
   * through a handle the JIT does not inline ({@link MemoRare}), so that the sink's code for rare
   * calls stays out of the memoized method's compiled code.
   */
  public static Object memoHandedBack1(int methodId, Object receiver, Object argument) {
    try {
      return (Object) MemoRare.enter1.invokeExact(methodId, receiver, argument);
    } catch (Throwable failure) {
      failed(failure);
      return null;
    }
  }

  /** {@link #memoHandedBack1} for a method of two parameters. */
  public static Object memoHandedBack2(
      int methodId, Object receiver, Object first, Object second) {
    try {
      return (Object) MemoRare.enter2.invokeExact(methodId, receiver, first, second);
    } catch (Throwable failure) {
      failed(failure);
      return null;
    }
  }

  /**
   * The site of a memoized method of one or two parameters ({@link MemoSite}): called once per
   * method, when the dynamic constant its advice loads is resolved (at the method's first call).
   * {@code null} (no sink installed, or the sink has no site for the id) makes the advice call
   * {@link #memoEnter1} / {@link #memoEnter2} instead, for good.
   */
  public static MemoSite memoSite(int methodId) {
    try {
      MemoSink sink = memo;
      return sink == null ? null : sink.site(methodId);
    } catch (Throwable failure) {
      failed(failure);
      return null;
    }
  }

  /**
   * Memoization advice, on method exit (normal or exceptional).
   *
   * @return the value the method returns: the cached one after a hit, else {@code result}
   *     itself, the very object the body returned
   */
  public static Object memoExit(int methodId, Object call, Object result, Throwable thrown) {
    if (call instanceof MemoHit) {
      return ((MemoHit) call).value;
    }
    if (call != null) {
      try {
        MemoRare.exit.invokeExact(methodId, call, result, thrown);
      } catch (Throwable failure) {
        failed(failure);
      }
    }
    return result;
  }

  /** The sink's exit of a call that ran the body, through a handle ({@link MemoRare}). */
  static void memoSinkExit(int methodId, Object call, Object result, Throwable thrown) {
    MemoSink sink = memo;
    if (sink != null) {
      sink.exit(methodId, call, result, thrown);
    }
  }

  /**
   * Offload advice, on method entry: an {@link OffloadCall} skips the body on this thread (it ran,
   * or runs, on another one) and holds what the method returns or throws; {@code null} runs the
   * body here as written.
   */
  public static Object offloadEnter(int methodId, Class<?> type, Object receiver, Object[] arguments) {
    try {
      OffloadSink sink = offload;
      return sink == null ? null : sink.enter(methodId, type, receiver, arguments);
    } catch (Throwable failure) {
      failed(failure);
      return null;
    }
  }

  /**
   * A substituted pool's constructor: the lane that may run its tasks, or {@code null} to leave it
   * on its platform threads (the agent is off, or the pool is not eligible).
   */
  public static PoolLane adoptPool(java.util.concurrent.ThreadPoolExecutor pool, String site) {
    try {
      PoolSink sink = pools;
      return sink == null ? null : sink.adopt(pool, site);
    } catch (Throwable failure) {
      failed(failure);
      return null;
    }
  }

  /** Counts a failure of the agent behind this bridge; never throws. */
  public static void failed(Throwable failure) {
    try {
      suppressedFailures.incrementAndGet();
      firstFailure.compareAndSet(null, failure);
    } catch (Throwable ignored) {
      // even counting failed (a StackOverflowError, say): nothing more can be done safely
    }
  }

  // ---- called by the agent ----

  /** Installs the timing sink; {@code null} restores the no-op sink. */
  public static void setTiming(TimingSink sink) {
    timing = sink == null ? NO_TIMING : sink;
  }

  /** Installs the argument sink; {@code null} restores the no-op sink. */
  public static void setArguments(ArgumentSink sink) {
    arguments = sink == null ? NO_ARGUMENTS : sink;
  }

  /** Installs the memoization sink; {@code null} turns memoization off (bodies run as written). */
  public static void setMemo(MemoSink sink) {
    MemoSink previous = memo;
    memo = sink;
    // The sites of a sink no longer installed pass their calls on to this bridge (see MemoSite).
    if (previous != null && previous != sink) {
      previous.installed(false);
    }
    if (sink != null && sink != previous) {
      sink.installed(true);
    }
  }

  /** Installs the offload sink; {@code null} turns offload off (bodies run on the caller). */
  public static void setOffload(OffloadSink sink) {
    offload = sink;
  }

  /** Installs the pool sink; {@code null}: pools created from now on stay on platform threads. */
  public static void setPools(PoolSink sink) {
    pools = sink;
  }

  /** How many advice failures were suppressed since this JVM started. */
  public static long suppressedFailures() {
    return suppressedFailures.get();
  }

  /** The first suppressed advice failure, or {@code null}; for diagnostics. */
  public static Throwable firstFailure() {
    return firstFailure.get();
  }

  /**
   * Claims this JVM for one running agent. Lives here, not in the agent, because the bootstrap
   * loader is the one place every copy of the agent (premain, attach, a second -javaagent) shares.
   *
   * @return {@code null} when the claim succeeded, else the description the current owner gave
   */
  public static String claim(String description) {
    return owner.compareAndSet(null, description) ? null : owner.get();
  }

  /** Releases the claim after the agent stopped, so that a later attach may start again. */
  public static void release() {
    owner.set(null);
  }

  private static final class NoTiming implements TimingSink {
    @Override
    public Object enter(int methodId) {
      return null;
    }

    @Override
    public void exit(int methodId, Object threadState, long startNanos, Throwable thrown) {}
  }

  private static final class NoArguments implements ArgumentSink {
    @Override
    public boolean wanted(int methodId) {
      return false;
    }

    @Override
    public void sample(int methodId, Object self, Object[] values) {}
  }
}
