package dev.overclock.analyze;

import dev.overclock.jvm.Frame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Blocked time by the innermost application method on the waiting thread's stack: where the
 * application waited, to find methods worth offloading even when they barely show in execution
 * samples (a thread that waits is not sampled). At most {@code max} methods.
 */
final class BlockedMethods {

  record Entry(Frame method, long nanos, long events) {}

  private final int max;
  private final Map<String, Entry> methods = new HashMap<>();

  BlockedMethods(int max) {
    this.max = max;
  }

  void add(Frame method, long nanos) {
    String key = method.key();
    Entry entry = methods.get(key);
    if (entry == null && methods.size() >= max) {
      return;
    }
    Frame plain = new Frame(method.className(), method.methodName(), method.descriptor(), 0);
    methods.put(key, entry == null ? new Entry(plain, Math.max(0, nanos), 1)
        : new Entry(entry.method(), entry.nanos() + Math.max(0, nanos), entry.events() + 1));
  }

  /** The {@code n} methods that waited longest, longest first. */
  List<Entry> top(int n) {
    List<Entry> all = new ArrayList<>(methods.values());
    all.sort((a, b) -> a.nanos() != b.nanos() ? Long.compare(b.nanos(), a.nanos())
        : a.method().key().compareTo(b.method().key()));
    return all.subList(0, Math.min(n, all.size()));
  }
}
