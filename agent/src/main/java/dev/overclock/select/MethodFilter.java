package dev.overclock.select;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One method filter in the grammar of the JDK's own JFR method timing ({@code jdk.MethodTiming},
 * JDK 25), so that users already know it.
 *
 * <table>
 *   <caption>Accepted forms</caption>
 *   <tr><th>filter</th><th>selects</th></tr>
 *   <tr><td>{@code com.acme.Pricing::quote}</td><td>every overload of {@code quote} declared by
 *       {@code com.acme.Pricing}</td></tr>
 *   <tr><td>{@code com.acme.Pricing}</td><td>every method declared by that class</td></tr>
 *   <tr><td>{@code ::quote}</td><td>methods named {@code quote} in any class</td></tr>
 *   <tr><td>{@code @com.acme.Hot}</td><td>methods annotated {@code @Hot}, and every method of
 *       classes annotated {@code @Hot}</td></tr>
 *   <tr><td>{@code com.acme.*}</td><td>every method of every class in {@code com.acme} and its
 *       sub-packages (an Overclock extension)</td></tr>
 * </table>
 *
 * <p>Nested classes use their binary name ({@code com.acme.Outer$Inner}). Several filters are
 * joined with {@code ;}. Constructors and class initialisers are not timed, so {@code <init>} and
 * {@code <clinit>} are refused rather than silently ignored.
 */
public final class MethodFilter {

  /** What part of a method a filter looks at. */
  public enum Kind {
    METHOD,
    CLASS,
    METHOD_NAME,
    ANNOTATION,
    PACKAGE
  }

  /** What every error message says is accepted. */
  public static final String ACCEPTED =
      "filters like com.acme.Pricing::quote, com.acme.Pricing, ::quote, @com.acme.Hot or"
          + " com.acme.*, joined with ';'";

  private final Kind kind;
  private final String className; // METHOD, CLASS; the annotation for ANNOTATION; prefix for PACKAGE
  private final String methodName; // METHOD, METHOD_NAME
  private final String text;
  // Set once the filter has selected a method, so that a filter matching nothing can be named
  // (a misspelt class or method name otherwise passes in silence). Written at transform time
  // only, never on a timed call.
  private volatile boolean matched;

  private MethodFilter(Kind kind, String className, String methodName, String text) {
    this.kind = kind;
    this.className = className;
    this.methodName = methodName;
    this.text = text;
  }

  /**
   * Parses filters joined with {@code ;}; blanks around each filter are ignored.
   *
   * @throws IllegalArgumentException naming the first bad filter and what is accepted
   */
  public static List<MethodFilter> parseList(String text) {
    List<MethodFilter> filters = new ArrayList<>();
    for (String part : text.split(";", -1)) {
      String trimmed = part.strip();
      if (trimmed.isEmpty()) {
        if (text.isBlank()) {
          break;
        }
        throw new IllegalArgumentException("empty filter in '" + text + "'");
      }
      filters.add(parse(trimmed));
    }
    return List.copyOf(filters);
  }

  /**
   * Parses one filter.
   *
   * @throws IllegalArgumentException naming the problem
   */
  public static MethodFilter parse(String text) {
    String filter = text.strip();
    if (filter.startsWith("@")) {
      String annotation = filter.substring(1);
      requireQualifiedName(annotation, filter, "annotation");
      return new MethodFilter(Kind.ANNOTATION, annotation, null, filter);
    }
    int separator = filter.indexOf("::");
    if (separator >= 0) {
      String type = filter.substring(0, separator);
      String method = filter.substring(separator + 2);
      if (method.equals("<init>") || method.equals("<clinit>")) {
        throw new IllegalArgumentException(
            "'" + filter + "': constructors and class initialisers are not timed");
      }
      if (!isIdentifier(method)) {
        throw new IllegalArgumentException(
            "'" + filter + "': expected a method name after '::'");
      }
      if (type.isEmpty()) {
        return new MethodFilter(Kind.METHOD_NAME, null, method, filter);
      }
      requireQualifiedName(type, filter, "class name");
      return new MethodFilter(Kind.METHOD, type, method, filter);
    }
    if (filter.endsWith(".*")) {
      String pkg = filter.substring(0, filter.length() - 2);
      requireQualifiedName(pkg, filter, "package name");
      return new MethodFilter(Kind.PACKAGE, pkg + ".", null, filter);
    }
    requireQualifiedName(filter, filter, "class name");
    return new MethodFilter(Kind.CLASS, filter, null, filter);
  }

  public Kind kind() {
    return kind;
  }

  /**
   * Whether this filter can match some method of the named class, judged by name alone. Filters
   * on annotations and method names can match any class.
   */
  public boolean mayMatchClass(String typeName) {
    switch (kind) {
      case METHOD:
      case CLASS:
        return className.equals(typeName);
      case PACKAGE:
        return typeName.startsWith(className);
      default:
        return true;
    }
  }

  /** Whether this filter selects the method. */
  public boolean matches(MethodInfo method) {
    switch (kind) {
      case METHOD:
        return className.equals(method.className()) && methodName.equals(method.methodName());
      case CLASS:
        return className.equals(method.className());
      case METHOD_NAME:
        return methodName.equals(method.methodName());
      case ANNOTATION:
        return method.methodAnnotations().contains(className)
            || method.classAnnotations().contains(className);
      case PACKAGE:
        return method.className().startsWith(className);
      default:
        throw new AssertionError(kind);
    }
  }

  /** Whether this filter has selected some method of a class the JVM loaded. */
  public boolean hasMatched() {
    return matched;
  }

  void markMatched() {
    if (!matched) {
      matched = true;
    }
  }

  /**
   * The class this filter names, if it names one ({@code METHOD}, {@code CLASS}); else null.
   * Used to warn about filters that point at the JDK, which is never instrumented.
   */
  public String namedClass() {
    return kind == Kind.METHOD || kind == Kind.CLASS ? className : null;
  }

  /** The annotation of an {@code ANNOTATION} filter; else null. */
  public String namedAnnotation() {
    return kind == Kind.ANNOTATION ? className : null;
  }

  /** The method name of a {@code METHOD_NAME} or {@code METHOD} filter; else null. */
  public String namedMethod() {
    return methodName;
  }

  /** The package prefix (with trailing dot) of a {@code PACKAGE} filter; else null. */
  public String namedPackage() {
    return kind == Kind.PACKAGE ? className : null;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MethodFilter && ((MethodFilter) other).text.equals(text);
  }

  @Override
  public int hashCode() {
    return Objects.hash(text);
  }

  /** The filter as the user wrote it (trimmed). */
  @Override
  public String toString() {
    return text;
  }

  private static void requireQualifiedName(String name, String filter, String what) {
    if (name.isEmpty()) {
      throw new IllegalArgumentException("'" + filter + "': expected a " + what);
    }
    for (String part : name.split("\\.", -1)) {
      if (!isIdentifier(part)) {
        throw new IllegalArgumentException(
            "'" + filter + "': '" + name + "' is not a valid " + what);
      }
    }
  }

  private static boolean isIdentifier(String part) {
    if (part.isEmpty() || !Character.isJavaIdentifierStart(part.charAt(0))) {
      return false;
    }
    for (int i = 1; i < part.length(); i++) {
      if (!Character.isJavaIdentifierPart(part.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
