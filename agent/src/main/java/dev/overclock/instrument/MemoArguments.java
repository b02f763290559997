package dev.overclock.instrument;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.StackManipulation;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.implementation.bytecode.collection.ArrayFactory;
import net.bytebuddy.implementation.bytecode.constant.IntegerConstant;
import net.bytebuddy.implementation.bytecode.constant.NullConstant;
import net.bytebuddy.implementation.bytecode.member.MethodVariableAccess;

/**
 * The memoization advice's view of a method's arguments, decided per method while its class is
 * rewritten, so that the advice of a method of one or two parameters passes them as they are
 * (boxed if primitive) and builds no argument array: {@link Arity} is the number of parameters,
 * written as a constant, so the JIT keeps only the advice's branch for it; {@link First} and
 * {@link Second} read one parameter ({@code null} when there is none); {@link All} builds the
 * array {@code @Advice.AllArguments} would, but only for a method of none or more than two
 * parameters ({@code null} otherwise, so the branch the JIT drops allocates nothing either).
 */
final class MemoArguments {

  private MemoArguments() {}

  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface Arity {}

  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface First {}

  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface Second {}

  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface All {}

  /** Binds the four annotations of this class. */
  static Advice.WithCustomMapping bind(Advice.WithCustomMapping mapping) {
    return mapping
        .bind(Arity.class, (Mapping) (method, assigner, arguments) ->
            IntegerConstant.forValue(method.getParameters().size()))
        .bind(First.class, (Mapping) (method, assigner, arguments) ->
            parameter(method, 0, assigner, arguments))
        .bind(Second.class, (Mapping) (method, assigner, arguments) ->
            parameter(method, 1, assigner, arguments))
        .bind(All.class, (Mapping) MemoArguments::all);
  }

  /** Parameter {@code index}, boxed if primitive, or {@code null} if the method has fewer. */
  private static StackManipulation parameter(
      MethodDescription method, int index, Assigner assigner, Advice.ArgumentHandler arguments) {
    if (method.getParameters().size() <= index) {
      return NullConstant.INSTANCE;
    }
    ParameterDescription parameter = method.getParameters().get(index);
    return new StackManipulation.Compound(
        MethodVariableAccess.of(parameter.getType())
            .loadFrom(arguments.argument(parameter.getOffset())),
        assigner.assign(parameter.getType(), TypeDescription.Generic.OBJECT,
            Assigner.Typing.DYNAMIC));
  }

  private static StackManipulation all(
      MethodDescription method, Assigner assigner, Advice.ArgumentHandler arguments) {
    int count = method.getParameters().size();
    if (count == 1 || count == 2) {
      return NullConstant.INSTANCE;
    }
    List<StackManipulation> values = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      values.add(parameter(method, i, assigner, arguments));
    }
    return ArrayFactory.forType(TypeDescription.Generic.OBJECT).withValues(values);
  }

  /** An offset mapping that pushes a value computed from the instrumented method. */
  @FunctionalInterface
  private interface Mapping extends Advice.OffsetMapping {
    StackManipulation value(
        MethodDescription method, Assigner assigner, Advice.ArgumentHandler arguments);

    @Override
    default Target resolve(
        TypeDescription instrumentedType,
        MethodDescription instrumentedMethod,
        Assigner assigner,
        Advice.ArgumentHandler argumentHandler,
        Sort sort) {
      return new Target.ForStackManipulation(value(instrumentedMethod, assigner, argumentHandler));
    }
  }
}
