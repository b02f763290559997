package dev.overclock.instrument;

import dev.overclock.metrics.MethodRef;
import dev.overclock.select.MethodSelector;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.function.IntConsumer;
import java.util.function.UnaryOperator;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.implementation.bytecode.StackManipulation;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.implementation.bytecode.constant.IntegerConstant;
import net.bytebuddy.pool.TypePool;

/**
 * Builds the advice of a weaving with each instrumented method's int id written into it as a
 * constant: the one way every instrumentation (timing, arguments, memoization, offload) binds its
 * sink's id, so a call never looks anything up by name.
 *
 * <p>The id is resolved while Byte Buddy rewrites the class, on the transforming thread: the
 * method is registered with the weaving's sink (first sight) or found again (retransformation,
 * another attach), and marked woven only once its class was rewritten successfully ({@link
 * WeaveContext#onSuccess}), since rewriting can still fail after the id was handed out.
 */
final class IdAdvice {

  /** Marks the advice parameter that receives the method's id, bound at transform time. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface MethodId {}

  /**
   * Marks the advice parameter that receives a constant of the instrumented method's own, which
   * the weaving makes from the method's id ({@link Constant}).
   */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface MethodConstant {}

  /** Makes the value of a {@link MethodConstant} parameter. */
  @FunctionalInterface
  interface Constant {
    /**
     * @param id the method's id
     * @param instrumentedType the class being rewritten (its class file version, say)
     */
    StackManipulation of(int id, TypeDescription instrumentedType);
  }

  /** How a weaving's sink hands out ids; called at transform time, once per method rewritten. */
  @FunctionalInterface
  interface Registration {
    /**
     * @param method the instrumented method, labelled with why the weaving selected it
     * @param described the method as Byte Buddy describes it (static or not, say)
     * @param loader the class loader of the class being rewritten ({@code null}: bootstrap)
     * @return the method's id in the sink
     */
    int register(MethodRef method, MethodDescription described, ClassLoader loader);
  }

  private IdAdvice() {}

  /**
   * The advice of {@code adviceClass}, its {@link MethodId} parameters bound by {@code
   * registration}; {@code woven} runs with the id once the method's class was rewritten.
   *
   * <p>The advice class is read from its class file rather than by reflection: reflection would
   * parse its annotations into proxies, a large share of the agent's start-up time. Advice failures
   * are dropped without naming any agent type: the handler must work even where the bridge itself
   * is unreachable ({@code Dispatcher} counts the failures it catches).
   */
  static Advice of(
      String weaving, Class<?> adviceClass, Registration registration, IntConsumer woven) {
    return of(weaving, adviceClass, registration, woven, UnaryOperator.identity());
  }

  /** {@link #of}, with the further parameter bindings {@code bindings} adds. */
  static Advice of(String weaving, Class<?> adviceClass, Registration registration,
      IntConsumer woven, UnaryOperator<Advice.WithCustomMapping> bindings) {
    return of(weaving, adviceClass, registration, woven, bindings, null);
  }

  /**
   * {@link #of}, with {@link MethodConstant} parameters bound to {@code constant} ({@code null}:
   * the advice has none).
   */
  static Advice of(String weaving, Class<?> adviceClass, Registration registration,
      IntConsumer woven, UnaryOperator<Advice.WithCustomMapping> bindings, Constant constant) {
    ClassFileLocator locator = ClassFileLocator.ForClassLoader.of(adviceClass.getClassLoader());
    TypeDescription advice = TypePool.Default.of(locator).describe(adviceClass.getName()).resolve();
    IdMapping ids = new IdMapping(weaving, registration, woven);
    Advice.WithCustomMapping mapping = Advice.withCustomMapping().bind(MethodId.class, ids);
    if (constant != null) {
      mapping = mapping.bind(MethodConstant.class, (Advice.OffsetMapping)
          (type, method, assigner, arguments, sort) ->
              new Advice.OffsetMapping.Target.ForStackManipulation(
              constant.of(ids.id(type, method), type)));
    }
    return bindings.apply(mapping)
        .to(advice, locator)
        .withExceptionHandler(Advice.ExceptionHandler.Default.SUPPRESSING);
  }

  /** Resolves {@link MethodId} to the instrumented method's id, registering it. */
  private static final class IdMapping implements Advice.OffsetMapping {
    private final String weaving;
    private final Registration registration;
    private final IntConsumer woven;

    IdMapping(String weaving, Registration registration, IntConsumer woven) {
      this.weaving = weaving;
      this.registration = registration;
      this.woven = woven;
    }

    @Override
    public Target resolve(
        TypeDescription instrumentedType,
        MethodDescription instrumentedMethod,
        Assigner assigner,
        Advice.ArgumentHandler argumentHandler,
        Sort sort) {
      return new Target.ForStackManipulation(
          IntegerConstant.forValue(id(instrumentedType, instrumentedMethod)));
    }

    /**
     * The method's id, registering it (again: registration is idempotent, and every parameter
     * bound to the id asks).
     */
    int id(TypeDescription instrumentedType, MethodDescription instrumentedMethod) {
      WeaveContext context = WeaveContext.current();
      MethodSelector.Reason reason = context.reason(weaving, instrumentedMethod);
      MethodRef method =
          new MethodRef(
              instrumentedType.getName(),
              instrumentedMethod.getInternalName(),
              instrumentedMethod.getDescriptor(),
              reason == null ? "filter" : reason.label());
      int id = registration.register(method, instrumentedMethod, context.loader());
      context.onSuccess(() -> woven.accept(id));
      return id;
    }
  }
}
