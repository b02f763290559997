package dev.overclock.select;

import java.util.Set;

/**
 * What selection needs to know about a method, independent of how it was read (Byte Buddy's
 * descriptions at transform time, JFR stack frames offline).
 *
 * @param className binary name of the declaring class ({@code com.acme.Outer$Inner})
 * @param methodAnnotations binary names of the annotation types on the method
 * @param classAnnotations binary names of the annotation types on the declaring class
 */
public record MethodInfo(
    String className,
    String methodName,
    Set<String> methodAnnotations,
    Set<String> classAnnotations) {}
