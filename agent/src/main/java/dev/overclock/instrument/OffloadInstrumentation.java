package dev.overclock.instrument;

import dev.overclock.bootstrap.Dispatcher;
import dev.overclock.bootstrap.OffloadCall;
import dev.overclock.instrument.IdAdvice.MethodId;
import dev.overclock.metrics.MethodRef;
import dev.overclock.offload.OffloadSettings;
import dev.overclock.offload.Offloader;
import dev.overclock.select.MethodFilter;
import dev.overclock.select.MethodSelector;
import java.util.List;
import java.util.function.BiPredicate;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

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

  static final String NAME = "offload";

  private OffloadInstrumentation() {}

  /**
   * Offload advice for the methods {@code selector} selects, with {@code defaults} for what their
   * annotation leaves out.
   */
  public static Weaving weaving(
      MethodSelector selector, OffloadSettings defaults, Offloader offloader) {
    MethodSettings<OffloadSettings> settings = new MethodSettings<>(OffloadSettings.DEFAULTS);
    return new Weaving(NAME, selector, new Rule(settings, defaults),
        new ByteBuddyAdvice(offloader, settings), new Direct(offloader, settings));
  }

  /**
   * A method is offloaded with its annotation's settings over {@code defaults}; never a
   * constructor, and never with settings it cannot have (each refusal explained to the user).
   */
  private record Rule(MethodSettings<OffloadSettings> settings, OffloadSettings defaults)
      implements BiPredicate<String, ClassScan.Method> {
    @Override
    public boolean test(String className, ClassScan.Method method) {
      MethodRef ref = new MethodRef(className, method.name(), method.descriptor(), "");
      if (method.isConstructor()) {
        return MethodSettings.refuse("offload", "offloaded", ref,
            "it is a constructor, which must run on its caller's thread");
      }
      try {
        return settings.take(className, method,
            OffloadSettings.of(method.attributes(OffloadSettings.ANNOTATION), defaults));
      } catch (IllegalArgumentException e) {
        return MethodSettings.refuse("offload", "offloaded", ref, e.getMessage());
      }
    }
  }

  /** The advice below, for Byte Buddy (classes {@link DirectWeave} does not take). */
  private static final class ByteBuddyAdvice extends AdviceFactory {
    private final Offloader offloader;
    private final MethodSettings<OffloadSettings> settings;

    ByteBuddyAdvice(Offloader offloader, MethodSettings<OffloadSettings> settings) {
      this.offloader = offloader;
      this.settings = settings;
    }

    @Override
    Advice make() {
      return IdAdvice.of(NAME, OffloadAdvice.class,
          (method, described, loader) -> offloader.register(method, loader,
              /* isStatic= */ described.isStatic(), settings.of(method)),
          offloader::woven);
    }
  }

  /**
   * The same advice written by {@link DirectOffloadWeave} (no Byte Buddy), registered with the
   * same ids and settings as the advice above.
   */
  private record Direct(Offloader offloader, MethodSettings<OffloadSettings> settings)
      implements Weaving.Direct {
    @Override
    public int wrap(MethodRef method, ClassLoader loader, DirectWeave.Target target) {
      int id = offloader.register(method, loader,
          /* isStatic= */ DirectWeave.isStatic(target.method()), settings.of(method));
      DirectOffloadWeave.offload(target.method(), target.owner(), id);
      return id;
    }

    @Override
    public void woven(int id) {
      offloader.woven(id);
    }
  }

  /** A selector for {@code @Offload} and the given filters (see {@link MethodSelector}). */
  public static MethodSelector selector(
      List<MethodFilter> filters, List<String> include, List<String> exclude) {
    return new MethodSelector(OffloadSettings.ANNOTATION, filters, include, exclude);
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
        @MethodId int methodId,
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
}
