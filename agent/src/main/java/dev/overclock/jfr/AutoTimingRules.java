package dev.overclock.jfr;

import dev.overclock.jvm.Frame;
import dev.overclock.jvm.SampleWindow;
import dev.overclock.select.MethodSelector;
import dev.overclock.select.MethodShape;
import dev.overclock.select.Retransformer;
import java.util.function.Predicate;

/**
 * What {@code auto=timing} takes as evidence and which methods it never times (see {@link
 * HotMethodDetector}'s "What is never timed"). Its own class so that the rules can be read, and
 * changed, apart from the window bookkeeping that applies them.
 */
final class AutoTimingRules {

  /** A window with fewer execution samples says too little to rank methods by. */
  static final int MIN_WINDOW_SAMPLES = 20;

  /**
   * Periods whose samples a window may hold beyond its own when each had fewer than {@link
   * #MIN_WINDOW_SAMPLES}: judged together instead of never (see JvmProfile#takeWindow).
   */
  static final int MAX_CARRIED_WINDOWS = 5;

  /**
   * A method needs at least this many self samples in the window, whatever its share: with fewer,
   * the share is mostly noise (its relative error is about one over the square root of the count).
   */
  static final int MIN_METHOD_SAMPLES = 10;

  /** A waiting method needs at least this many blocking events in the window. */
  static final int MIN_WAIT_EVENTS = 10;

  /**
   * A hot method's caller is timed in its place (see {@link #loopCaller}) when at least this share
   * of the method's samples came through that caller.
   */
  static final double LOOP_CALLER_SHARE = 0.9;

  /**
   * ...and when the caller's own samples are at least this share of the method's: the loop's own
   * work per step is then within twenty times a call of the method.
   */
  static final double LOOP_CALLER_SELF_RATIO = 0.05;

  private final MethodSelector selector;
  private final Retransformer instrumenter;
  private final boolean includeSet;
  private final Predicate<String> library;

  /**
   * @param includeSet whether {@code include=} was given: then library packages are timed too
   * @param library whether a class is a dependency's rather than the application's
   */
  AutoTimingRules(MethodSelector selector, Retransformer instrumenter, boolean includeSet,
      Predicate<String> library) {
    this.selector = selector;
    this.instrumenter = instrumenter;
    this.includeSet = includeSet;
    this.library = library;
  }

  /**
   * The caller to time instead of a hot method, or {@code null} to time the method itself: the
   * application method that calls it from inside a loop, through which (nearly) all its samples
   * came ({@link #LOOP_CALLER_SHARE}), and whose own samples are not negligible next to the
   * method's ({@link #LOOP_CALLER_SELF_RATIO}). Self samples rank the innermost methods first, and
   * the innermost method of a hot loop is called once per step: the cpu workload's edit distance,
   * 10 M calls a second at about 100 ns each, from the spelling corrector's scan of its
   * vocabulary. Timing such a method costs the application more than it tells (counting alone is
   * about 10 ns a call, and the change of a method the JIT inlined into a hot loop throws that
   * loop's compiled code away, once to time it and again when the cost guard takes it out); its
   * caller is called once per loop, and its time holds the method's. The caller's own samples
   * are what says the calls are short: the loop's own work between two calls (the caller's
   * samples outside the method) is then within twenty times a call of the method. A loop whose
   * steps are long calls (a millisecond each) spends next to nothing in the caller itself, and
   * the method is timed as before. A caller that never returns counts no call and is not taken.
   *
   * @param counted the hot method's samples in {@code window}
   * @return the caller's samples in {@code window}, or {@code null}
   */
  SampleWindow.Counted loopCaller(SampleWindow.Counted counted, SampleWindow window) {
    Frame caller = counted.caller();
    if (caller == null || counted.total() == 0
        || counted.callerSamples() < LOOP_CALLER_SHARE * counted.total()
        || window.residents().containsKey(caller.key())) {
      return null;
    }
    SampleWindow.Counted callerCounted = null;
    for (SampleWindow.Counted method : window.methods()) {
      if (method.method().key().equals(caller.key())) {
        callerCounted = method;
        break;
      }
    }
    if (callerCounted == null
        || callerCounted.self() < LOOP_CALLER_SELF_RATIO * Math.max(1, counted.self())) {
      return null;
    }
    MethodShape shape =
        instrumenter.shape(caller.className(), caller.methodName(), caller.descriptor());
    return shape != null && shape.found() && shape.callsInLoop(counted.method().key())
        ? callerCounted : null;
  }

  /**
   * Why a method must not be timed automatically, or {@code null}.
   *
   * @param boundary whether it is a library method the application calls from a frame that never
   *     returns: then its library is no reason to refuse it
   */
  String refusal(Frame method, boolean boundary) {
    String className = method.className();
    if (MethodSelector.isReservedClass(className)) {
      return "JDK or agent class: never instrumented";
    }
    if (selector.isIgnoredClass(className)) {
      return "generated class, or outside include= / inside exclude=";
    }
    if (!boundary && !includeSet && library.test(className)) {
      return "library package (outside the main class's code source and the class path's"
          + " directories): name it in include= to time it automatically";
    }
    if (method.methodName().startsWith("<")) {
      return "constructor or class initialiser: not timed";
    }
    MethodShape shape =
        instrumenter.shape(className, method.methodName(), method.descriptor());
    if (shape == null || !shape.found()) {
      return "its class file could not be read where it could be instrumented";
    }
    if (!shape.isAdvisable()) {
      return "abstract, native, synthetic or bridge method (lambda bodies are synthetic)";
    }
    if (shape.isStraightLineLeaf()) {
      return "straight-line method without loops or calls: it returns within nanoseconds, so"
          + " timing it would cost more than it runs";
    }
    return null;
  }
}
