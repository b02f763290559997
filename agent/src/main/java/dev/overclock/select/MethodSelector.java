package dev.overclock.select;

import java.util.List;

/**
 * Decides which methods get one kind of advice: those carrying its annotation (on the method or
 * its class), matching its filters, or added while the application runs ({@link
 * RuntimeSelection}), within the {@code include=}/{@code exclude=} package prefixes, and never in
 * the classes Overclock does not touch. Timing, for example, is selected by {@code @Timed}, the
 * {@code timed=} filters and the hot methods sampling finds ({@link #timing}).
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

  private final String annotation;
  private final List<MethodFilter> filters;
  private final List<String> include;
  private final List<String> exclude;
  private final RuntimeSelection runtime;

  /**
   * @param annotation binary name of the annotation that selects a method (or all methods of a
   *     class it is on), or {@code null} for none
   * @param filters filters that select methods in addition to the annotation
   * @param include package prefixes; when non-empty only classes under one of them are considered
   * @param exclude package prefixes never instrumented
   */
  public MethodSelector(
      String annotation, List<MethodFilter> filters, List<String> include, List<String> exclude) {
    this(annotation, filters, include, exclude, null);
  }

  /**
   * @param runtime methods added while the application runs, or {@code null} for none
   */
  public MethodSelector(
      String annotation,
      List<MethodFilter> filters,
      List<String> include,
      List<String> exclude,
      RuntimeSelection runtime) {
    this.annotation = annotation;
    this.filters = List.copyOf(filters);
    this.include = asPrefixes(include);
    this.exclude = asPrefixes(exclude);
    this.runtime = runtime;
  }

  /** A loop, not a stream: built while the application's main thread waits, at the launch. */
  private static List<String> asPrefixes(List<String> names) {
    List<String> prefixes = new java.util.ArrayList<>(names.size());
    for (String name : names) {
      prefixes.add(asPrefix(name));
    }
    return List.copyOf(prefixes);
  }

  /** The timing selection: {@code @Timed} and the {@code timed=} filters. */
  public static MethodSelector timing(
      List<MethodFilter> timed, List<String> include, List<String> exclude) {
    return new MethodSelector(TIMED_ANNOTATION, timed, include, exclude);
  }

  /**
   * The timing selection with run-time additions: {@code @Timed}, the {@code timed=} filters and
   * the methods in {@code runtime} (hot methods found by sampling).
   */
  public static MethodSelector timing(
      List<MethodFilter> timed,
      List<String> include,
      List<String> exclude,
      RuntimeSelection runtime) {
    return new MethodSelector(TIMED_ANNOTATION, timed, include, exclude, runtime);
  }

  /** A selection made only at run time: exactly the methods in {@code runtime}. */
  public static MethodSelector runtimeOnly(
      RuntimeSelection runtime, List<String> include, List<String> exclude) {
    return new MethodSelector(null, List.of(), include, exclude, runtime);
  }

  /**
   * Whether the class is outside the agent's reach: the JDK, the agent, generated classes (lambda
   * forms, proxies: names with {@code $$}), or outside {@code include}/inside {@code exclude}.
   */
  public boolean isIgnoredClass(String className) {
    // Loops, not streams: this runs for every class the application loads, once per weaving,
    // mostly interpreted while the application starts (streams: 10 ms of jdbc's main thread).
    if (startsWithAny(className, NEVER)) {
      return true;
    }
    if (className.contains("$$") || className.contains("$auxiliary$")) {
      return true;
    }
    if (!include.isEmpty() && !startsWithAny(className, include)) {
      return true;
    }
    return startsWithAny(className, exclude);
  }

  private static boolean startsWithAny(String className, List<String> prefixes) {
    for (String prefix : prefixes) {
      if (className.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code loader} sees this annotation type (an application compiled against Overclock's
   * annotations ships them). {@code true} when it cannot tell.
   *
   * <p>By loading the type (not initialising it: an annotation interface runs no code), not as a
   * resource: with {@code -javaagent} the agent jar is on the bootstrap class path, and a resource
   * lookup searches that in Java code first, opening the agent's 9 MB jar (thousands of entries)
   * on the application's main thread in {@code premain}, where loading a class asks the bootstrap
   * loader natively.
   */
  public static boolean annotationVisible(String annotation, ClassLoader loader) {
    try {
      Class.forName(annotation, false, loader);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    } catch (RuntimeException | LinkageError e) {
      return true; // cannot tell: as if it did
    }
  }

  /** Whether the JDK or the agent owns this name: never instrumented, whatever the filters say. */
  public static boolean isReservedClass(String className) {
    return startsWithAny(className, NEVER);
  }

  /** Why the method is selected, or {@code null} when it is not. */
  public Reason reason(MethodInfo method) {
    if (isIgnoredClass(method.className())) {
      return null;
    }
    // Every filter that matches is marked, also where the annotation selects the method too: a
    // filter is only reported as selecting nothing when it truly matched no method.
    boolean byFilter = false;
    for (MethodFilter filter : filters) {
      if (filter.matches(method)) {
        filter.markMatched();
        byFilter = true;
      }
    }
    if (annotation != null
        && (method.methodAnnotations().contains(annotation)
            || method.classAnnotations().contains(annotation))) {
      return Reason.ANNOTATION;
    }
    if (byFilter) {
      return Reason.FILTER;
    }
    if (runtime != null
        && runtime.contains(method.className(), method.methodName(), method.descriptor())) {
      return Reason.AUTO;
    }
    return null;
  }

  /** A prefilter that rules classes out by name and raw bytes before anything is parsed. */
  public ClassPrefilter prefilter() {
    return new ClassPrefilter(
        filters, annotation == null ? List.of() : List.of(annotation), runtime);
  }

  /** The run-time additions, or {@code null} when this selection has none. */
  public RuntimeSelection runtime() {
    return runtime;
  }

  /** The selecting annotation's binary name. */
  public String annotation() {
    return annotation;
  }

  /** The filters, as given. */
  public List<MethodFilter> filters() {
    return filters;
  }

  /** Why a method was selected; shown in the report. */
  public enum Reason {
    /** The annotation on the method or its class. */
    ANNOTATION("annotation"),
    /** A filter from the configuration. */
    FILTER("filter"),
    /** Added while the application ran: a hot method found by sampling. */
    AUTO("auto");

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
