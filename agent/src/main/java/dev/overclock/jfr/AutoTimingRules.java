package dev.overclock.jfr;

import dev.overclock.jvm.Frame;
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
