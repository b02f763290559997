package dev.overclock.memo;

import dev.overclock.config.Durations;
import dev.overclock.config.MemoizeOverride;
import dev.overclock.select.MethodInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides, for a method selected for memoization, whether it can be memoized and with which
 * settings: the attributes of its {@code @Memoize} (read from the class file), overridden by the
 * per-method options.
 *
 * <p>Refused, each with one warning: constructors (a constructor must return a new object every
 * time), {@code void} methods (nothing to cache), methods returning a type marked unsafe (the
 * JDK's single-use and mutable types listed in {@link #JDK_UNSAFE}, and the user's {@code
 * memoize.unsafe=}), methods switched off or misconfigured by per-method options, and bad
 * annotation values.
 */
public final class MemoPolicy {

  /** The annotation, by binary name: the agent never loads it. */
  public static final String ANNOTATION = "dev.overclock.annotations.Memoize";

  /**
   * JDK return types never memoized: every call must get its own (single-use cursors and
   * streams, open resources, mutable builders and buffers, random generators). Packages end in
   * {@code .*}. Subtypes are not recognised (the agent decides from names, without loading
   * classes): a method declared to return {@code ArrayList} is memoized, one declared to return
   * {@code Iterator} is not.
   */
  public static final List<String> JDK_UNSAFE =
      List.of(
          "java.util.Iterator",
          "java.util.ListIterator",
          "java.util.Spliterator",
          "java.util.Enumeration",
          "java.util.Scanner",
          "java.util.Random",
          "java.util.stream.*",
          "java.io.InputStream",
          "java.io.OutputStream",
          "java.io.Reader",
          "java.io.Writer",
          "java.io.Closeable",
          "java.io.RandomAccessFile",
          "java.lang.AutoCloseable",
          "java.lang.StringBuilder",
          "java.lang.StringBuffer",
          "java.lang.Thread",
          "java.nio.channels.*",
          "java.nio.Buffer",
          "java.nio.ByteBuffer",
          "java.nio.CharBuffer",
          "java.nio.IntBuffer",
          "java.nio.LongBuffer",
          "java.nio.ShortBuffer",
          "java.nio.FloatBuffer",
          "java.nio.DoubleBuffer",
          "java.util.concurrent.atomic.*",
          "java.util.concurrent.locks.*");

  private final List<String> unsafeTypes;
  private final List<MemoizeOverride> overrides;

  /**
   * @param userUnsafe the user's {@code memoize.unsafe=} entries
   * @param overrides the per-method options
   */
  public MemoPolicy(List<String> userUnsafe, List<MemoizeOverride> overrides) {
    this.unsafeTypes = new java.util.ArrayList<>(JDK_UNSAFE);
    this.unsafeTypes.addAll(userUnsafe);
    this.overrides = List.copyOf(overrides);
  }

  /** The outcome for one method: settings to memoize with, or why it is not memoized. */
  public record Decision(MemoSettings settings, String refusal) {}

  /**
   * Decides for one method.
   *
   * @param returnType the binary name of the return type ({@code long}, {@code void}, {@code
   *     java.lang.String}, {@code int[]})
   * @param attributes the attributes set on its {@code @Memoize}, as the class file holds them
   */
  public Decision decide(
      String className, String methodName, String returnType, Map<String, Object> attributes) {
    if (methodName.equals("<init>")) {
      return refuse("it is a constructor, which must return a new object on every call");
    }
    if (returnType.equals("void")) {
      return refuse("it returns void, so there is no result to cache");
    }
    for (String unsafe : unsafeTypes) {
      if (unsafe.endsWith(".*")
          ? returnType.startsWith(unsafe.substring(0, unsafe.length() - 1))
          : returnType.equals(unsafe)) {
        return refuse("its return type " + returnType + " is marked unsafe to memoize ("
            + (JDK_UNSAFE.contains(unsafe) ? "single-use or mutable JDK type"
                : "memoize.unsafe=" + unsafe) + ")");
      }
    }
    MemoSettings settings = MemoSettings.DEFAULTS;
    try {
      settings = new MemoSettings(
          longValue(attributes.get("maxSize"), settings.maxSize()),
          duration(attributes.get("expireAfterWrite"), settings.expireAfterWrite()),
          (int) longValue(attributes.get("verify"), settings.verify()),
          doubleValue(attributes.get("verifyRate"), settings.verifyRate()));
    } catch (IllegalArgumentException e) {
      return refuse("@Memoize " + e.getMessage());
    }
    MethodInfo info = new MethodInfo(className, methodName, Set.of(), Set.of());
    for (MemoizeOverride override : overrides) {
      if (!override.method().matches(info)) {
        continue;
      }
      if (override.problem() != null) {
        return refuse(override.problem());
      }
      if (Boolean.FALSE.equals(override.enabled())) {
        return refuse("memoize." + override.method() + ".enabled=false");
      }
      settings = new MemoSettings(
          override.maxSize() != null ? override.maxSize() : settings.maxSize(),
          override.expireAfterWrite() != null ? override.expireAfterWrite()
              : settings.expireAfterWrite(),
          override.verify() != null ? override.verify() : settings.verify(),
          override.verifyRate() != null ? override.verifyRate() : settings.verifyRate());
    }
    String problem = settings.problem();
    return problem != null ? refuse("@Memoize " + problem) : new Decision(settings, null);
  }

  private static Decision refuse(String why) {
    return new Decision(null, why);
  }

  private static long longValue(Object value, long defaultValue) {
    return value instanceof Number ? ((Number) value).longValue() : defaultValue;
  }

  private static double doubleValue(Object value, double defaultValue) {
    return value instanceof Number ? ((Number) value).doubleValue() : defaultValue;
  }

  private static Duration duration(Object value, Duration defaultValue) {
    if (!(value instanceof String) || ((String) value).isBlank()) {
      return defaultValue;
    }
    Duration parsed = Durations.parse((String) value);
    if (parsed == null) {
      throw new IllegalArgumentException("expireAfterWrite='" + value + "' is not a duration"
          + " such as 500ms, 30s or 5m");
    }
    return parsed;
  }
}
