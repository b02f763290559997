package dev.overclock.instrument;

import dev.overclock.select.MethodInfo;
import dev.overclock.select.MethodSelector;
import java.util.HashSet;
import java.util.Set;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.annotation.AnnotationList;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Byte Buddy's view of {@link MethodSelector}: matches the methods that get timing advice.
 *
 * <p>Besides the selector's rules it refuses every method advice cannot or should not wrap:
 * abstract and native methods (no body), synthetic and bridge methods (compiler-generated; the
 * real method is timed instead), constructors and class initialisers (exit advice cannot catch
 * an exception thrown by a super constructor call).
 */
final class MethodMatcher extends ElementMatcher.Junction.AbstractBase<MethodDescription> {

  private final MethodSelector selector;

  MethodMatcher(MethodSelector selector) {
    this.selector = selector;
  }

  @Override
  public boolean matches(MethodDescription method) {
    if (!isAdvisable(method)) {
      return false;
    }
    TypeDefinition declaring = method.getDeclaringType();
    if (declaring == null) {
      return false;
    }
    return selector.timedReason(info(declaring.asErasure(), method)) != null;
  }

  /** Whether advice can wrap this method at all, whatever the selection. */
  static boolean isAdvisable(MethodDescription method) {
    return method.isMethod()
        && !method.isAbstract()
        && !method.isNative()
        && !method.isSynthetic()
        && !method.isBridge();
  }

  /** The selector's view of a method. */
  static MethodInfo info(TypeDescription type, MethodDescription method) {
    return new MethodInfo(
        type.getName(),
        method.getInternalName(),
        names(method.getDeclaredAnnotations()),
        names(type.getDeclaredAnnotations()));
  }

  private static Set<String> names(AnnotationList annotations) {
    if (annotations.isEmpty()) {
      return Set.of();
    }
    Set<String> names = new HashSet<>();
    for (AnnotationDescription annotation : annotations) {
      names.add(annotation.getAnnotationType().getName());
    }
    return names;
  }
}
