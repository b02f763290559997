package dev.overclock.select;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides from a class's name and raw class file bytes, without parsing them, whether the class
 * can contain a selected method. Most classes an application loads contain none; for those the
 * agent's transformer returns at once, which keeps start-up and attach cheap.
 *
 * <p>A class may match when a filter names it (or its package), or when its constant pool holds
 * one of the strings a match needs: the descriptor of a selecting annotation ({@code
 * Ldev/overclock/annotations/Timed;}) or a method name from a {@code ::name} filter, or when a
 * method of it was added at run time. Those strings
 * are stored as (modified) UTF-8 in the class file, so a byte search finds them; a false positive
 * only costs a full parse.
 */
public final class ClassPrefilter {

  private final List<MethodFilter> nameFilters = new ArrayList<>();
  private final List<byte[]> needles = new ArrayList<>();
  private final RuntimeSelection runtime;

  ClassPrefilter(List<MethodFilter> filters, List<String> annotations) {
    this(filters, annotations, null);
  }

  ClassPrefilter(List<MethodFilter> filters, List<String> annotations, RuntimeSelection runtime) {
    this.runtime = runtime;
    for (String annotation : annotations) {
      needles.add(("L" + annotation.replace('.', '/') + ";").getBytes(StandardCharsets.UTF_8));
    }
    for (MethodFilter filter : filters) {
      switch (filter.kind()) {
        case ANNOTATION:
          needles.add(("L" + filter.namedAnnotation().replace('.', '/') + ";")
              .getBytes(StandardCharsets.UTF_8));
          break;
        case METHOD_NAME:
          needles.add(filter.namedMethod().getBytes(StandardCharsets.UTF_8));
          break;
        default:
          nameFilters.add(filter);
      }
    }
  }

  /** Whether the class may declare a selected method; false is certain, true is a maybe. */
  public boolean mayMatch(String className, byte[] classFile) {
    if (runtime != null && runtime.hasClass(className)) {
      return true;
    }
    for (MethodFilter filter : nameFilters) {
      if (filter.mayMatchClass(className)) {
        return true;
      }
    }
    for (byte[] needle : needles) {
      if (contains(classFile, needle)) {
        return true;
      }
    }
    return false;
  }

  static boolean contains(byte[] haystack, byte[] needle) {
    int last = haystack.length - needle.length;
    byte first = needle[0];
    outer:
    for (int i = 0; i <= last; i++) {
      if (haystack[i] != first) {
        continue;
      }
      for (int j = 1; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
