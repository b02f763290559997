package dev.overclock.instrument;

import dev.overclock.bootstrap.Dispatcher;
import dev.overclock.metrics.MethodRef;
import dev.overclock.metrics.TimingRecorders;
import dev.overclock.select.MethodSelector;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.implementation.bytecode.constant.IntegerConstant;

/**
 * Wires the argument-sampling advice into the methods a run-time selection names: timed methods
 * that look CPU-bound, for as long as it takes to sample enough of their calls to estimate how
 * often their arguments repeat (the evidence for a memoization recommendation).
 *
 * <h2>Why a separate advice</h2>
 *
 * Timing every call must stay cheap, so the timing advice never reads arguments. This advice is
 * woven only into the few methods that need the estimate and taken out again once it has enough
 * samples. Even while it is in, an unsampled call costs one static call that returns false: the
 * argument array is built inside the advice's {@code if}, because Byte Buddy materialises {@link
 * Advice.AllArguments} where the advice reads it, not on entry.
 *
 * <p>Methods are identified by their timing id ({@link TimingRecorders#register}), so the sink
 * needs no second table of methods.
 */
public final class ArgumentsInstrumentation {

  static final String NAME = "arguments";

  private ArgumentsInstrumentation() {}

  /** Argument sampling for the methods {@code selector} selects, identified by timing id. */
  public static Weaving weaving(MethodSelector selector, TimingRecorders recorders) {
    return Weaving.of(NAME, selector,
        (className, method) -> !method.descriptor().startsWith("()"), () -> advice(recorders));
  }

  private static Advice advice(TimingRecorders recorders) {
    return Advice.withCustomMapping()
        .bind(TimedInstrumentation.MethodId.class, new MethodIdMapping(recorders))
        .to(TimedInstrumentation.describe(ArgumentsAdvice.class),
            ClassFileLocator.ForClassLoader.of(ArgumentsAdvice.class.getClassLoader()))
        .withExceptionHandler(Advice.ExceptionHandler.Default.SUPPRESSING);
  }

  /**
   * The advice copied into sampled methods: only the body is copied, so it may reference nothing
   * but public JDK types and the bootstrap {@link Dispatcher}. It reads the arguments and never
   * writes them.
   */
  @SuppressWarnings("unused") // invoked by Byte Buddy, inlined
  public static final class ArgumentsAdvice {
    private ArgumentsAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void onEnter(
        @TimedInstrumentation.MethodId int methodId,
        @Advice.This(optional = true) Object self,
        @Advice.AllArguments Object[] arguments) {
      if (Dispatcher.argumentsWanted(methodId)) {
        Dispatcher.arguments(methodId, self, arguments);
      }
    }
  }

  /** Binds the method's timing id (the method is timed already; its id exists). */
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
      int id = recorders.register(new MethodRef(instrumentedType.getName(),
          instrumentedMethod.getInternalName(), instrumentedMethod.getDescriptor(), "auto"));
      return new Target.ForStackManipulation(IntegerConstant.forValue(id));
    }
  }
}
