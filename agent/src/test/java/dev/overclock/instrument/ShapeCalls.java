package dev.overclock.instrument;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Calls of {@link fixture.WeaveShapes}' methods by name, and what each gave, for the tests of the
 * direct weave to compare a woven copy with the original.
 */
final class ShapeCalls {

  static final String SHAPES = "fixture.WeaveShapes";

  /** One call: a method and its arguments. */
  record Call(String method, Object... arguments) {}

  /** Calls of every shape: each return type, exceptions thrown and handled, loops, recursion. */
  static final List<Call> CALLS = List.of(
      new Call("add", 2, 3),
      new Call("mix", 3L, 1.5, 4),
      new Call("named", "x-"),
      new Call("bump"),
      new Call("bumps"),
      new Call("loopAtStart", 25),
      new Call("loopAtStart", 5),
      new Call("tryFinally", 4),
      new Call("tryFinally", -2),
      new Call("synchronizedTwice", 21),
      new Call("kind", 0), new Call("kind", 1), new Call("kind", 3), new Call("kind", 1000),
      new Call("kind", -5), new Call("kind", 7),
      new Call("checked", 1),
      new Call("checked", -1),
      new Call("rethrown", 5),
      new Call("rethrown", 0),
      new Call("range", 5),
      new Call("even", 4), new Call("even", 3),
      new Call("initial", "abc"), new Call("initial", ""),
      new Call("low", 300),
      new Call("half", (short) 9),
      new Call("ratio", 1f, 4f), new Call("ratio", 1f, 0f),
      new Call("factorial", 15),
      new Call("supplied", "hi"),
      new Call("nested", 6, 7),
      new Call("neverReturns", 3),
      new Call("objects", "a", 1));

  /** What a call gave: its value, or the class and message of what it threw (and its cause's). */
  record Outcome(Object value, String thrown) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Outcome that && Objects.deepEquals(value, that.value)
          && Objects.equals(thrown, that.thrown);
    }

    @Override
    public int hashCode() {
      return Objects.hash(thrown);
    }

    @Override
    public String toString() {
      return value instanceof Object[] array ? Arrays.deepToString(array)
          : value instanceof int[] ints ? Arrays.toString(ints) : value + " / " + thrown;
    }
  }

  private ShapeCalls() {}

  static Outcome invoke(Class<?> type, Object instance, Call call) throws Exception {
    for (Method method : type.getDeclaredMethods()) {
      if (method.getName().equals(call.method())
          && method.getParameterCount() == call.arguments().length) {
        try {
          boolean isStatic = Modifier.isStatic(method.getModifiers());
          return new Outcome(method.invoke(isStatic ? null : instance, call.arguments()), null);
        } catch (InvocationTargetException e) {
          Throwable thrown = e.getCause();
          Throwable cause = thrown.getCause();
          return new Outcome(null, thrown.getClass().getName() + ": " + thrown.getMessage()
              + (cause == null ? "" : " <- " + cause.getClass().getName()));
        }
      }
    }
    throw new NoSuchMethodException(call.method());
  }

  static byte[] classFile(String name) throws IOException {
    try (InputStream in = ShapeCalls.class.getClassLoader()
        .getResourceAsStream(name.replace('.', '/') + ".class")) {
      return in.readAllBytes();
    }
  }
}
