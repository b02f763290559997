package dev.overclock.instrument;

import dev.overclock.bootstrap.Dispatcher;
import dev.overclock.bootstrap.MemoHit;
import dev.overclock.bootstrap.MemoSite;
import dev.overclock.instrument.IdAdvice.MethodId;
import dev.overclock.memo.MemoPolicy;
import dev.overclock.memo.MemoRecorders;
import dev.overclock.memo.MemoSettings;
import dev.overclock.metrics.MethodRef;
import dev.overclock.select.MethodFilter;
import dev.overclock.select.MethodSelector;
import dev.overclock.select.RuntimeSelection;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.StackManipulation;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.implementation.bytecode.constant.JavaConstantValue;
import net.bytebuddy.implementation.bytecode.constant.NullConstant;
import net.bytebuddy.utility.JavaConstant;

/**
 * Wires the memoization advice into the methods selected by {@code @Memoize} and the {@code
 * memoize=} filters, where {@link MemoPolicy} allows it.
 *
 * <h2>Order with timing</h2>
 *
 * The agent gives the transformer the timing weaving first and this one second. Byte Buddy
 * applies the first advice outermost (each {@code visit} wraps the code the previous ones
 * produced), so a method both timed and memoized is timed around the memoization: every call
 * counts, hits included, and a hit's latency is the lookup's. {@code MemoizeInstrumentationTest}
 * checks this order.
 *
 * <h2>The advice</h2>
 *
 * Entry hands the receiver (or {@code null}) and the arguments to {@link Dispatcher#memoEnter}.
 * A method of one or two parameters passes them without an array, to its own {@link MemoSite}: a
 * dynamic constant of the woven class ({@link #site}) that {@link Dispatcher#memoSite} resolves at
 * the method's first call, so that the JIT sees the method's cache and state as constants and
 * inlines its hit path (no sink read, no interface call, no lookup by id). In a class file older
 * than Java 11 (no dynamic constants), or when the bridge has no sink at that first call, the
 * constant is {@code null} and the advice calls {@link Dispatcher#memoEnter1} or {@link
 * Dispatcher#memoEnter2} by id instead. A call the site hands back (a miss, a rare hit) goes to
 * {@link Dispatcher#memoHandedBack1} or {@link Dispatcher#memoHandedBack2}, through a method
 * handle the JIT does not inline, so that the sink's code stays out of the method's compiled code.
 * When that returns a {@link MemoHit}, the body is skipped ({@code skipOn}) and exit returns the
 * hit's value; otherwise the body runs and exit reports its result or exception, which reach the
 * caller unchanged (same instances). A failing entry means "run the body": {@code suppress}
 * makes its value {@code null}.
 */
public final class MemoizeInstrumentation {

  static final String NAME = "memoization";

  private MemoizeInstrumentation() {}

  /** Memoization advice for the methods {@code selector} selects and {@code policy} allows. */
  public static Weaving weaving(
      MethodSelector selector, MemoPolicy policy, MemoRecorders recorders) {
    return weaving(selector, policy, recorders, Map.of());
  }

  /**
   * The same, where {@code auto} holds the settings of the methods {@code auto=optimize} added to
   * the selector's run-time selection (by key), as they are added.
   */
  public static Weaving weaving(MethodSelector selector, MemoPolicy policy,
      MemoRecorders recorders, Map<String, MemoSettings> auto) {
    MethodSettings<MemoSettings> settings = new MethodSettings<>(MemoSettings.DEFAULTS);
    return new Weaving(NAME, selector, new Rule(policy, recorders, auto, settings),
        new ByteBuddyAdvice(recorders, settings), new Direct(recorders, settings));
  }

  /**
   * A method is memoized if {@code policy} allows it, with its annotation's settings, or those
   * {@code auto=optimize} chose for it; a refusal is noted and explained to the user.
   */
  private record Rule(MemoPolicy policy, MemoRecorders recorders, Map<String, MemoSettings> auto,
      MethodSettings<MemoSettings> settings) implements BiPredicate<String, ClassScan.Method> {
    @Override
    public boolean test(String className, ClassScan.Method method) {
      MemoPolicy.Decision decision =
          policy.decide(className, method.name(), method.returnType().getClassName(),
              method.attributes(MemoPolicy.ANNOTATION));
      if (decision.refusal() != null) {
        MethodRef ref = new MethodRef(className, method.name(), method.descriptor(),
            method.annotations().contains(MemoPolicy.ANNOTATION) ? "annotation" : "filter");
        recorders.skip(ref, decision.refusal());
        return MethodSettings.refuse("memoize", "memoized", ref, decision.refusal());
      }
      MemoSettings chosen = method.annotations().contains(MemoPolicy.ANNOTATION)
          ? null : auto.get(className + "::" + method.key());
      return settings.take(className, method, chosen != null ? chosen : decision.settings());
    }
  }

  /** The advice below, for Byte Buddy (classes {@link DirectWeave} does not take). */
  private static final class ByteBuddyAdvice extends AdviceFactory {
    private final MemoRecorders recorders;
    private final MethodSettings<MemoSettings> settings;

    ByteBuddyAdvice(MemoRecorders recorders, MethodSettings<MemoSettings> settings) {
      this.recorders = recorders;
      this.settings = settings;
    }

    @Override
    Advice make() {
      return IdAdvice.of(NAME, MemoizeAdvice.class,
          (method, described, loader) -> recorders.register(method, loader,
              /* instanceMethod= */ !described.isStatic(), settings.of(method)),
          recorders::woven,
          MemoArguments::bind,
          ByteBuddyAdvice::site);
    }

    /**
     * {@code Dispatcher.memoSite}, described for Byte Buddy once the first memoized method is woven.
     * A holder of its own: describing it sets up Byte Buddy's reflection dispatchers, about 25 ms of
     * interpreted code that {@code premain} (which only asks for the selector) ran on the
     * application's main thread before.
     */
    private static final class MemoSiteMethod {
      static final MethodDescription.InDefinedShape METHOD = memoSite();

      private static MethodDescription.InDefinedShape memoSite() {
        try {
          return new MethodDescription.ForLoadedMethod(
              Dispatcher.class.getMethod("memoSite", int.class));
        } catch (NoSuchMethodException e) {
          throw new IllegalStateException(e);
        }
      }
    }

    /**
     * The method's site as a dynamic constant: {@code Dispatcher.memoSite(id)}, resolved once per
     * class (through {@code ConstantBootstraps.invoke}); {@code null} for a class file older than
     * Java 11, which cannot hold one.
     */
    static StackManipulation site(int id, TypeDescription type) {
      ClassFileVersion version = type.getClassFileVersion();
      if (version == null || !version.isAtLeast(ClassFileVersion.JAVA_V11)) {
        return NullConstant.INSTANCE;
      }
      return new JavaConstantValue(JavaConstant.Dynamic.ofInvocation(MemoSiteMethod.METHOD, id));
    }
  }

  /**
   * The same advice written by {@link DirectMemoWeave} (no Byte Buddy), registered with the same
   * ids and settings as the advice above.
   */
  private record Direct(MemoRecorders recorders, MethodSettings<MemoSettings> settings)
      implements Weaving.Direct {
    @Override
    public int wrap(MethodRef method, ClassLoader loader, DirectWeave.Target target) {
      int id = recorders.register(method, loader,
          /* instanceMethod= */ !DirectWeave.isStatic(target.method()), settings.of(method));
      DirectMemoWeave.memoize(target.method(), target.owner(), target.classVersion(), id);
      return id;
    }

    @Override
    public void woven(int id) {
      recorders.woven(id);
    }
  }

  /** A selector for {@code @Memoize} and the given filters (see {@link MethodSelector}). */
  public static MethodSelector selector(
      List<MethodFilter> filters, List<String> include, List<String> exclude) {
    return selector(filters, include, exclude, null);
  }

  /** The same, with the methods {@code auto=optimize} adds at run time ({@code null}: none). */
  public static MethodSelector selector(List<MethodFilter> filters, List<String> include,
      List<String> exclude, RuntimeSelection auto) {
    return new MethodSelector(MemoPolicy.ANNOTATION, filters, include, exclude, auto);
  }

  /**
   * The advice copied into every memoized method. Only the method bodies are copied, so they may
   * reference nothing but public JDK types and the bootstrap bridge.
   */
  @SuppressWarnings({"unused", "UnusedAssignment"}) // invoked by Byte Buddy, inlined
  public static final class MemoizeAdvice {
    private MemoizeAdvice() {}

    // arity is a constant per method: the JIT keeps one branch, and only the last builds an
    // argument array (see MemoArguments). site is a constant too (null where the class cannot
    // hold it), so the JIT keeps one of each pair of calls.
    @Advice.OnMethodEnter(skipOn = MemoHit.class, suppress = Throwable.class)
    public static Object onEnter(
        @MethodId int methodId,
        @Advice.This(optional = true) Object receiver,
        @MemoArguments.Arity int arity,
        @MemoArguments.First Object first,
        @MemoArguments.Second Object second,
        @MemoArguments.All Object[] arguments,
        @IdAdvice.MethodConstant MemoSite site) {
      // The hashes are taken here, in the woven method, whose profile sees its own argument
      // types only, so the JIT inlines their hashCode (in the site it would see every method's).
      // A site hands back the calls it does not answer (itself): those go to the bridge by id.
      // Each read of first or second boxes a primitive parameter again: read them once.
      if (arity == 1) {
        Object one = first;
        if (site != null) {
          Object call = site.enter1(receiver, one, one == null ? 0 : one.hashCode());
          return call != site ? call : Dispatcher.memoHandedBack1(methodId, receiver, one);
        }
        return Dispatcher.memoEnter1(methodId, receiver, one);
      }
      if (arity == 2) {
        Object one = first;
        Object two = second;
        if (site != null) {
          Object call = site.enter2(receiver, one, two,
              31 * (one == null ? 0 : one.hashCode()) + (two == null ? 0 : two.hashCode()));
          return call != site ? call : Dispatcher.memoHandedBack2(methodId, receiver, one, two);
        }
        return Dispatcher.memoEnter2(methodId, receiver, one, two);
      }
      return Dispatcher.memoEnter(methodId, receiver, arguments);
    }

    // onThrowable: a miss that throws must still release its claim on the key; the exception
    // itself is not touched, is never cached, and reaches the caller as the same instance.
    // A hit (the body skipped) returns the cached value here: the body's result is read, and a
    // primitive one boxed, only on the other path.
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(
        @MethodId int methodId,
        @Advice.Enter Object call,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object result,
        @Advice.Thrown Throwable thrown) {
      result = call instanceof MemoHit
          ? ((MemoHit) call).value : Dispatcher.memoExit(methodId, call, result, thrown);
    }
  }
}
