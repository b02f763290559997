package dev.overclock.offload;

import dev.overclock.bootstrap.OffloadCall;
import dev.overclock.bootstrap.OffloadRejectedException;
import dev.overclock.bootstrap.OffloadTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One offloaded call: runs the method's body on a worker thread and hands its outcome to the
 * caller, the caller's future, or (for {@code void}) the failure count.
 *
 * <p>Careful about three things. The outcome is decided once ({@link #state}): a body that
 * finishes as its timeout fires either counts as finished or as timed out, never both. The
 * worker marks itself with this task ({@link #CURRENT}) while the body runs, so the
 * re-invocation runs the body and a call of the same method from inside it is not offloaded
 * again. And the exception the body throws is handed on as the same instance.
 */
final class OffloadTask implements Runnable {

  static final ThreadLocal<OffloadTask> CURRENT = new ThreadLocal<>();

  private static final int NEW = 0;
  private static final int RUNNING = 1;
  private static final int DONE = 2;
  private static final int TIMED_OUT = 3;

  private final OffloadMethod method;
  private final Invoker invoker;
  private final Object receiver;
  private final Object[] arguments;
  private final OffloadTask parent;
  private final boolean permitHeld;
  private final AtomicInteger state = new AtomicInteger(NEW);
  private final CountDownLatch done; // WAIT mode: the caller waits on it
  final CompletableFuture<Object> future; // FUTURE mode: the caller's future
  volatile ScheduledFuture<?> timer;
  private volatile Thread runner;
  private Object value;
  private Throwable thrown;

  OffloadTask(OffloadMethod method, Invoker invoker, Object receiver, Object[] arguments,
      OffloadTask parent, boolean permitHeld) {
    this.method = method;
    this.invoker = invoker;
    this.receiver = receiver;
    this.arguments = arguments;
    this.parent = parent;
    this.permitHeld = permitHeld;
    this.done = method.mode == Mode.WAIT ? new CountDownLatch(1) : null;
    this.future = method.mode == Mode.FUTURE ? new CompletableFuture<>() : null;
  }

  /** Whether this task, or one it was started from, runs {@code methodId}. */
  boolean runs(int methodId) {
    for (OffloadTask task = this; task != null; task = task.parent) {
      if (task.method.id == methodId) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void run() {
    if (!permitHeld && method.permits != null && !acquirePermit()) {
      return;
    }
    boolean permit = method.permits != null;
    try {
      runner = Thread.currentThread();
      if (!state.compareAndSet(NEW, RUNNING)) {
        return; // timed out before a thread was free to run it
      }
      runBody();
    } finally {
      if (permit) {
        method.permits.release();
      }
    }
  }

  private void runBody() {
    OffloadTask outer = CURRENT.get();
    CURRENT.set(this);
    method.started();
    long start = System.nanoTime();
    Object result = null;
    Throwable failure = null;
    try {
      result = invoker.invoke(receiver, arguments);
    } catch (Throwable t) {
      failure = t;
    } finally {
      method.ended(System.nanoTime() - start);
      CURRENT.set(outer);
    }
    ScheduledFuture<?> pending = timer;
    if (pending != null) {
      pending.cancel(false);
    }
    if (!state.compareAndSet(RUNNING, DONE)) {
      Thread.interrupted(); // the timeout's interrupt must not leak into the next task
      return; // timed out: the caller was told, the outcome is dropped
    }
    if (failure != null && method.mode != Mode.VOID) {
      method.failures.increment();
    }
    finish(result, failure);
  }

  private void finish(Object result, Throwable failure) {
    switch (method.mode) {
      case WAIT:
        value = failure == null ? result : method.defaultValue;
        thrown = failure;
        done.countDown();
        break;
      case FUTURE:
        if (failure != null) {
          future.completeExceptionally(failure);
        } else {
          flatten(result);
        }
        break;
      default:
        if (failure != null) {
          method.lost(failure, true);
        }
    }
  }

  /** Completes the caller's future with the body's future, which it stands for. */
  private void flatten(Object result) {
    if (result instanceof CompletionStage) {
      ((CompletionStage<?>) result).whenComplete((v, e) -> {
        if (e != null) {
          future.completeExceptionally(e);
        } else {
          future.complete(v);
        }
      });
    } else if (result instanceof Future) {
      try {
        future.complete(((Future<?>) result).get());
      } catch (ExecutionException e) {
        future.completeExceptionally(e.getCause() != null ? e.getCause() : e);
      } catch (Throwable e) {
        future.completeExceptionally(e);
      }
    } else {
      future.complete(result);
    }
  }

  /** Waits for a slot on the worker; false (and the call rejected) when none frees up in time. */
  private boolean acquirePermit() {
    Throwable rejected = Offloader.acquire(method);
    if (rejected == null) {
      return true;
    }
    state.set(DONE);
    if (future != null) {
      future.completeExceptionally(rejected);
    } else {
      method.lost(rejected, false);
    }
    return false;
  }

  /**
   * The timeout fired: decides the outcome as timed out unless the body finished first, and
   * interrupts the body.
   *
   * @return whether the call timed out
   */
  boolean timeOut() {
    int current = state.get();
    while (current == NEW || current == RUNNING) {
      if (state.compareAndSet(current, TIMED_OUT)) {
        method.timeouts.increment();
        Thread thread = runner;
        if (current == RUNNING && thread != null) {
          thread.interrupt();
        }
        if (future != null) {
          future.completeExceptionally(timeoutException());
        }
        return true;
      }
      current = state.get();
    }
    return false;
  }

  OffloadTimeoutException timeoutException() {
    String limit = OffloadSettings.format(method.settings.timeoutNanos());
    return new OffloadTimeoutException(method.ref.signature(),
        Duration.ofNanos(method.settings.timeoutNanos()),
        method.ref.signature() + " did not finish within its offload timeout of " + limit
            + "; its thread was interrupted");
  }

  /**
   * The caller's side of a {@link Mode#WAIT} call: waits for the body, at most the timeout. An
   * interrupt of the caller is passed on to the body, whose outcome the caller still gets (with
   * its interrupt status set again), as if the body had run on the caller's thread.
   */
  OffloadCall await() {
    long timeout = method.settings.timeoutNanos();
    long deadline = System.nanoTime() + timeout;
    boolean interrupted = false;
    try {
      while (true) {
        try {
          if (timeout == 0) {
            done.await();
            return new OffloadCall(value, thrown);
          }
          long left = deadline - System.nanoTime();
          if (done.await(Math.max(0, left), TimeUnit.NANOSECONDS)) {
            return new OffloadCall(value, thrown);
          }
          if (timeOut()) {
            return new OffloadCall(method.defaultValue, timeoutException());
          }
          // finished as the timeout fired: its outcome is about to be published
          timeout = 0;
        } catch (InterruptedException e) {
          interrupted = true;
          Thread thread = runner;
          if (thread != null && state.get() == RUNNING) {
            thread.interrupt();
          }
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The rejection of a call that found no slot in time. */
  static OffloadRejectedException rejected(OffloadMethod method) {
    long queue = method.settings.queueTimeoutNanos();
    return new OffloadRejectedException(method.ref.signature(), method.settings.maxConcurrency(),
        method.ref.signature() + " rejected the call: its limit of "
            + method.settings.maxConcurrency() + " running call(s) (maxConcurrency) was reached"
            + " and none finished within its queueTimeout of " + OffloadSettings.format(Math.max(0, queue)));
  }
}
