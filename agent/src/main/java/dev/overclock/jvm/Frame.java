package dev.overclock.jvm;

/**
 * One frame of a stack trace, as recordings describe it.
 *
 * @param className binary class name ({@code com.acme.Outer$Inner})
 * @param descriptor JVM method descriptor, or empty when unknown
 * @param line source line, or a value below 1 when unknown
 */
public record Frame(String className, String methodName, String descriptor, int line) {

  /** {@code com.acme.Pricing::quote}, the filter notation. */
  public String name() {
    return className + "::" + methodName;
  }

  /** Name and descriptor, unique among overloads: the key of a method in the report. */
  public String key() {
    return name() + descriptor;
  }

  /** {@code com.acme.Pricing::quote:42}, or the name when the line is unknown. */
  public String site() {
    return line > 0 ? name() + ":" + line : name();
  }
}
