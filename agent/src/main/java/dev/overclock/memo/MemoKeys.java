package dev.overclock.memo;

import java.util.Arrays;
import java.util.Objects;

/**
 * Turns a call's arguments into a cache key with value equality: equal arguments, equal keys.
 *
 * <p>One argument that is not an array is its own key (no wrapper, no allocation beyond the
 * advice's boxing); no arguments share one key; two arguments neither of which is an array make a
 * {@link Two} (the advice passes them without an array); anything else is wrapped in an {@link
 * Args} key
 * that compares arrays by content ({@link Arrays#deepEquals}). Keys used only to look a call up
 * may share arrays with the caller; a key that is stored ({@link #stored}) holds its own deep
 * copy of every array, so that a caller who later changes its array cannot change the key.
 */
final class MemoKeys {

  /** The key of a call without arguments, and of a single {@code null} argument's absence. */
  static final Object NO_ARGUMENTS = new Marker("()");

  /** Stands for a single {@code null} argument, which a cache cannot hold as a key. */
  static final Object NULL = new Marker("null");

  private MemoKeys() {}

  /** The lookup key of these arguments (the array may be kept: the advice made it per call). */
  static Object of(Object[] arguments) {
    if (arguments.length == 0) {
      return NO_ARGUMENTS;
    }
    if (arguments.length == 1) {
      Object only = arguments[0];
      if (only == null) {
        return NULL;
      }
      if (!only.getClass().isArray()) {
        return only;
      }
    }
    return new Args(arguments);
  }

  /** The lookup key of a call of a method of one parameter: {@code of(new Object[] {only})}. */
  static Object of(Object only) {
    if (only == null) {
      return NULL;
    }
    return only.getClass().isArray() ? new Args(new Object[] {only}) : only;
  }

  /**
   * The lookup key of a call of a method of two parameters: equal to no key of another arity, and
   * for two values neither of which is an array a {@link Two}, which needs no array.
   */
  static Object of(Object first, Object second) {
    if (first != null && first.getClass().isArray()
        || second != null && second.getClass().isArray()) {
      return new Args(new Object[] {first, second});
    }
    return new Two(first, second);
  }

  /** The key to store: {@code key} itself, or a copy whose arrays nobody else can change. */
  static Object stored(Object key) {
    if (key instanceof Args) {
      Args args = (Args) key;
      Object[] copy = null;
      for (int i = 0; i < args.values.length; i++) {
        Object value = args.values[i];
        if (value != null && value.getClass().isArray()) {
          if (copy == null) {
            copy = args.values.clone();
          }
          copy[i] = deepCopy(value);
        }
      }
      return copy == null ? key : new Args(copy, args.hash);
    }
    if (key instanceof Receiver) {
      Receiver receiver = (Receiver) key;
      Object arguments = stored(receiver.arguments);
      return arguments == receiver.arguments ? key : new Receiver(receiver.token, arguments);
    }
    return key;
  }

  /** A copy of an array and, recursively, of the arrays it holds. */
  static Object deepCopy(Object array) {
    if (array instanceof Object[]) {
      Object[] copy = ((Object[]) array).clone();
      for (int i = 0; i < copy.length; i++) {
        if (copy[i] != null && copy[i].getClass().isArray()) {
          copy[i] = deepCopy(copy[i]);
        }
      }
      return copy;
    }
    if (array instanceof int[]) {
      return ((int[]) array).clone();
    }
    if (array instanceof long[]) {
      return ((long[]) array).clone();
    }
    if (array instanceof double[]) {
      return ((double[]) array).clone();
    }
    if (array instanceof byte[]) {
      return ((byte[]) array).clone();
    }
    if (array instanceof char[]) {
      return ((char[]) array).clone();
    }
    if (array instanceof boolean[]) {
      return ((boolean[]) array).clone();
    }
    if (array instanceof float[]) {
      return ((float[]) array).clone();
    }
    return ((short[]) array).clone();
  }

  /** Several arguments, or one array: compared element by element, arrays by content. */
  static final class Args {
    final Object[] values;
    private final int hash;

    Args(Object[] values) {
      this(values, Arrays.deepHashCode(values));
    }

    private Args(Object[] values, int hash) {
      this.values = values;
      this.hash = hash;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Args
          && ((Args) other).hash == hash
          && Arrays.deepEquals(((Args) other).values, values);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /** Two arguments, neither an array: compared with {@code equals}. Never changes once built. */
  static final class Two {
    final Object first;
    final Object second;
    private final int hash;

    Two(Object first, Object second) {
      this.first = first;
      this.second = second;
      this.hash = 31 * hash(first) + hash(second);
    }

    @Override
    public boolean equals(Object other) {
      if (!(other instanceof Two)) {
        return false;
      }
      Two two = (Two) other;
      return two.hash == hash && same(two.first, first) && same(two.second, second);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /**
   * The key of an instance method's call: the receiver's token (one per receiver object, by
   * identity, see {@link MemoMethod#token}) and the arguments' key. Results of one receiver are
   * never returned for another, even when the two are equal.
   */
  static final class Receiver {
    final Object token;
    final Object arguments;

    Receiver(Object token, Object arguments) {
      this.token = token;
      this.arguments = arguments;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Receiver
          && ((Receiver) other).token == token
          && same(((Receiver) other).arguments, arguments);
    }

    @Override
    public int hashCode() {
      return 31 * System.identityHashCode(token) + hash(arguments);
    }
  }

  /**
   * {@link Objects#hashCode}, with the common argument types tested first: in a method shared by
   * every key, {@code hashCode()} is a call the JIT cannot inline (it has seen many types there),
   * while a test of the exact class of a final JDK type lets it inline that type's hash.
   */
  static int hash(Object value) {
    if (value == null) {
      return 0;
    }
    Class<?> type = value.getClass();
    if (type == Long.class) {
      return Long.hashCode((Long) value);
    }
    if (type == Integer.class) {
      return (Integer) value;
    }
    if (type == String.class) {
      return ((String) value).hashCode();
    }
    return value.hashCode();
  }

  /** {@link Objects#equals}, the common argument types tested first (see {@link #hash}). */
  static boolean same(Object a, Object b) {
    if (a == b) {
      return true;
    }
    if (a == null || b == null) {
      return false;
    }
    Class<?> type = a.getClass();
    if (type == Long.class) {
      return b.getClass() == Long.class && ((Long) a).longValue() == ((Long) b).longValue();
    }
    if (type == Integer.class) {
      return b.getClass() == Integer.class && ((Integer) a).intValue() == ((Integer) b).intValue();
    }
    if (type == String.class) {
      return ((String) a).equals(b);
    }
    return a.equals(b);
  }

  /** A key that only equals itself. */
  private static final class Marker {
    private final String name;

    Marker(String name) {
      this.name = name;
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
