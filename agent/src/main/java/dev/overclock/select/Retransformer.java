package dev.overclock.select;

import java.util.Collection;

/**
 * What a run-time selection's owner (the JFR part's hot-method detector and argument sampling)
 * needs of the instrumenter: to retransform the classes whose selection changed, to read the code
 * of a loaded method before choosing it, and to hear about every change to running code. The
 * {@code instrument} package implements it; declared here so that its users need not depend on
 * the instrumenter.
 */
public interface Retransformer {

  /**
   * Retransforms the loaded classes of these names (in every class loader that may be
   * instrumented), so that they pick up a changed {@link RuntimeSelection}.
   *
   * @return how many classes were retransformed
   */
  int retransform(Collection<String> classNames);

  /**
   * The code of one method of a loaded class, read from its class file, or {@code null} when no
   * such class is loaded where it could be instrumented or its class file cannot be read.
   */
  MethodShape shape(String className, String methodName, String descriptor);

  /**
   * Tells {@code listener} about every change to a class: first the changes made before it was
   * attached, then each as it happens; {@code null} detaches it.
   */
  void onChange(CodeChange.Listener listener);

  /**
   * A loaded class of this name where it could be instrumented (the first found), or {@code null}:
   * {@code auto=optimize} reads its code through the class's own loader before changing it.
   */
  default Class<?> loadedClass(String className) {
    return null;
  }

  /**
   * Records a change that retransformation alone does not describe (a memoization taken back and
   * why), for the same listener as every other change.
   */
  default void tell(CodeChange change) {}
}
