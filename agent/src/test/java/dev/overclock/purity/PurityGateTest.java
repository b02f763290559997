package dev.overclock.purity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overclock.purity.PurityFixtures.Arguments;
import dev.overclock.purity.PurityFixtures.ArrayArgument;
import dev.overclock.purity.PurityFixtures.ArrayCopy;
import dev.overclock.purity.PurityFixtures.ArrayStore;
import dev.overclock.purity.PurityFixtures.Builders;
import dev.overclock.purity.PurityFixtures.Clock;
import dev.overclock.purity.PurityFixtures.Collections;
import dev.overclock.purity.PurityFixtures.Color;
import dev.overclock.purity.PurityFixtures.Deep;
import dev.overclock.purity.PurityFixtures.Fib;
import dev.overclock.purity.PurityFixtures.Io;
import dev.overclock.purity.PurityFixtures.Lambdas;
import dev.overclock.purity.PurityFixtures.LazyCache;
import dev.overclock.purity.PurityFixtures.MutableStaticList;
import dev.overclock.purity.PurityFixtures.Natives;
import dev.overclock.purity.PurityFixtures.Nothing;
import dev.overclock.purity.PurityFixtures.Overridable;
import dev.overclock.purity.PurityFixtures.Randoms;
import dev.overclock.purity.PurityFixtures.ReadsStatic;
import dev.overclock.purity.PurityFixtures.Receiver;
import dev.overclock.purity.PurityFixtures.Records;
import dev.overclock.purity.PurityFixtures.Reflection;
import dev.overclock.purity.PurityFixtures.StaticLazyCache;
import dev.overclock.purity.PurityFixtures.Synchronized;
import dev.overclock.purity.PurityFixtures.ThreadLocals;
import dev.overclock.purity.PurityFixtures.Via;
import dev.overclock.purity.PurityFixtures.WritesStatic;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Type;

class PurityGateTest {

  private final PurityGate gate = new PurityGate();

  @Test
  void recursiveFib_isPure() {
    Verdict verdict = check(Fib.class, "fib");

    assertThat(verdict.pure()).as(verdict.reason()).isTrue();
    assertThat(verdict.reason()).isEqualTo("pure");
    assertThat(verdict.methodsRead()).isEqualTo(1); // the recursion is read once
  }

  @Test
  void writingAStatic_isRefusedWithFieldAndLine() {
    assertRefused(check(WritesStatic.class, "twice"),
        name(WritesStatic.class) + "::twice (line ",
        "writes static field " + name(WritesStatic.class) + ".last");
  }

  @Test
  void readingANonFinalStatic_isRefused() {
    assertRefused(check(ReadsStatic.class, "times"), "::times",
        "reads non-final static field " + name(ReadsStatic.class) + ".factor");
  }

  @Test
  void arrayStoreIntoAnArgument_isRefused() {
    assertRefused(check(ArrayStore.class, "fillFirst"), "::fillFirst",
        "writes into an array not created in the call");
  }

  @Test
  void arrayStoreIntoAFreshArray_throughAHelper_isPure() {
    Verdict verdict = check(ArrayStore.class, "sumOfSquares");

    assertThat(verdict.pure()).as(verdict.reason()).isTrue();
    assertThat(verdict.methodsRead()).isEqualTo(2);
  }

  @Test
  void arraycopyIntoAnArgument_isRefused_intoALocalArray_isPure() {
    assertRefused(check(ArrayCopy.class, "copyInto"), "::copyInto",
        "System.arraycopy into an array not created in the call");
    assertThat(check(ArrayCopy.class, "copyLocal").pure()).isTrue();
  }

  @Test
  void lazyCacheInAField_isRefused() {
    assertRefused(check(LazyCache.class, "render"), "::render",
        "reads non-final field " + name(LazyCache.class) + ".rendered");
    assertRefused(check(StaticLazyCache.class, "square"), "::square",
        "reads non-final static field " + name(StaticLazyCache.class) + ".cache");
  }

  @Test
  void clockRead_isRefused() {
    assertRefused(check(Clock.class, "stamp"), "::stamp", "reads the clock (System.nanoTime)");
  }

  @Test
  void mutableStaticFinalListReturned_isRefused() {
    assertRefused(check(MutableStaticList.class, "names"), "::names",
        "reads static final field " + name(MutableStaticList.class)
            + ".NAMES of a mutable type (java.util.List is not known to be immutable)");
  }

  @Test
  void collectionResults_onlyUnmodifiableOnesPass() {
    assertRefused(check(Collections.class, "fresh"), "::fresh",
        "returns a collection callers could change");
    Verdict unmodifiable = check(Collections.class, "unmodifiable");
    assertThat(unmodifiable.pure()).as(unmodifiable.reason()).isTrue();
  }

  @Test
  void randomNumbers_areRefused() {
    assertRefused(check(Randoms.class, "seeded"), "::seeded",
        "uses random numbers (Random.<init>)");
    assertRefused(check(Randoms.class, "threadLocal"), "::threadLocal",
        "uses random numbers (ThreadLocalRandom.current)");
  }

  @Test
  void synchronization_isRefused() {
    assertRefused(check(Synchronized.class, "method"), "::method", "synchronized method");
    assertRefused(check(Synchronized.class, "block"), "::block", "synchronized block");
  }

  @Test
  void recordArgument_isValueLike() {
    Verdict verdict = check(Records.class, "manhattan");

    assertThat(verdict.pure()).as(verdict.reason()).isTrue();
    assertThat(verdict.methodsRead()).as("the record's accessors are read too").isEqualTo(3);
  }

  @Test
  void arrayArgument_isRefused() {
    assertRefused(check(ArrayArgument.class, "sum"), "::sum",
        "argument 1 is not value-like: int[] is an array");
  }

  @Test
  void mutableClassArgument_isRefused() {
    assertRefused(check(Arguments.class, "unbox"), "::unbox",
        "argument 1 is not value-like: " + name(PurityFixtures.Box.class) + " is not final");
  }

  @Test
  void localStringBuilderAndConcatenation_arePure_butABuilderArgumentIsNot() {
    assertThat(check(Builders.class, "label").pure()).isTrue();
    assertThat(check(Builders.class, "concat").pure()).isTrue();
    assertRefused(check(Builders.class, "appendTo"), "::appendTo",
        "changes a StringBuilder not created in the call (append)");
  }

  @Test
  void overridableCall_isRefused() {
    assertRefused(check(Overridable.class, "callsBase"), "::callsBase",
        "calls " + name(Overridable.class) + "::base, which a subclass may override");
  }

  @Test
  void violationInACallee_namesTheCallChain() {
    Verdict verdict = check(Via.class, "outer");

    assertThat(verdict.pure()).isFalse();
    assertThat(verdict.location()).startsWith(name(Via.class) + "::inner");
    assertThat(verdict.violation()).isEqualTo("reads the clock (System.currentTimeMillis)");
    assertThat(verdict.via()).containsExactly(name(Via.class) + "::outer",
        name(Via.class) + "::middle");
    assertThat(verdict.reason()).endsWith("(called via " + name(Via.class) + "::outer -> "
        + name(Via.class) + "::middle)");
  }

  @Test
  void io_threadLocals_reflection_native_areRefused() {
    assertRefused(check(Io.class, "print"), "::print", "uses System.out (I/O)");
    assertRefused(check(ThreadLocals.class, "length"), "::length",
        "reads static final field " + name(ThreadLocals.class) + ".BUFFER of a mutable type");
    assertRefused(check(Reflection.class, "name"), "::name", "uses reflection (Class.forName)");
    assertRefused(check(Natives.class, "twice"), "::twice", "native method");
    assertThat(check(ThreadLocals.class, "format").pure()).isTrue();
  }

  @Test
  void lambdas_nonCapturingFollowed_capturingRefused() {
    Verdict nonCapturing = check(Lambdas.class, "nonCapturing");
    assertThat(nonCapturing.pure()).as(nonCapturing.reason()).isTrue();
    assertRefused(check(Lambdas.class, "capturing"), "::capturing",
        "a capturing lambda or method reference (java.util.function.IntUnaryOperator)");
  }

  @Test
  void finalFieldOfTheReceiver_andEnumValues_arePure() {
    assertThat(check(Receiver.class, "scaled").pure()).isTrue();
    Verdict values = check(Color.class, "count");
    assertThat(values.pure()).as(values.reason()).isTrue();
  }

  @Test
  void boundsAreRefusalsWithReasons() {
    assertThat(check(Deep.class, "a").pure()).isTrue();
    assertRefused(new PurityGate(1, 200).check(Deep.class.getClassLoader(), Deep.class.getName(),
        "a", "(I)I"), "::b", "calls deeper than 1 methods (" + name(Deep.class) + "::c");
    assertRefused(new PurityGate(8, 2).check(Deep.class.getClassLoader(), Deep.class.getName(),
        "a", "(I)I"), "::c", "too much code to check (more than 2 methods");
    assertThatThrownBy(() -> new PurityGate(-1, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nothingToCache_orNothingReadable_isRefused() {
    assertRefused(check(Nothing.class, "run"), "::run", "returns nothing");
    ClassLoader blind = new ClassLoader(null) {};
    assertRefused(gate.check(blind, Fib.class.getName(), "fib", "(I)J"), "::fib",
        "no such method in a readable class file");
    assertRefused(gate.check(null, "java.lang.Math", "abs", "(I)I"), "java.lang.Math::abs",
        "a JDK method");
  }

  @Test
  void constructorOfAFreshObject_mayWriteItsFields_aMethodOfTheReceiverMayNot() {
    Verdict built = check(PurityFixtures.Pair.class, "build");
    assertThat(built.pure()).as(built.reason()).isTrue();
    assertRefused(check(PurityFixtures.Counter.class, "remember"), "::remember",
        "writes field " + name(PurityFixtures.Counter.class) + ".last of an object not created");
  }

  @Test
  void valueLikeArguments_needFinalImmutableFieldsAndEquality() {
    Class<?> values = PurityFixtures.Values.class;
    Verdict money = check(values, "doubled");
    assertThat(money.pure()).as(money.reason()).isTrue();
    assertRefused(check(values, "identity"), "::identity", "argument 1 is not value-like: "
        + name(PurityFixtures.NoEquals.class) + " does not declare equals and hashCode");
    assertRefused(check(values, "first"), "::first", "argument 1 is not value-like: "
        + name(PurityFixtures.Holder.class) + ".values: int[] is an array");
    assertRefused(check(values, "level"), "::level", "argument 1 is not value-like: "
        + name(PurityFixtures.Level.class) + " has a non-final field uses");
  }

  @Test
  void enumSwitchAndEnumConstants_arePure() {
    Verdict code = check(PurityFixtures.Values.class, "code");
    assertThat(code.pure()).as(code.reason()).isTrue();
    Verdict red = check(PurityFixtures.Values.class, "red");
    assertThat(red.pure()).as(red.reason()).isTrue();
  }

  @Test
  void iteratorsAndArrayFillingJdkMethods_writeOnlyWhatTheCallCreated() {
    Class<?> iteration = PurityFixtures.Iteration.class;
    Verdict sum = check(iteration, "sum");
    assertThat(sum.pure()).as(sum.reason()).isTrue();
    assertRefused(check(iteration, "removeFromUnmodifiable"), "::removeFromUnmodifiable",
        "changes a Iterator not created in the call (remove)");
    assertRefused(check(iteration, "copyChars"), "::copyChars",
        "String.getChars into an array not created in the call");
    Verdict local = check(iteration, "copyCharsLocal");
    assertThat(local.pure()).as(local.reason()).isTrue();
  }

  private Verdict check(Class<?> owner, String methodName) {
    Method method = Arrays.stream(owner.getDeclaredMethods())
        .filter(m -> m.getName().equals(methodName)).findFirst().orElseThrow();
    return gate.check(owner.getClassLoader(), owner.getName(), methodName,
        Type.getMethodDescriptor(method));
  }

  private static void assertRefused(Verdict verdict, String locationPart, String violationStart) {
    assertThat(verdict.pure()).as("refused: " + locationPart).isFalse();
    assertThat(verdict.location()).as(verdict.reason()).contains(locationPart);
    assertThat(verdict.violation()).as(verdict.reason()).startsWith(violationStart);
  }

  private static String name(Class<?> type) {
    return type.getName();
  }
}
