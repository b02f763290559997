package dev.overclock.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Identifies one instrumented method across class loaders and retransformations: the binary
 * class name, the method name and its JVM descriptor, plus why it was selected.
 *
 * <p>Classes of the same name in different loaders (two web applications, say) share one
 * {@code MethodRef} and so one set of figures: the report speaks of code, not of loaders.
 *
 * @param descriptor JVM method descriptor, such as {@code (Ljava/lang/String;I)J}
 * @param selectedBy why the method is instrumented: {@code annotation}, {@code filter}, ...
 */
public record MethodRef(String className, String methodName, String descriptor, String selectedBy) {

  /** {@code com.acme.Pricing::quote}, the JDK filter notation, which also selects it. */
  public String name() {
    return className + "::" + methodName;
  }

  /** Unique key: {@code com.acme.Pricing::quote(Ljava/lang/String;I)J}. */
  public String key() {
    return name() + descriptor;
  }

  /** Parameter types as a reader writes them: {@code String, int, long[]}. */
  public String parameters() {
    List<String> types = new ArrayList<>();
    int i = 1;
    while (i < descriptor.length() && descriptor.charAt(i) != ')') {
      int dims = 0;
      while (descriptor.charAt(i) == '[') {
        dims++;
        i++;
      }
      String type;
      char c = descriptor.charAt(i);
      if (c == 'L') {
        int end = descriptor.indexOf(';', i);
        String binary = descriptor.substring(i + 1, end).replace('/', '.');
        type = binary.substring(binary.lastIndexOf('.') + 1).replace('$', '.');
        i = end + 1;
      } else {
        type = primitive(c);
        i++;
      }
      types.add(type + "[]".repeat(dims));
    }
    return String.join(", ", types);
  }

  /** {@code com.acme.Pricing::quote(String, int)}: what tables show. */
  public String signature() {
    return name() + "(" + parameters() + ")";
  }

  private static String primitive(char c) {
    switch (c) {
      case 'Z':
        return "boolean";
      case 'B':
        return "byte";
      case 'C':
        return "char";
      case 'S':
        return "short";
      case 'I':
        return "int";
      case 'J':
        return "long";
      case 'F':
        return "float";
      case 'D':
        return "double";
      default:
        return String.valueOf(c);
    }
  }
}
