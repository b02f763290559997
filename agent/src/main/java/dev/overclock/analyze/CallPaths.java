package dev.overclock.analyze;

import dev.overclock.jvm.Frame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The call paths that lead to each sample's self method: the application frames of the stack,
 * outermost first, keyed by the self method. Bounded: at most {@code max} distinct paths, and
 * each at most {@link #DEPTH} frames (the outermost are cut).
 */
final class CallPaths {

  static final int DEPTH = 12;

  /** The most stacks whose counter is kept ({@link #byStack}), then forgotten. */
  static final int STACKS = 16_384;

  /** The counter of a stack without application frames: such samples count nowhere. */
  private static final long[] NOWHERE = new long[0];

  private final Predicate<String> application;
  private final BooleanSupplier settled;
  private final int max;
  private final Map<String, Map<List<String>, long[]>> byMethod = new HashMap<>();
  /**
   * Each stack's path counter, by the stack list's identity (the reader shares one list per
   * stack trace): building the path walks the stack with an application test per frame, for
   * every execution sample. Kept only once {@code settled} says the test's answers are final.
   */
  private final Map<List<Frame>, long[]> byStack = new IdentityHashMap<>();
  private int distinct;

  /**
   * @param settled whether {@code application} gives its final answers and the stack lists
   *     given are shared per stack: the counter of each stack may then be kept
   */
  CallPaths(Predicate<String> application, int max, BooleanSupplier settled) {
    this.application = application;
    this.max = max;
    this.settled = settled;
  }

  /** One execution sample, top frame first. */
  void add(List<Frame> stack) {
    long[] known = byStack.get(stack);
    if (known != null) {
      if (known != NOWHERE) {
        known[0]++;
      }
      return;
    }
    long[] count = counter(stack);
    if (count == null) {
      return;
    }
    if (count != NOWHERE) {
      count[0]++;
    }
    if (settled.getAsBoolean()) {
      if (byStack.size() >= STACKS) {
        byStack.clear();
      }
      byStack.put(stack, count);
    }
  }

  /** The stack's counter, {@link #NOWHERE}, or null when the table is full without its path. */
  private long[] counter(List<Frame> stack) {
    List<String> path = new ArrayList<>();
    String self = null;
    for (Frame frame : stack) {
      if (!application.test(frame.className())) {
        continue;
      }
      if (self == null) {
        self = frame.key();
      }
      if (path.size() < DEPTH) {
        path.add(frame.name());
      }
    }
    if (self == null) {
      return NOWHERE;
    }
    java.util.Collections.reverse(path);
    Map<List<String>, long[]> paths = byMethod.computeIfAbsent(self, key -> new HashMap<>());
    long[] count = paths.get(path);
    if (count == null) {
      if (distinct >= max) {
        return null;
      }
      distinct++;
      count = new long[1];
      paths.put(List.copyOf(path), count);
    }
    return count;
  }

  /** The {@code n} most sampled paths into a method (by key), most first. */
  List<Map.Entry<List<String>, Long>> top(String key, int n) {
    Map<List<String>, long[]> paths = byMethod.getOrDefault(key, Map.of());
    List<Map.Entry<List<String>, Long>> all = new ArrayList<>();
    for (Map.Entry<List<String>, long[]> entry : paths.entrySet()) {
      all.add(Map.entry(entry.getKey(), entry.getValue()[0]));
    }
    all.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
    return all.subList(0, Math.min(n, all.size()));
  }
}
