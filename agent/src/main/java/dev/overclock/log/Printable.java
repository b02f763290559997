package dev.overclock.log;

/**
 * Makes text from an untrusted source (a {@code .jfr} recording, another JVM's system properties
 * or class names) safe to print on a terminal or to write into a line-based file: every control
 * character (C0, DEL, C1), line and paragraph separator and bidirectional override is shown as
 * {@code \\uXXXX}, so a crafted name can neither move the cursor, recolour or retitle the
 * terminal (escape sequences), end a line early, nor reorder what a reader sees.
 */
public final class Printable {

  private Printable() {}

  /** {@code text} with every unsafe character escaped; {@code null} stays {@code null}. */
  public static String of(String text) {
    if (text == null) {
      return null;
    }
    int first = firstUnsafe(text);
    if (first < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
    for (int i = first; i < text.length(); i++) {
      char c = text.charAt(i);
      if (unsafe(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Whether {@code text} has a character {@link #of} would escape. */
  public static boolean isSafe(String text) {
    return firstUnsafe(text) < 0;
  }

  private static int firstUnsafe(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (unsafe(text.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  private static boolean unsafe(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
        || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')
        || c == '\u200e' || c == '\u200f' || c == '\u061c';
  }
}
