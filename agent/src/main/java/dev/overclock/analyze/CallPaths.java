package dev.overclock.analyze;

import dev.overclock.jvm.Frame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The call paths that lead to each sample's self method: the application frames of the stack,
 * outermost first, keyed by the self method. Bounded: at most {@code max} distinct paths, and
 * each at most {@link #DEPTH} frames (the outermost are cut).
 */
final class CallPaths {

  static final int DEPTH = 12;

  private final Predicate<String> application;
  private final int max;
  private final Map<String, Map<List<String>, long[]>> byMethod = new HashMap<>();
  private int distinct;

  CallPaths(Predicate<String> application, int max) {
    this.application = application;
    this.max = max;
  }

  /** One execution sample, top frame first. */
  void add(List<Frame> stack) {
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
      return;
    }
    java.util.Collections.reverse(path);
    Map<List<String>, long[]> paths = byMethod.computeIfAbsent(self, key -> new HashMap<>());
    long[] count = paths.get(path);
    if (count == null) {
      if (distinct >= max) {
        return;
      }
      distinct++;
      count = new long[1];
      paths.put(List.copyOf(path), count);
    }
    count[0]++;
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
