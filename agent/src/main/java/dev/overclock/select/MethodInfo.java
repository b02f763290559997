package dev.overclock.select;

import java.util.Set;

/**
 * What selection needs to know about a method, independent of how it was read (Byte Buddy's
 * descriptions at transform time, JFR stack frames offline).
 *
 * @param className binary name of the declaring class ({@code com.acme.Outer$Inner})
 * @param descriptor JVM descriptor ({@code (Ljava/lang/String;)I}), or {@code null} where the
 *     source does not tell; only run-time additions ({@link RuntimeSelection}) need it
 * @param methodAnnotations binary names of the annotation types on the method
 * @param classAnnotations binary names of the annotation types on the declaring class
 */
public record MethodInfo(
    String className,
    String methodName,
    String descriptor,
    Set<String> methodAnnotations,
    Set<String> classAnnotations) {

  /** A method whose descriptor is not known. */
  public MethodInfo(
      String className,
      String methodName,
      Set<String> methodAnnotations,
      Set<String> classAnnotations) {
    this(className, methodName, null, methodAnnotations, classAnnotations);
  }
}
