package dev.overclock.instrument;

import dev.overclock.bootstrap.Dispatcher;
import dev.overclock.instrument.IdAdvice.MethodId;
import dev.overclock.metrics.MethodRef;
import dev.overclock.metrics.TimingRecorders;
import dev.overclock.select.MethodSelector;
import java.util.function.BiPredicate;
import net.bytebuddy.asm.Advice;

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
    return new Weaving(NAME, selector, new Rule(), new ByteBuddyAdvice(recorders),
        new Direct(recorders));
  }

  /** A method without parameters has no arguments to sample. */
  private static final class Rule implements BiPredicate<String, ClassScan.Method> {
    @Override
    public boolean test(String className, ClassScan.Method method) {
      return !method.descriptor().startsWith("()");
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
      // Bound to the method's timing id (the method is timed already; its id exists). It marks
      // nothing woven: the timing weaving does, for the timing advice.
      return IdAdvice.of(NAME, ArgumentsAdvice.class,
          (method, described, loader) -> recorders.register(new MethodRef(
              method.className(), method.methodName(), method.descriptor(), "auto")),
          id -> {});
    }
  }

  /** The same advice written by {@link DirectArgumentsWeave} (no Byte Buddy), the same ids. */
  private record Direct(TimingRecorders recorders) implements Weaving.Direct {
    @Override
    public int wrap(MethodRef method, ClassLoader loader, DirectWeave.Target target) {
      // labelled as Byte Buddy's path labels it: the method is timed already
      int id = recorders.register(new MethodRef(
          method.className(), method.methodName(), method.descriptor(), "auto"));
      DirectArgumentsWeave.sample(target.method(), target.owner(), id);
      return id;
    }

    @Override
    public void woven(int id) {
      // marks nothing woven: the timing weaving does
    }
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
        @MethodId int methodId,
        @Advice.This(optional = true) Object self,
        @Advice.AllArguments Object[] arguments) {
      if (Dispatcher.argumentsWanted(methodId)) {
        Dispatcher.arguments(methodId, self, arguments);
      }
    }
  }
}
