package dev.overclock.select;

import java.util.List;

/**
 * Decides which methods get which advice: the {@code @Timed} annotation, the {@code timed=}
 * filters, and the {@code include=}/{@code exclude=} package prefixes, plus the classes Overclock
 * never touches.
 *
 * <p>Decisions are made on names only, so that they are cheap enough to run for every class the
 * JVM loads and identical whether a class is being loaded, retransformed, or read from a JFR
 * recording. Class-loader checks (the JDK's own loaders) belong to the instrumenter.
 */
public final class MethodSelector {

  /** The annotation that asks for timing, matched by name: the agent never loads it. */
  public static final String TIMED_ANNOTATION = "dev.overclock.annotations.Timed";

  /**
   * Packages never instrumented: the JDK, the agent itself (and everything shaded into it), and
   * bytecode libraries other agents may bring. Dotted prefixes.
   */
  private static final List<String> NEVER =
      List.of(
          "java.",
          "javax.",
          "jdk.",
          "sun.",
          "com.sun.",
          "dev.overclock.",
          "net.bytebuddy.",
          "org.objectweb.asm.");

  private final List<MethodFilter> timed;
  private final List<String> include;
  private final List<String> exclude;

  /**
   * @param timed filters from {@code timed=}, in addition to {@code @Timed}
   * @param include package prefixes; when non-empty only classes under one of them are considered
   * @param exclude package prefixes never instrumented
   */
  public MethodSelector(List<MethodFilter> timed, List<String> include, List<String> exclude) {
    this.timed = List.copyOf(timed);
    this.include = include.stream().map(MethodSelector::asPrefix).toList();
    this.exclude = exclude.stream().map(MethodSelector::asPrefix).toList();
  }

  /**
   * Whether the class is outside the agent's reach: the JDK, the agent, generated classes (lambda
   * forms, proxies: names with {@code $$}), or outside {@code include}/inside {@code exclude}.
   */
  public boolean isIgnoredClass(String className) {
    for (String prefix : NEVER) {
      if (className.startsWith(prefix)) {
        return true;
      }
    }
    if (className.contains("$$") || className.contains("$auxiliary$")) {
      return true;
    }
    if (!include.isEmpty() && include.stream().noneMatch(className::startsWith)) {
      return true;
    }
    return exclude.stream().anyMatch(className::startsWith);
  }

  /** Whether the JDK or the agent owns this name: never instrumented, whatever the filters say. */
  public static boolean isReservedClass(String className) {
    return NEVER.stream().anyMatch(className::startsWith);
  }

  /** Why the method is timed, or {@code null} when it is not. */
  public Reason timedReason(MethodInfo method) {
    if (isIgnoredClass(method.className())) {
      return null;
    }
    if (method.methodAnnotations().contains(TIMED_ANNOTATION)
        || method.classAnnotations().contains(TIMED_ANNOTATION)) {
      return Reason.ANNOTATION;
    }
    for (MethodFilter filter : timed) {
      if (filter.matches(method)) {
        return Reason.FILTER;
      }
    }
    return null;
  }

  /** A prefilter that rules classes out by name and raw bytes before anything is parsed. */
  public ClassPrefilter prefilter() {
    return new ClassPrefilter(timed, List.of(TIMED_ANNOTATION));
  }

  /** The {@code timed=} filters, as given. */
  public List<MethodFilter> timedFilters() {
    return timed;
  }

  /** Why a method was selected; shown in the report. */
  public enum Reason {
    /** {@code @Timed} on the method or its class. */
    ANNOTATION("annotation"),
    /** A {@code timed=} filter. */
    FILTER("filter");

    private final String label;

    Reason(String label) {
      this.label = label;
    }

    /** The lower-case name used in the report. */
    public String label() {
      return label;
    }
  }

  private static String asPrefix(String pkg) {
    return pkg.endsWith(".") ? pkg : pkg + ".";
  }
}
