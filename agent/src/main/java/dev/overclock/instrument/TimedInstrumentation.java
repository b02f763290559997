package dev.overclock.instrument;

import dev.overclock.bootstrap.Dispatcher;
import dev.overclock.instrument.IdAdvice.MethodId;
import dev.overclock.metrics.MethodRef;
import dev.overclock.metrics.TimingRecorders;
import dev.overclock.select.MethodSelector;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.function.BiPredicate;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.constant.IntegerConstant;

/**
 * Wires the timing advice into the methods {@link MethodSelector} selects.
 *
 * <p>Each instrumented method gets an int id when its class is transformed; the id is written
 * into the advice as a constant, so a timed call never looks anything up by name. The same method
 * keeps its id across class loaders and retransformations ({@link TimingRecorders#register}).
 *
 * <h2>Exact and sampled calls</h2>
 *
 * A method that can never be sampled ({@code @Timed(exact = true)} on it or its class, or sampling
 * off: {@link TimingRecorders#alwaysExact}) reads its start time with an inlined {@code
 * System.nanoTime()}, as timing did before sampling existed: the one extra call through the
 * bridge cost an exact timed call about 15%. Any other method asks the bridge ({@link
 * Dispatcher#timedStart}: a type check of the state, no read of the sink), which skips the clock
 * on the calls a sampled method only counts. The choice is a constant written into each method's
 * advice ({@link ClockEveryCall}), so the JIT keeps one branch. Either way, exit tells a counted call from a clocked one by the state entry
 * returned, never by the start time, so an exact method whose N is pinned later is still counted
 * right.
 */
public final class TimedInstrumentation {

  private TimedInstrumentation() {}

  static final String NAME = "timing";

  /**
   * Marks the advice parameter that says, as a constant per method, whether the method reads the
   * clock on every call (it can never be sampled).
   */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface ClockEveryCall {}

  /**
   * Timing advice for the methods {@code selector} selects, recording into {@code recorders}. A
   * method marked {@code @Timed(exact = true)} (or in a class so marked) is never sampled.
   */
  public static Weaving weaving(MethodSelector selector, TimingRecorders recorders) {
    return new Weaving(NAME, selector, new Rule(recorders), new ByteBuddyAdvice(recorders),
        new Direct(recorders));
  }

  /** Every selected method can be timed; it notes the ones marked {@code exact}. */
  private record Rule(TimingRecorders recorders) implements BiPredicate<String, ClassScan.Method> {
    @Override
    public boolean test(String className, ClassScan.Method method) {
      if (method.flag(MethodSelector.TIMED_ANNOTATION, "exact")) {
        recorders.requireExact(className + "::" + method.key());
      }
      return true;
    }
  }

  /** The advice below, for Byte Buddy (classes {@link DirectWeave} does not take). */
  private static final class ByteBuddyAdvice extends AdviceFactory {
    private final TimingRecorders recorders;

    ByteBuddyAdvice(TimingRecorders recorders) {
      this.recorders = recorders;
    }

    @Override
    Advice make() {
      return IdAdvice.of(NAME, TimedAdvice.class,
          (method, described, loader) -> recorders.register(method), recorders::woven,
          mapping -> mapping.bind(ClockEveryCall.class, clockEveryCall(recorders)), null);
    }

    /** Binds {@link ClockEveryCall}: true where {@code recorders} never sample the method. */
    private static Advice.OffsetMapping clockEveryCall(TimingRecorders recorders) {
      return (type, method, assigner, arguments, sort) -> {
        String key = type.getName() + "::" + method.getInternalName() + method.getDescriptor();
        return new Advice.OffsetMapping.Target.ForStackManipulation(
            IntegerConstant.forValue(recorders.alwaysExact(key)));
      };
    }
  }

  /**
   * The same advice written by {@link DirectTimingWeave} (no Byte Buddy), with the same ids,
   * labels and clock choice as the advice above.
   */
  private record Direct(TimingRecorders recorders) implements Weaving.Direct {
    @Override
    public int wrap(MethodRef method, ClassLoader loader, DirectWeave.Target target) {
      int id = recorders.register(method);
      DirectTimingWeave.time(target.method(), target.owner(), id,
          recorders.alwaysExact(method.className() + "::" + target.key()));
      return id;
    }

    @Override
    public void woven(int id) {
      recorders.woven(id);
    }
  }

  /**
   * The advice copied into every timed method. Only the method bodies are copied, so they may
   * reference nothing but public JDK types and the bootstrap {@link Dispatcher}. Entry asks the
   * sink for the thread's recording state (so that exit need not look it up again), then reads the
   * start time: the clock itself when the method is clocked on every call, else through the bridge
   * (the clock, or 0 on a sampled method's unclocked call); exit hands both back to the state,
   * which finishes the call. All real work is ordinary code behind those calls.
   */
  @SuppressWarnings({"unused", "UnusedAssignment"}) // invoked by Byte Buddy, inlined
  public static final class TimedAdvice {
    private TimedAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(
        @MethodId int methodId,
        @ClockEveryCall boolean clockEveryCall,
        @Advice.Local("overclockStartNanos") long startNanos) {
      Object threadState = Dispatcher.timedEnter(methodId);
      // a constant per method: the JIT keeps one branch
      startNanos = clockEveryCall ? System.nanoTime() : Dispatcher.timedStart(threadState);
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
