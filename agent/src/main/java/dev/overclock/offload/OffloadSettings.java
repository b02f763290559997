package dev.overclock.offload;

import dev.overclock.config.Durations;
import java.time.Duration;
import java.util.Map;

/**
 * How one method is offloaded: read from its {@code @Offload} attributes, with the {@code
 * offload.*} options as defaults for whatever the annotation leaves out (and for methods the
 * filters select).
 *
 * @param timeoutNanos how long the body may run; 0: no limit
 * @param maxConcurrency how many bodies of the method may run at once; 0: no limit
 * @param queueTimeoutNanos how long a call waits for a free slot when the limit is reached; -1:
 *     as long as it takes, 0: not at all
 */
public record OffloadSettings(long timeoutNanos, int maxConcurrency, long queueTimeoutNanos) {

  /** The annotation's binary name; the agent matches it by name and never loads it. */
  public static final String ANNOTATION = "dev.overclock.annotations.Offload";

  /** No timeout, no limit. */
  public static final OffloadSettings DEFAULTS = new OffloadSettings(0, 0, -1);

  /**
   * The settings of a method whose annotation has these attributes (attributes left at their
   * defaults are absent), over {@code defaults}.
   *
   * @throws IllegalArgumentException with a sentence for the user when an attribute is bad
   */
  public static OffloadSettings of(Map<String, Object> attributes, OffloadSettings defaults) {
    long timeout = defaults.timeoutNanos;
    int max = defaults.maxConcurrency;
    long queue = defaults.queueTimeoutNanos;
    Object value = attributes.get("timeout");
    if (value instanceof String && !((String) value).isEmpty()) {
      timeout = duration("timeout", (String) value).toNanos();
    }
    value = attributes.get("maxConcurrency");
    if (value instanceof Integer) {
      max = (Integer) value;
      if (max < 0) {
        throw new IllegalArgumentException("maxConcurrency=" + max + " is negative");
      }
    }
    value = attributes.get("queueTimeout");
    if (value instanceof String && !((String) value).isEmpty()) {
      queue = duration("queueTimeout", (String) value).toNanos();
    }
    return new OffloadSettings(timeout, max, queue);
  }

  private static Duration duration(String attribute, String text) {
    Duration parsed = Durations.parse(text);
    if (parsed == null) {
      throw new IllegalArgumentException(attribute + "=\"" + text + "\" is not a duration such as"
          + " 250ms, 10s or 5m");
    }
    return parsed;
  }

  /** For messages and the report: {@code timeout 200ms, maxConcurrency 4, queueTimeout 1s}. */
  String describe() {
    StringBuilder text = new StringBuilder();
    text.append("timeout ").append(timeoutNanos == 0 ? "none" : format(timeoutNanos));
    text.append(", maxConcurrency ").append(maxConcurrency == 0 ? "unlimited" : maxConcurrency);
    if (maxConcurrency > 0) {
      text.append(", queueTimeout ")
          .append(queueTimeoutNanos < 0 ? "unlimited" : format(queueTimeoutNanos));
    }
    return text.toString();
  }

  static String format(long nanos) {
    return Durations.format(Duration.ofNanos(nanos));
  }
}
