package dev.overclock.select;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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

  /** Needles sharing a prefix this long or longer are looked for behind one search for it. */
  static final int MIN_SHARED_PREFIX = 8;

  private final List<MethodFilter> nameFilters = new ArrayList<>();
  private final List<byte[]> needles = new ArrayList<>();
  private final List<RuntimeSelection> runtimes = new ArrayList<>();
  /** What every needle starts with, when there are several and it is long; else {@code null}. */
  private byte[] sharedPrefix;

  private ClassPrefilter() {}

  ClassPrefilter(List<MethodFilter> filters, List<String> annotations) {
    this(filters, annotations, null);
  }

  ClassPrefilter(List<MethodFilter> filters, List<String> annotations, RuntimeSelection runtime) {
    if (runtime != null) {
      runtimes.add(runtime);
    }
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

  /**
   * One prefilter for several (every weaving's): a class may match when one of them says it may.
   * The byte search is shared: the annotations' descriptors all start with {@code
   * Ldev/overclock/annotations/}, so a class file without that string (nearly every class) is
   * read once rather than once per annotation.
   */
  public static ClassPrefilter anyOf(List<ClassPrefilter> prefilters) {
    ClassPrefilter union = new ClassPrefilter();
    for (ClassPrefilter prefilter : prefilters) {
      union.runtimes.addAll(prefilter.runtimes);
      union.nameFilters.addAll(prefilter.nameFilters);
      for (byte[] needle : prefilter.needles) {
        if (!contains(union.needles, needle)) { // a loop, not a stream: built at the launch
          union.needles.add(needle);
        }
      }
    }
    union.sharedPrefix = sharedPrefix(union.needles);
    return union;
  }

  private static boolean contains(List<byte[]> needles, byte[] needle) {
    for (byte[] known : needles) {
      if (Arrays.equals(known, needle)) {
        return true;
      }
    }
    return false;
  }

  private static byte[] sharedPrefix(List<byte[]> needles) {
    if (needles.size() < 2) {
      return null;
    }
    byte[] first = needles.get(0);
    int length = first.length;
    for (byte[] needle : needles) {
      int mismatch = Arrays.mismatch(first, needle); // -1: equal
      if (mismatch >= 0) {
        length = Math.min(length, mismatch);
      }
    }
    return length < MIN_SHARED_PREFIX ? null : Arrays.copyOf(first, length);
  }

  /** Whether the class may declare a selected method; false is certain, true is a maybe. */
  public boolean mayMatch(String className, byte[] classFile) {
    for (RuntimeSelection runtime : runtimes) {
      if (runtime.hasClass(className)) {
        return true;
      }
    }
    for (MethodFilter filter : nameFilters) {
      if (filter.mayMatchClass(className)) {
        return true;
      }
    }
    if (sharedPrefix != null && !contains(classFile, sharedPrefix)) {
      return false;
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
