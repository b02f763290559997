package dev.overclock.offload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.bootstrap.OffloadCall;
import dev.overclock.bootstrap.OffloadRejectedException;
import dev.overclock.bootstrap.OffloadTimeoutException;
import dev.overclock.metrics.MethodRef;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The offload sink called as the advice calls it, on methods of {@link Target} that carry no
 * advice: the re-invocation on the worker then simply runs them.
 */
class OffloaderTest {

  private static final IOException CHECKED = new IOException("checked");
  private static final IllegalStateException UNCHECKED = new IllegalStateException("unchecked");

  private final Offloader offloader = new Offloader(Carrier.detect(8));

  /** Methods whose bodies the tests offload. */
  static final class Target {
    final AtomicReference<Thread> ranOn = new AtomicReference<>();
    final CountDownLatch interrupted = new CountDownLatch(1);
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch gate = new CountDownLatch(1);
    Offloader offloader;
    int id;

    int square(int value) {
      ranOn.set(Thread.currentThread());
      return value * value;
    }

    String read() throws IOException {
      throw CHECKED;
    }

    String block() {
      started.countDown();
      try {
        gate.await();
        return "opened";
      } catch (InterruptedException e) {
        interrupted.countDown();
        return "interrupted";
      }
    }

    CompletableFuture<String> later(CompletableFuture<String> inner) {
      return inner;
    }

    CompletableFuture<String> failing() {
      throw UNCHECKED;
    }

    void fail() {
      throw UNCHECKED;
    }

    /** Calls the sink for its own method from inside the body, as a nested call would. */
    boolean nestedRunsDirectly() {
      return offloader.enter(id, Target.class, this, new Object[0]) == null;
    }
  }

  private int register(String name, String descriptor, OffloadSettings settings) {
    int id = offloader.register(new MethodRef(Target.class.getName(), name, descriptor,
        "annotation"), Target.class.getClassLoader(), false, settings);
    offloader.woven(id);
    return id;
  }

  private OffloadCall enter(int id, Target target, Object... arguments) {
    return (OffloadCall) offloader.enter(id, Target.class, target, arguments);
  }

  private OffloadSnapshot snapshot(String name) {
    return offloader.snapshot().stream().filter(s -> s.method().methodName().equals(name))
        .findFirst().orElseThrow();
  }

  @Test
  void waitingCall_runsTheBodyOnAnotherThread_andReturnsItsValue() {
    int id = register("square", "(I)I", OffloadSettings.DEFAULTS);
    Target target = new Target();

    OffloadCall call = enter(id, target, 7);

    assertThat(call.value).isEqualTo(49);
    assertThat(call.thrown).isNull();
    assertThat(target.ranOn.get()).isNotSameAs(Thread.currentThread());
    OffloadSnapshot snapshot = snapshot("square");
    assertThat(snapshot.calls()).isEqualTo(1);
    assertThat(snapshot.maxInFlight()).isEqualTo(1);
    assertThat(snapshot.inFlight()).isZero();
    assertThat(snapshot.latency().calls()).isEqualTo(1);
  }

  @Test
  void waitingCall_handsOnTheBodysCheckedException_asTheSameInstance() {
    int id = register("read", "()Ljava/lang/String;", OffloadSettings.DEFAULTS);

    OffloadCall call = enter(id, new Target());

    assertThat(call.thrown).isSameAs(CHECKED);
    assertThat(snapshot("read").failures()).isEqualTo(1);
  }

  @Test
  void waitingCall_timesOut_interruptsTheBody_andThrowsOffloadTimeoutException()
      throws InterruptedException {
    int id = register("block", "()Ljava/lang/String;", new OffloadSettings(50_000_000L, 0, -1));
    Target target = new Target();

    OffloadCall call = enter(id, target);

    assertThat(call.thrown).isInstanceOf(OffloadTimeoutException.class)
        .hasMessage(Target.class.getName() + "::block() did not finish within its offload"
            + " timeout of 50ms; its thread was interrupted");
    OffloadTimeoutException timeout = (OffloadTimeoutException) call.thrown;
    assertThat(timeout.method()).isEqualTo(Target.class.getName() + "::block()");
    assertThat(timeout.timeout()).hasMillis(50);
    assertThat(target.interrupted.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(snapshot("block").timeouts()).isEqualTo(1);
  }

  @Test
  void futureCall_returnsAtOnce_andFollowsTheBodysFuture() throws Exception {
    int id = register("later",
        "(Ljava/util/concurrent/CompletableFuture;)Ljava/util/concurrent/CompletableFuture;",
        OffloadSettings.DEFAULTS);
    CompletableFuture<String> inner = new CompletableFuture<>();

    OffloadCall call = enter(id, new Target(), inner);
    CompletableFuture<?> future = (CompletableFuture<?>) call.value;
    inner.complete("done");

    assertThat(future.get(30, TimeUnit.SECONDS)).isEqualTo("done");
  }

  @Test
  void futureCall_completesExceptionally_withTheBodysOwnException() {
    int id = register("failing", "()Ljava/util/concurrent/CompletableFuture;",
        OffloadSettings.DEFAULTS);

    CompletableFuture<?> future = (CompletableFuture<?>) enter(id, new Target()).value;

    try {
      future.join();
    } catch (CompletionException e) {
      assertThat(e.getCause()).isSameAs(UNCHECKED);
    }
    assertThat(future).isCompletedExceptionally();
  }

  @Test
  void voidCall_returnsAtOnce_andCountsTheFailureNobodySaw() throws Exception {
    int id = register("fail", "()V", OffloadSettings.DEFAULTS);

    OffloadCall call = enter(id, new Target());

    assertThat(call.value).isNull();
    assertThat(call.thrown).isNull();
    // the failure is counted once the body ended; a second, waiting call orders after it
    int block = register("square", "(I)I", new OffloadSettings(0, 0, -1));
    enter(block, new Target(), 1);
    org.assertj.core.api.Assertions.assertThat(awaitFailures("fail", 1)).isTrue();
  }

  /** Waits for the counter through a latch-like check, bounded by the test's patience. */
  private boolean awaitFailures(String name, long expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (snapshot(name).failures() < expected) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.onSpinWait();
    }
    return true;
  }

  @Test
  void limitReached_withZeroQueueTimeout_rejectsTheCall() throws InterruptedException {
    int id = register("block", "()Ljava/lang/String;", new OffloadSettings(0, 1, 0));
    Target first = new Target();
    AtomicReference<OffloadCall> firstCall = new AtomicReference<>();
    Thread caller = new Thread(() -> firstCall.set(enter(id, first)));
    caller.start();
    assertThat(first.started.await(30, TimeUnit.SECONDS)).isTrue();

    OffloadCall second = enter(id, new Target());
    first.gate.countDown();
    caller.join();

    assertThat(second.thrown).isInstanceOf(OffloadRejectedException.class);
    assertThat(((OffloadRejectedException) second.thrown).maxConcurrency()).isEqualTo(1);
    assertThat(firstCall.get().value).isEqualTo("opened");
    OffloadSnapshot snapshot = snapshot("block");
    assertThat(snapshot.rejections()).isEqualTo(1);
    assertThat(snapshot.queueWaits()).isEqualTo(1);
    assertThat(snapshot.maxInFlight()).isEqualTo(1);
  }

  @Test
  void aCallFromInsideTheBody_toTheSameMethod_runsDirectly() {
    int id = register("nestedRunsDirectly", "()Z", OffloadSettings.DEFAULTS);
    Target target = new Target();
    target.offloader = offloader;
    target.id = id;

    assertThat(enter(id, target).value).isEqualTo(true);
    assertThat(snapshot("nestedRunsDirectly").calls()).isEqualTo(1);
  }

  @Test
  void onAPlatformPool_aWaitingCallFromInsideAnOffloadedBody_runsDirectly() {
    Offloader pooled = new Offloader(new Carrier.Platform(1));
    int outer = pooled.register(new MethodRef(Target.class.getName(), "nestedRunsDirectly", "()Z",
        "annotation"), Target.class.getClassLoader(), false, OffloadSettings.DEFAULTS);
    int inner = pooled.register(new MethodRef(Target.class.getName(), "square", "(I)I",
        "annotation"), Target.class.getClassLoader(), false, OffloadSettings.DEFAULTS);
    Target target = new Target();
    target.offloader = pooled;
    target.id = inner; // the body asks to offload another waiting method

    // with one pool thread, offloading the inner call would wait for the thread it holds
    assertThat(((OffloadCall) pooled.enter(outer, Target.class, target, new Object[0])).value)
        .isEqualTo(true);
  }

  @Test
  void aMethodTheAgentCannotCall_runsOnItsCaller() {
    int id = register("missing", "()V", OffloadSettings.DEFAULTS);

    assertThat(offloader.enter(id, Target.class, new Target(), new Object[0])).isNull();
    assertThat(snapshot("missing").calls()).isZero();
  }

  @Test
  void unknownIds_andUnwovenMethods_areLeftAlone() {
    int id = offloader.register(new MethodRef(Target.class.getName(), "square", "(I)I", "filter"),
        Target.class.getClassLoader(), false, OffloadSettings.DEFAULTS);

    assertThat(offloader.enter(999, Target.class, new Target(), new Object[] {1})).isNull();
    assertThat(offloader.snapshot()).isEmpty(); // registered, but its class was never rewritten
    assertThat(id).isZero();
  }
}
