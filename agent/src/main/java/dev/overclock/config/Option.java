package dev.overclock.config;

/**
 * One option: its key, the type and range of its value, its default, what values it accepts, what
 * it does, and what turns off when its value is bad. {@link Options#ALL} is the single list the
 * parser, the {@code options} command and the README table are checked against; the default is
 * stated here only, as text, and read with the option's own type ({@link #defaultTyped}).
 *
 * @param <T> the value's Java type
 * @param defaultValue the default as a user would write it; empty: unset
 * @param accepted the accepted values, phrased to follow "expected " in an error message
 * @param whenBad what the agent turns off when the value is bad, phrased as a clause
 */
public record Option<T>(
    String key,
    ValueType<T> type,
    String defaultValue,
    String accepted,
    String description,
    String whenBad) {

  /** The default, read with the option's type (so it is a value the option accepts). */
  T defaultTyped() {
    return type.parse(defaultValue);
  }
}
