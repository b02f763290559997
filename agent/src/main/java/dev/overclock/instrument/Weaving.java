package dev.overclock.instrument;

import dev.overclock.metrics.MethodRef;
import dev.overclock.select.ClassPrefilter;
import dev.overclock.select.MethodSelector;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiPredicate;
import net.bytebuddy.asm.Advice;

/**
 * One kind of advice (timing, memoization, and later offload) and the methods it is woven
 * into. The transformer applies every weaving that selects a method of a class; a method selected
 * by several gets each advice, in the order the weavings were given.
 *
 * @param name for logs and {@link WeaveContext}: {@code timing}, ...
 * @param selector which methods, by annotation and filters
 * @param rule which methods this advice can wrap at all, beyond {@link
 *     ClassScan.Method#isAdvisable} (a memoizing advice needs a return value, say); it is asked
 *     about every selected method, constructors included, with the class name, and may explain a
 *     refusal to the user
 * @param adviceFactory builds the advice for Byte Buddy, bound to this weaving's per-method ids
 * @param direct writes the advice without Byte Buddy, where every weaving of a class can ({@code
 *     null}: never)
 *     <p>Each weaving passes objects of named classes for {@code rule}, {@code adviceFactory} and
 *     {@code direct}, never lambdas: the weavings are built by the agent's start, which the
 *     application's first advised class waits for, and each lambda's first link spins a class at
 *     interpreted speed (a few tenths of a millisecond apiece, and the JIT's work on the JDK's
 *     code that spins them).
 */
public record Weaving(
    String name,
    MethodSelector selector,
    BiPredicate<String, ClassScan.Method> rule,
    AdviceFactory adviceFactory,
    Direct direct) {

  /** Writes a weaving's advice into a method without Byte Buddy (see {@link DirectWeave}). */
  interface Direct {
    /**
     * Rewrites the method around the code it holds (its body, or that with the advice of the
     * weavings after this one), registering it; returns its id. May throw: the class then goes to
     * Byte Buddy.
     *
     * @param method the method, labelled with why the weaving selected it (as Byte Buddy's path
     *     labels it)
     * @param loader its class's loader ({@code null}: bootstrap)
     */
    int wrap(MethodRef method, ClassLoader loader, DirectWeave.Target target);

    /** Called with each method's id once its class was rewritten. */
    void woven(int id);
  }

  /**
   * One weaving per kind of advice, an object with state (its selector's): equal only to itself.
   * Also cheaper than a record's own equality, which the JVM links through {@code invokedynamic}
   * at its first use (25-30 ms, at the first class the agent changes, on the application's
   * thread that loads it).
   */
  @Override
  public boolean equals(Object other) {
    return this == other;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }

  /** The advice, waiting until it is built. */
  Advice advice() {
    return adviceFactory.get();
  }

  /**
   * Whether classes may need this advice as they load: the weaving has filters, or {@code loader}
   * sees its annotation (an application compiled against the annotations ships them).
   */
  boolean selectsAsClassesLoad(ClassLoader loader) {
    if (!selector.filters().isEmpty()) {
      return true;
    }
    String annotation = selector.annotation();
    return annotation != null && MethodSelector.annotationVisible(annotation, loader);
  }

  ClassPrefilter prefilter() {
    return selector.prefilter();
  }

  /** The methods of the class this weaving selects, by {@link ClassScan.Method#key}. */
  Map<String, MethodSelector.Reason> select(ClassScan scan) {
    Map<String, MethodSelector.Reason> selected = new LinkedHashMap<>();
    if (selector.isIgnoredClass(scan.className)) {
      return selected;
    }
    for (ClassScan.Method method : scan.methods) {
      if (!method.isAdvisable() && !method.isConstructor()) {
        continue;
      }
      MethodSelector.Reason reason = selector.reason(scan.info(method));
      if (reason != null && rule.test(scan.className, method) && method.isAdvisable()) {
        selected.put(method.key(), reason);
      }
    }
    return selected;
  }
}
