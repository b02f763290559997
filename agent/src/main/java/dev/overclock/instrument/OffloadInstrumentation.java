package dev.overclock.instrument;

import dev.overclock.bootstrap.Dispatcher;
import dev.overclock.bootstrap.OffloadCall;
import dev.overclock.log.AgentLog;
import dev.overclock.metrics.MethodRef;
import dev.overclock.offload.OffloadRecorders;
import dev.overclock.offload.OffloadSettings;
import dev.overclock.select.MethodFilter;
import dev.overclock.select.MethodSelector;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.implementation.bytecode.constant.IntegerConstant;

/**
 * Wires the offload advice into the methods selected by {@code @Offload} and the {@code offload=}
 * filters.
 *
 * <h2>Order</h2>
 *
 * The agent gives the transformer this weaving first, so its advice is outermost: when a call is
 * offloaded, the timing and memoization advice inside it are skipped on the caller and run on the
 * worker, around the body, when the worker re-invokes the method. A call is thus timed once, and
 * its time is the body's.
 *
 * <h2>The advice</h2>
 *
 * Entry hands the declaring class, the receiver and the arguments to {@link
 * Dispatcher#offloadEnter}. {@code null} runs the body here (offload off, the re-invocation on
 * the worker, a nested call of the same method, a failure of the agent). An {@link OffloadCall}
 * skips the body; exit then returns its value or throws its exception, the very instance the body
 * threw, checked or not (the JVM does not check what a method throws).
 */
public final class OffloadInstrumentation {

  /** Marks the advice parameter that receives the method's offload id, bound at transform time. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface OffloadId {}

  static final String NAME = "offload";

  private OffloadInstrumentation() {}

  /**
   * Offload advice for the methods {@code selector} selects, with {@code defaults} for what their
   * annotation leaves out.
   */
  public static Weaving weaving(
      MethodSelector selector, OffloadSettings defaults, OffloadRecorders recorders) {
    Map<String, OffloadSettings> decided = new ConcurrentHashMap<>();
    return Weaving.of(
        NAME,
        selector,
        (className, method) -> {
          String key = className + "::" + method.key();
          String signature = new MethodRef(className, method.name(), method.descriptor(), "")
              .signature();
          if (method.isConstructor()) {
            AgentLog.warnOnce("offload:" + key, "offload: " + signature + " is not offloaded:"
                + " it is a constructor, which must run on its caller's thread");
            return false;
          }
          try {
            decided.put(key, OffloadSettings.of(
                method.attributes(OffloadSettings.ANNOTATION), defaults));
            return true;
          } catch (IllegalArgumentException e) {
            AgentLog.warnOnce("offload:" + key,
                "offload: " + signature + " is not offloaded: " + e.getMessage());
            return false;
          }
        },
        () -> advice(recorders, decided));
  }

  /** A selector for {@code @Offload} and the given filters (see {@link MethodSelector}). */
  public static MethodSelector selector(
      List<MethodFilter> filters, List<String> include, List<String> exclude) {
    return new MethodSelector(OffloadSettings.ANNOTATION, filters, include, exclude);
  }

  private static Advice advice(OffloadRecorders recorders, Map<String, OffloadSettings> decided) {
    return Advice.withCustomMapping()
        .bind(OffloadId.class, new OffloadIdMapping(recorders, decided))
        .to(TimedInstrumentation.describe(OffloadAdvice.class),
            ClassFileLocator.ForClassLoader.of(OffloadAdvice.class.getClassLoader()))
        .withExceptionHandler(Advice.ExceptionHandler.Default.SUPPRESSING);
  }

  /**
   * The advice copied into every offloaded method. Only the method bodies are copied, so they may
   * reference nothing but public JDK types and the bootstrap bridge.
   */
  @SuppressWarnings({"unused", "UnusedAssignment"}) // invoked by Byte Buddy, inlined
  public static final class OffloadAdvice {
    private OffloadAdvice() {}

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static Object onEnter(
        @OffloadId int methodId,
        @Advice.Origin Class<?> type,
        @Advice.This(optional = true) Object receiver,
        @Advice.AllArguments Object[] arguments) {
      return Dispatcher.offloadEnter(methodId, type, receiver, arguments);
    }

    // Assigning thrown makes the method throw it after this advice; the exception is the body's
    // own instance (or the offload's timeout or rejection), never wrapped.
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(
        @Advice.Enter Object call,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object result,
        @Advice.Thrown(readOnly = false) Throwable thrown) {
      if (call instanceof OffloadCall) {
        OffloadCall done = (OffloadCall) call;
        thrown = done.thrown;
        result = done.value;
      }
    }
  }

  /** Resolves {@link OffloadId} to the method's id in its class loader, registering it. */
  private static final class OffloadIdMapping implements Advice.OffsetMapping {
    private final OffloadRecorders recorders;
    private final Map<String, OffloadSettings> decided;

    OffloadIdMapping(OffloadRecorders recorders, Map<String, OffloadSettings> decided) {
      this.recorders = recorders;
      this.decided = decided;
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
      OffloadSettings settings = decided.getOrDefault(
          method.className() + "::" + method.methodName() + method.descriptor(),
          OffloadSettings.DEFAULTS);
      int id = recorders.register(method, context.loader(), instrumentedMethod.isStatic(),
          settings);
      context.onSuccess(() -> recorders.woven(id));
      return new Target.ForStackManipulation(IntegerConstant.forValue(id));
    }
  }
}
