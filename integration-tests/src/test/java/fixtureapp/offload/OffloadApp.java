package fixtureapp.offload;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A program whose methods {@code OffloadIT} offloads. It prints {@code result <name> <value>}
 * lines, what the program computed (the same with and without the agent), and {@code offload
 * <name> <value>} lines, facts about offloading itself. Arguments name the parts to run: {@code
 * semantics} (with and without the agent), {@code agent} (timeouts, limits, rejections: only with
 * it), {@code config} (a method selected by {@code offload=}), {@code pin}.
 */
public final class OffloadApp {

  private OffloadApp() {}

  public static void main(String[] args) throws Exception {
    for (String part : args) {
      switch (part) {
        case "semantics":
          semantics();
          break;
        case "agent":
          AgentParts.run();
          break;
        case "config":
          ConfigSelected.run();
          break;
        case "pin":
          Pinner pinner = new Pinner();
          offload("pinning-recording-started", JfrWatch.awaitRecording());
          result("pinner", pinner.initSlowly());
          // An application goes on after a pin; this one would exit at once, and the agent
          // drains its pinning stream at exit for at most a second (PinningStream.DRAIN_MILLIS),
          // which a loaded machine can exceed: CI lost the pin that way on JDK 25. Two seconds
          // of going on let the stream deliver it (it flushes once a second) before exit.
          Thread.sleep(2_000);
          break;
        default:
          throw new IllegalArgumentException(part);
      }
    }
  }

  private static void semantics() throws Exception {
    Blocking blocking = new Blocking();
    Thread main = Thread.currentThread();

    CompletableFuture<String> fetched = blocking.fetch("a");
    result("future-value", fetched.get(30, TimeUnit.SECONDS));
    offload("future-other-thread", Blocking.lastBodyThread != main);
    offload("future-virtual", isVirtual(Blocking.lastBodyThread));

    boolean same;
    try {
      blocking.failingStage().toCompletableFuture().join();
      same = false;
    } catch (CompletionException e) {
      same = e.getCause() == Blocking.FUTURE_FAILURE;
    } catch (IllegalStateException e) {
      same = e == Blocking.FUTURE_FAILURE;
    }
    result("future-same-exception", same);
    result("nested", blocking.nested(21).get(30, TimeUnit.SECONDS));
    result("plain-future", Blocking.plainFuture("hello").get(30, TimeUnit.SECONDS));

    result("square", blocking.square(7));
    offload("square-other-thread", Blocking.lastBodyThread != main);
    offload("square-thread", Blocking.lastBodyThread.getName());
    result("sum", blocking.sum(3, 4));
    result("timed-square", blocking.timedSquare(5));
    try {
      blocking.readChecked();
      result("checked-same-instance", false);
    } catch (IOException e) {
      result("checked-same-instance", e == Blocking.CHECKED);
    }
    try {
      blocking.failUnchecked();
      result("unchecked-same-instance", false);
    } catch (IllegalArgumentException e) {
      result("unchecked-same-instance", e == Blocking.UNCHECKED);
    }
    result("reentrant-same-thread", blocking.sameThreadDown(3, null));

    CountDownLatch fired = new CountDownLatch(1);
    blocking.fireAndForget(fired);
    result("void-ran", fired.await(30, TimeUnit.SECONDS));
    CountDownLatch failed = new CountDownLatch(3);
    int reachedCaller = 0;
    for (int i = 0; i < 3; i++) {
      try {
        blocking.failingVoid(failed);
      } catch (IllegalStateException e) {
        reachedCaller++;
      }
    }
    result("void-failures-ran", failed.await(30, TimeUnit.SECONDS));
    offload("void-failures-reached-caller", reachedCaller);
  }

  /** Whether the thread is virtual; false on JDKs without virtual threads. */
  private static boolean isVirtual(Thread thread) {
    try {
      Method isVirtual = Thread.class.getMethod("isVirtual");
      return (Boolean) isVirtual.invoke(thread);
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  static void result(String name, Object value) {
    System.out.println("result " + name + " " + value);
  }

  static void offload(String name, Object value) {
    System.out.println("offload " + name + " " + value);
  }
}
