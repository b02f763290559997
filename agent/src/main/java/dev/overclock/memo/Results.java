package dev.overclock.memo;

import java.lang.reflect.Array;
import java.util.Objects;

/**
 * Compares a fresh result with a cached one, and describes values for the one line a failed
 * verification prints.
 *
 * <p>Descriptions never call application code: {@code toString} of an application object may be
 * slow, have side effects or throw. Only JDK value types (numbers, strings, characters, booleans,
 * enums' names) are shown with their value; arrays by type and length; anything else by its
 * class's simple name.
 */
final class Results {

  private static final int MAX_TEXT = 40;

  private Results() {}

  /** Whether the two results are the same value: {@code equals}, arrays compared deeply. */
  static boolean same(Object cached, Object fresh) {
    return Objects.deepEquals(cached, fresh);
  }

  /** The arguments of a call, as {@code ("A-1", 3, int[4])}. */
  static String arguments(Object[] arguments) {
    StringBuilder text = new StringBuilder("(");
    for (int i = 0; i < arguments.length; i++) {
      if (i > 0) {
        text.append(", ");
      }
      text.append(describe(arguments[i]));
    }
    return text.append(')').toString();
  }

  /** One value, safely: see the class comment. */
  static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String) {
      String text = (String) value;
      return '"' + (text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "...") + '"';
    }
    if (value instanceof Number && value.getClass().getName().startsWith("java.")
        || value instanceof Boolean) {
      return String.valueOf(value);
    }
    if (value instanceof Character) {
      return "'" + value + "'";
    }
    if (value instanceof Enum) {
      return value.getClass().getSimpleName() + "." + ((Enum<?>) value).name();
    }
    Class<?> type = value.getClass();
    if (type.isArray()) {
      return type.getComponentType().getSimpleName() + "[" + Array.getLength(value) + "]";
    }
    return type.getSimpleName().isEmpty() ? type.getName() : type.getSimpleName();
  }
}
