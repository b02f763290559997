package dev.overclock.instrument;

import dev.overclock.bootstrap.Dispatcher;
import dev.overclock.metrics.MethodRef;
import dev.overclock.metrics.TimingRecorders;
import dev.overclock.select.MethodSelector;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.implementation.bytecode.constant.IntegerConstant;

/**
 * Wires the timing advice into the methods {@link MethodSelector} selects.
 *
 * <p>Each instrumented method gets an int id when its class is transformed; the id is written
 * into the advice as a constant, so a timed call never looks anything up by name. The same method
 * keeps its id across class loaders and retransformations ({@link TimingRecorders#register}).
 */
public final class TimedInstrumentation {

  /** Marks the advice parameter that receives the method's id, bound at transform time. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface MethodId {}

  private TimedInstrumentation() {}

  static final String NAME = "timing";

  /** Timing advice for the methods {@code selector} selects, recording into {@code recorders}. */
  public static Weaving weaving(MethodSelector selector, TimingRecorders recorders) {
    return Weaving.of(NAME, selector, (className, method) -> true, () -> advice(recorders));
  }

  /**
   * The advice, ready to be applied to the selected methods of a type. The advice class is read
   * from its class file rather than by reflection: reflection would parse its annotations into
   * proxies, a large share of the agent's start-up time.
   */
  private static Advice advice(TimingRecorders recorders) {
    return Advice.withCustomMapping()
        .bind(MethodId.class, new MethodIdMapping(recorders))
        .to(describe(TimedAdvice.class), ClassFileLocator.ForClassLoader.of(TimedAdvice.class.getClassLoader()))
        // Drops the throwable without naming any agent type: the handler must work even where
        // the bridge itself is unreachable. Dispatcher counts the failures it catches.
        .withExceptionHandler(Advice.ExceptionHandler.Default.SUPPRESSING);
  }

  /** An advice class as Byte Buddy sees it, read from its class file (no reflection). */
  static TypeDescription describe(Class<?> adviceClass) {
    ClassFileLocator locator = ClassFileLocator.ForClassLoader.of(adviceClass.getClassLoader());
    return TypePool.Default.of(locator).describe(adviceClass.getName()).resolve();
  }

  /**
   * The advice copied into every timed method. Only the method bodies are copied, so they may
   * reference nothing but public JDK types and the bootstrap {@link Dispatcher}. Entry asks the
   * sink for the thread's recording state (so that exit need not look it up again) and then reads
   * the clock; exit hands both back. All real work is ordinary code behind those calls.
   */
  @SuppressWarnings({"unused", "UnusedAssignment"}) // invoked by Byte Buddy, inlined
  public static final class TimedAdvice {
    private TimedAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(
        @MethodId int methodId, @Advice.Local("overclockStartNanos") long startNanos) {
      Object threadState = Dispatcher.timedEnter(methodId);
      startNanos = System.nanoTime();
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

  /**
   * Resolves {@link MethodId} to the instrumented method's id, registering it on first sight; the
   * method counts as instrumented once its class was rewritten.
   */
  private static final class MethodIdMapping implements Advice.OffsetMapping {
    private final TimingRecorders recorders;

    MethodIdMapping(TimingRecorders recorders) {
      this.recorders = recorders;
    }

    @Override
    public Target resolve(
        TypeDescription instrumentedType,
        MethodDescription instrumentedMethod,
        Assigner assigner,
        Advice.ArgumentHandler argumentHandler,
        Sort sort) {
      WeaveContext context = WeaveContext.current();
      MethodSelector.Reason reason = context.reason(NAME, instrumentedMethod);
      MethodRef method =
          new MethodRef(
              instrumentedType.getName(),
              instrumentedMethod.getInternalName(),
              instrumentedMethod.getDescriptor(),
              reason == null ? "filter" : reason.label());
      int id = recorders.register(method);
      context.onSuccess(() -> recorders.woven(id));
      return new Target.ForStackManipulation(IntegerConstant.forValue(id));
    }
  }
}
