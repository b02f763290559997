package dev.overclock.metrics;

import java.lang.ref.WeakReference;
import java.util.function.Consumer;

/**
 * What one thread knows about its timed calls: one {@link ActiveMethod} per method the thread has
 * called, found by method id in a small open-addressing table. A timed call usually finds its
 * state in the method's own table of threads instead ({@link MethodRecorder#threadState}); this
 * one is the record of which states are the thread's, and the lookup when that table's slot holds
 * another thread.
 *
 * <p>The table grows with the number of distinct timed methods this thread calls, not with the
 * number of methods instrumented in the JVM: a virtual thread that serves one request through
 * three timed methods holds three small entries, whatever else is timed. Only its own thread
 * touches an instance.
 */
final class ThreadTimings {

  /** The recorders these timings belong to; a thread's timings of an earlier attach are replaced. */
  final TimingRecorders owner;

  /** Which recorder stripe this thread writes to first; fixed for the thread's life. */
  final int stripe;

  /** The thread these timings belong to (weak: they must not keep an ended thread's object). */
  final WeakReference<Thread> runner;

  /** The thread's id when these timings were made: where its states go in tables by thread. */
  final long threadId;

  /** Slow lookups of these timings since they last tried to take their slot in the table. */
  int slowLookups;

  private ActiveMethod[] table = new ActiveMethod[8];
  private int size;

  /** Set when a stack overflow may have skipped exits; see {@link #distrustDepths}. */
  private boolean distrusted;

  /** The calling thread's timings. */
  ThreadTimings(TimingRecorders owner, int stripe) {
    this.owner = owner;
    this.stripe = stripe;
    Thread current = Thread.currentThread();
    this.runner = new WeakReference<>(current);
    this.threadId = current.getId();
  }

  /** Whether these are {@code thread}'s timings. */
  boolean belongTo(Thread thread) {
    return runner.get() == thread;
  }

  /** Whether the thread these timings belong to has ended. */
  boolean ended() {
    Thread thread = runner.get();
    return thread == null || !thread.isAlive();
  }

  /** The thread's entry for the method, created on the thread's first call of it. */
  ActiveMethod method(int methodId, MethodRecorder recorder) {
    ActiveMethod[] entries = table;
    int mask = entries.length - 1;
    for (int i = mix(methodId) & mask; ; i = (i + 1) & mask) {
      ActiveMethod entry = entries[i];
      if (entry == null) {
        return add(methodId, recorder);
      }
      if (entry.methodId == methodId) {
        return entry;
      }
    }
  }

  private ActiveMethod add(int methodId, MethodRecorder recorder) {
    if (2 * (size + 1) > table.length) {
      ActiveMethod[] old = table;
      table = new ActiveMethod[old.length * 2];
      for (ActiveMethod entry : old) {
        if (entry != null) {
          insert(entry);
        }
      }
    }
    ActiveMethod entry = new ActiveMethod(this, methodId, recorder);
    insert(entry);
    size++;
    return entry;
  }

  private void insert(ActiveMethod entry) {
    int mask = table.length - 1;
    int i = mix(entry.methodId) & mask;
    while (table[i] != null) {
      i = (i + 1) & mask;
    }
    table[i] = entry;
  }

  private static int mix(int id) {
    return id * 0x9E3779B9;
  }

  /**
   * Marks the recursion depths of this thread as doubtful: a {@link StackOverflowError} passed
   * through a timed method. Near the stack limit the exit advice of the innermost frames can
   * itself overflow before it counts the exit, which would leave depths too high and make every
   * later call of those methods on this thread look nested (and its time uncounted). Only a field
   * write: this runs with almost no stack left.
   */
  void distrustDepths() {
    distrusted = true;
  }

  boolean depthsDistrusted() {
    return distrusted;
  }

  /**
   * Rebuilds every recursion depth from the thread's actual stack: the depth of a method is the
   * number of its frames on the stack. Called on the next entry after {@link #distrustDepths},
   * usually once the overflow has unwound; if the stack is still too short for the walk, the
   * walk fails, the depths stay distrusted and the next entry tries again.
   *
   * <p>No lambda and no string concatenation here: an {@code invokedynamic} call site whose first
   * linkage fails for lack of stack stays broken for the life of the JVM.
   *
   * @param entering the method being entered, whose own frame is already on the stack
   */
  void rebuildDepths(ActiveMethod entering) {
    FrameCounter counter = new FrameCounter(table);
    StackWalker.getInstance().forEach(counter);
    for (int i = 0; i < table.length; i++) {
      ActiveMethod entry = table[i];
      if (entry != null) {
        entry.depth = entry == entering ? Math.max(0, counter.counts[i] - 1) : counter.counts[i];
      }
    }
    distrusted = false;
  }

  /** Counts, for each entry of the table, the frames of its method on the stack. */
  private static final class FrameCounter implements Consumer<StackWalker.StackFrame> {
    private final ActiveMethod[] table;
    final int[] counts;

    FrameCounter(ActiveMethod[] table) {
      this.table = table;
      this.counts = new int[table.length];
    }

    @Override
    public void accept(StackWalker.StackFrame frame) {
      for (int i = 0; i < table.length; i++) {
        ActiveMethod entry = table[i];
        if (entry != null && entry.depth > 0) {
          MethodRef method = entry.recorder.method;
          if (method.methodName().equals(frame.getMethodName())
              && method.className().equals(frame.getClassName())) {
            counts[i]++;
          }
        }
      }
    }
  }
}
