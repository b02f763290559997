package dev.overclock.instrument;

import dev.overclock.bootstrap.Dispatcher;
import dev.overclock.instrument.IdAdvice.MethodId;
import dev.overclock.metrics.TimingRecorders;
import dev.overclock.select.MethodSelector;
import net.bytebuddy.asm.Advice;

/**
 * Wires the timing advice into the methods {@link MethodSelector} selects.
 *
 * <p>Each instrumented method gets an int id when its class is transformed; the id is written
 * into the advice as a constant, so a timed call never looks anything up by name. The same method
 * keeps its id across class loaders and retransformations ({@link TimingRecorders#register}).
 */
public final class TimedInstrumentation {

  private TimedInstrumentation() {}

  static final String NAME = "timing";

  /**
   * Timing advice for the methods {@code selector} selects, recording into {@code recorders}. A
   * method marked {@code @Timed(exact = true)} (or in a class so marked) is never sampled.
   */
  public static Weaving weaving(MethodSelector selector, TimingRecorders recorders) {
    return Weaving.of(NAME, selector,
        (className, method) -> {
          if (method.flag(MethodSelector.TIMED_ANNOTATION, "exact")) {
            recorders.requireExact(className + "::" + method.key());
          }
          return true;
        },
        TimedAdvice.class,
        (method, described, loader) -> recorders.register(method), recorders::woven);
  }

  /**
   * The advice copied into every timed method. Only the method bodies are copied, so they may
   * reference nothing but public JDK types and the bootstrap {@link Dispatcher}. Entry asks the
   * sink for the thread's recording state (so that exit need not look it up again) and then for
   * the start time (the clock, or 0 on a sampled method's unclocked call); exit hands both back.
   * All real work is ordinary code behind those calls.
   */
  @SuppressWarnings({"unused", "UnusedAssignment"}) // invoked by Byte Buddy, inlined
  public static final class TimedAdvice {
    private TimedAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(
        @MethodId int methodId, @Advice.Local("overclockStartNanos") long startNanos) {
      Object threadState = Dispatcher.timedEnter(methodId);
      startNanos = Dispatcher.timedStart(threadState);
      return threadState;
    }

    // onThrowable: a call that throws is a call (counted as an error); the exception itself is
    // not touched and reaches the caller as the same instance.
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(
        @MethodId int methodId,
        @Advice.Enter Object threadState,
        @Advice.Local("overclockStartNanos") long startNanos,
        @Advice.Thrown Throwable thrown) {
      Dispatcher.timedExit(methodId, threadState, startNanos, thrown);
    }
  }
}
