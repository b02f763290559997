package dev.overclock.memo;

import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * Compares a fresh result with a cached one, and describes values for the one line a failed
 * verification prints.
 *
 * <p>By default a description shows no value: a memoized method may take or return secrets (a
 * salted hash, a token), and the line goes to standard error, the report and the exit summary.
 * It shows the type, the length of a string or array, and a short salted hash of JDK values, as
 * {@code String(12 chars)#3fa9c01b}: two descriptions with the same hash are, within this run,
 * the same value, so the evidence still shows which values differed. The salt is random per JVM
 * and never printed, so a hash cannot be looked up in a table of likely values. Values are shown
 * only when the user opted in ({@code memoize.showvalues=true}).
 *
 * <p>Descriptions never call application code: {@code toString} or {@code hashCode} of an
 * application object may be slow, have side effects or throw. Only JDK value types (numbers,
 * strings, characters, booleans, enums' names) and arrays of primitives are hashed or shown with
 * their value; other arrays by type and length; anything else by its class's simple name.
 */
final class Results {

  private static final int MAX_TEXT = 40;

  private Results() {}

  /** Whether the two results are the same value: {@code equals}, arrays compared deeply. */
  static boolean same(Object cached, Object fresh) {
    return Objects.deepEquals(cached, fresh);
  }

  /** The arguments of a call, as {@code (String(3 chars)#1a2b3c4d, Integer#..., int[4]#...)}. */
  static String arguments(Object[] arguments, boolean showValues) {
    StringBuilder text = new StringBuilder("(");
    for (int i = 0; i < arguments.length; i++) {
      if (i > 0) {
        text.append(", ");
      }
      text.append(describe(arguments[i], showValues));
    }
    return text.append(')').toString();
  }

  /** One value, safely: see the class comment. */
  static String describe(Object value, boolean showValues) {
    if (value == null) {
      return "null";
    }
    String text = valueText(value);
    Class<?> type = value.getClass();
    if (text == null) {
      if (type.isArray()) {
        return type.getComponentType().getSimpleName() + "[" + Array.getLength(value) + "]";
      }
      return type.getSimpleName().isEmpty() ? type.getName() : type.getSimpleName();
    }
    if (showValues) {
      return type.isArray()
          ? type.getComponentType().getSimpleName() + "[" + Array.getLength(value) + "]"
          : shown(value, text);
    }
    if (type.isArray()) {
      return type.getComponentType().getSimpleName() + "[" + Array.getLength(value) + "]#"
          + Salted.hash(type.getName() + ':' + text);
    }
    String length = value instanceof String ? "(" + text.length() + " chars)" : "";
    return type.getSimpleName() + length + "#" + Salted.hash(type.getName() + ':' + text);
  }

  /** The value as the opted-in line shows it (strings cut at 40 characters). */
  private static String shown(Object value, String text) {
    if (value instanceof String) {
      return '"' + (text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "...") + '"';
    }
    if (value instanceof Character) {
      return "'" + text + "'";
    }
    if (value instanceof Enum) {
      return value.getClass().getSimpleName() + "." + text;
    }
    return text;
  }

  /**
   * The text of a JDK value (for a primitive array, its content), or {@code null} for anything
   * whose text would need application code.
   */
  private static String valueText(Object value) {
    if (value instanceof String) {
      return (String) value;
    }
    if (value instanceof Number && value.getClass().getName().startsWith("java.")
        || value instanceof Boolean || value instanceof Character) {
      return String.valueOf(value);
    }
    if (value instanceof Enum) {
      return ((Enum<?>) value).name();
    }
    Class<?> type = value.getClass();
    if (type.isArray() && type.getComponentType().isPrimitive()) {
      // Arrays.toString of a primitive array is the JDK's own code: no application code runs.
      return primitiveArrayText(value);
    }
    return null;
  }

  private static String primitiveArrayText(Object array) {
    if (array instanceof int[]) {
      return Arrays.toString((int[]) array);
    } else if (array instanceof long[]) {
      return Arrays.toString((long[]) array);
    } else if (array instanceof byte[]) {
      return Arrays.toString((byte[]) array);
    } else if (array instanceof char[]) {
      return Arrays.toString((char[]) array);
    } else if (array instanceof double[]) {
      return Arrays.toString((double[]) array);
    } else if (array instanceof float[]) {
      return Arrays.toString((float[]) array);
    } else if (array instanceof short[]) {
      return Arrays.toString((short[]) array);
    }
    return Arrays.toString((boolean[]) array);
  }

  /** A per-JVM salt and SHA-256, made only when a mismatch is first described. */
  private static final class Salted {
    private static final byte[] SALT = seed();

    private static byte[] seed() {
      byte[] salt = new byte[16];
      new SecureRandom().nextBytes(salt);
      return salt;
    }

    /** The first 32 bits of SHA-256(salt, text), in hex. */
    static String hash(String text) {
      try {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update(SALT);
        byte[] hash = digest.digest(text.getBytes(StandardCharsets.UTF_8));
        return String.format("%02x%02x%02x%02x", hash[0], hash[1], hash[2], hash[3]);
      } catch (NoSuchAlgorithmException e) {
        return "?"; // every JDK has SHA-256; never a value, whatever happens
      }
    }
  }
}
