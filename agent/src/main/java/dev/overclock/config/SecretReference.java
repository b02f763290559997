package dev.overclock.config;

import java.util.regex.Pattern;

/**
 * Where a secret is read from, never the secret itself: {@code file:<path>} or {@code
 * env:<variable>}. The option holding it may be printed (in the report, in {@code status}); the
 * secret is read by the feature that needs it, when it starts, and printed nowhere.
 *
 * @param scheme {@code file} or {@code env}
 * @param name the file's path or the environment variable's name
 */
public record SecretReference(String scheme, String name) {

  static final String ACCEPTED =
      "file:<path> or env:<variable> (where the token is read from; never the token itself)";

  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** Reads {@code file:/run/secrets/token} or {@code env:METRICS_TOKEN}; anything else is bad. */
  static SecretReference parse(String text) {
    if (text.startsWith("file:") && text.length() > "file:".length()) {
      return new SecretReference("file", text.substring("file:".length()));
    }
    if (text.startsWith("env:") && VARIABLE.matcher(text.substring("env:".length())).matches()) {
      return new SecretReference("env", text.substring("env:".length()));
    }
    throw new IllegalArgumentException("not file:<path> or env:<variable>");
  }

  public boolean isFile() {
    return scheme.equals("file");
  }

  @Override
  public String toString() {
    return scheme + ":" + name;
  }
}
