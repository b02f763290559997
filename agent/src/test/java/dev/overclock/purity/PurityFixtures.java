package dev.overclock.purity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntUnaryOperator;

/**
 * Small look-alike methods for {@link PurityGateTest}: each impure one differs from a pure one in
 * one way the gate must see. Never run, only read as class files.
 */
@SuppressWarnings({"unused", "UnusedReturnValue"})
final class PurityFixtures {

  private PurityFixtures() {}

  static final class Fib {
    static long fib(int n) {
      return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }
  }

  static final class WritesStatic {
    static int last;

    static int twice(int x) {
      last = x;
      return x * 2;
    }
  }

  static final class ReadsStatic {
    static int factor = 3;

    static int times(int x) {
      return x * factor;
    }
  }

  static final class ArrayStore {
    static int fillFirst(int[] values, int x) {
      values[0] = x;
      return x;
    }

    /** Writes only into an array it created, through a helper: pure. */
    static int sumOfSquares(int n) {
      int[] squares = new int[n];
      fill(squares);
      int sum = 0;
      for (int square : squares) {
        sum += square;
      }
      return sum;
    }

    private static void fill(int[] values) {
      for (int i = 0; i < values.length; i++) {
        values[i] = i * i;
      }
    }
  }

  static final class ArrayCopy {
    static int copyInto(int[] target, int x) {
      int[] source = {x, x + 1};
      System.arraycopy(source, 0, target, 0, 2);
      return x;
    }

    static int copyLocal(int x) {
      int[] source = {x, x + 1};
      int[] target = new int[2];
      System.arraycopy(source, 0, target, 0, 2);
      return target[0] + target[1];
    }
  }

  static final class LazyCache {
    private String rendered;

    String render(int x) {
      if (rendered == null) {
        rendered = "value " + x;
      }
      return rendered;
    }
  }

  static final class StaticLazyCache {
    private static Map<Integer, Long> cache;

    static long square(int x) {
      if (cache == null) {
        cache = new HashMap<>();
      }
      return cache.computeIfAbsent(x, k -> (long) k * k);
    }
  }

  static final class Clock {
    static long stamp(int x) {
      return x + System.nanoTime();
    }
  }

  static final class MutableStaticList {
    static final List<String> NAMES = new ArrayList<>();

    static List<String> names(int n) {
      return NAMES;
    }
  }

  static final class Collections {
    static List<Integer> fresh(int n) {
      List<Integer> list = new ArrayList<>();
      list.add(n);
      return list;
    }

    static List<Integer> unmodifiable(int n) {
      return List.of(n, n + 1);
    }
  }

  static final class Randoms {
    static int seeded(int seed) {
      return new Random(seed).nextInt();
    }

    static int threadLocal(int bound) {
      return ThreadLocalRandom.current().nextInt(bound);
    }
  }

  static final class Synchronized {
    static synchronized int method(int x) {
      return x + 1;
    }

    static int block(int x) {
      synchronized (Synchronized.class) {
        return x + 1;
      }
    }
  }

  record Point(int x, int y) {}

  static final class Records {
    static int manhattan(Point p) {
      return Math.abs(p.x()) + Math.abs(p.y());
    }
  }

  static final class ArrayArgument {
    static int sum(int[] values) {
      int sum = 0;
      for (int value : values) {
        sum += value;
      }
      return sum;
    }
  }

  /** Not final and no equals: arguments of this type would be compared by identity. */
  static class Box {
    int value;
  }

  static final class Arguments {
    static int unbox(Box box) {
      return 1;
    }
  }

  static final class Builders {
    static String label(int x, String name) {
      StringBuilder text = new StringBuilder();
      text.append(name).append('#').append(x);
      return text.toString();
    }

    static String concat(int x, String name) {
      return name + "#" + x;
    }

    static StringBuilder appendTo(StringBuilder text, int x) {
      return text.append(x);
    }
  }

  static class Overridable {
    int base(int x) {
      return x;
    }

    int callsBase(int x) {
      return base(x) + 1;
    }
  }

  static final class Via {
    static int outer(int x) {
      return middle(x) + 1;
    }

    private static int middle(int x) {
      return inner(x) * 2;
    }

    private static int inner(int x) {
      return (int) (x + System.currentTimeMillis());
    }
  }

  static final class Io {
    static int print(int x) {
      System.out.println(x);
      return x;
    }
  }

  static final class ThreadLocals {
    private static final ThreadLocal<StringBuilder> BUFFER =
        ThreadLocal.withInitial(StringBuilder::new);

    static String format(int x) {
      return String.valueOf(x);
    }

    static int length(int x) {
      return BUFFER.get().append(x).length();
    }
  }

  static final class Reflection {
    static String name(String className) throws ClassNotFoundException {
      return Class.forName(className).getName();
    }
  }

  static final class Natives {
    static native int twice(int x);
  }

  static final class Lambdas {
    static int nonCapturing(int x) {
      IntUnaryOperator square = v -> v * v;
      return square(x);
    }

    private static int square(int x) {
      return x * x;
    }

    static int capturing(int x) {
      IntUnaryOperator plus = v -> v + x;
      return plus.applyAsInt(1);
    }
  }

  static final class Receiver {
    private final int scale;

    Receiver(int scale) {
      this.scale = scale;
    }

    int scaled(int x) {
      return x * scale;
    }
  }

  enum Color {
    RED,
    GREEN;

    static int count(int x) {
      return values().length + x;
    }
  }

  static final class Deep {
    static int a(int x) {
      return b(x) + 1;
    }

    static int b(int x) {
      return c(x) + 1;
    }

    static int c(int x) {
      return x + 1;
    }
  }

  static final class Pair {
    final int first;
    final int second;

    Pair(int first, int second) {
      this.first = first;
      this.second = second;
    }

    static int build(int x) {
      Pair pair = new Pair(x, x + 1);
      return pair.first + pair.second;
    }
  }

  static final class Counter {
    private int last;

    int remember(int x) {
      last = x;
      return x;
    }
  }

  static final class Money {
    final long cents;

    Money(long cents) {
      this.cents = cents;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Money && ((Money) other).cents == cents;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(cents);
    }
  }

  static final class NoEquals {
    final long cents;

    NoEquals(long cents) {
      this.cents = cents;
    }
  }

  record Holder(int[] values) {}

  enum Level {
    LOW;
    int uses;
  }

  static final class Values {
    static long doubled(Money money) {
      return money.cents * 2;
    }

    static long identity(NoEquals value) {
      return value.cents;
    }

    static int first(Holder holder) {
      return 0;
    }

    static int level(Level level) {
      return 0;
    }

    static int code(Color color) {
      switch (color) {
        case RED:
          return 1;
        default:
          return 2;
      }
    }

    static int red(int x) {
      return Color.RED.ordinal() + x;
    }
  }

  static final class Iteration {
    static int sum(int x) {
      int sum = 0;
      for (int value : List.of(x, x + 1, x + 2)) {
        sum += value;
      }
      return sum;
    }

    static int removeFromUnmodifiable(int x) {
      Iterator<Integer> it = List.of(x).iterator();
      it.next();
      it.remove();
      return x;
    }

    static int copyChars(String text) {
      char[] target = buffer(text.length());
      text.getChars(0, text.length(), target, 0);
      return target.length;
    }

    static int copyCharsLocal(String text) {
      char[] target = new char[text.length()];
      text.getChars(0, text.length(), target, 0);
      return target.length;
    }

    private static char[] buffer(int length) {
      return new char[length];
    }
  }

  static final class Nothing {
    static void run(int x) {}
  }
}
