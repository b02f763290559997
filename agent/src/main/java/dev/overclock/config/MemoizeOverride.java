package dev.overclock.config;

import dev.overclock.select.MethodFilter;
import java.time.Duration;

/**
 * The per-method memoization options of one method filter, from keys of the form {@code
 * memoize.<Class>::<method>.<attribute>} (or {@code memoize.::<method>.<attribute>}): they
 * override the attributes of {@code @Memoize} (or its defaults, for methods selected by {@code
 * memoize=}). A {@code null} field was not set.
 *
 * @param method which methods: every overload of the named method
 * @param enabled {@code false} keeps the method from being memoized; also set when one of its
 *     options was bad (see {@code problem})
 * @param problem why the options of this method are unusable (a bad value), or {@code null}
 */
public record MemoizeOverride(
    MethodFilter method,
    Long maxSize,
    Duration expireAfterWrite,
    Integer verify,
    Double verifyRate,
    Boolean enabled,
    String problem) {

  /** The attribute names accepted after the method, as written in documentation. */
  public static final String ATTRIBUTES = "maxSize, expireAfterWrite, verify, verifyRate, enabled";

  /** This override with one more attribute applied. */
  MemoizeOverride with(String attribute, Object value) {
    switch (attribute) {
      case "maxsize":
        return new MemoizeOverride(method, (Long) value, expireAfterWrite, verify, verifyRate,
            enabled, problem);
      case "expireafterwrite":
        return new MemoizeOverride(method, maxSize, (Duration) value, verify, verifyRate, enabled,
            problem);
      case "verify":
        return new MemoizeOverride(method, maxSize, expireAfterWrite, (Integer) value, verifyRate,
            enabled, problem);
      case "verifyrate":
        return new MemoizeOverride(method, maxSize, expireAfterWrite, verify, (Double) value,
            enabled, problem);
      case "enabled":
        return new MemoizeOverride(method, maxSize, expireAfterWrite, verify, verifyRate,
            (Boolean) value, problem);
      default:
        throw new IllegalArgumentException(attribute);
    }
  }

  /** This override, switched off because of a bad value. */
  MemoizeOverride broken(String why) {
    return new MemoizeOverride(method, maxSize, expireAfterWrite, verify, verifyRate, false,
        problem == null ? why : problem);
  }
}
