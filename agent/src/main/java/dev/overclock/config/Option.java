package dev.overclock.config;

/**
 * The documentation of one option: its key, default, what values it accepts, what it does, and
 * what turns off when its value is bad. {@link Options#ALL} is the single list the parser, the
 * {@code options} command and the README table are checked against.
 *
 * @param accepted the accepted values, phrased to follow "expected " in an error message
 * @param whenBad what the agent turns off when the value is bad, phrased as a clause
 */
public record Option(
    String key, String defaultValue, String accepted, String description, String whenBad) {}
