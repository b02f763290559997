package dev.overclock.jvm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Methods that never returned while they were watched: frames continuously on their thread's
 * stack, such as {@code main}, a thread's run loop or a client loop. Timing such a frame counts
 * no call (it never completes one), and crediting it with the samples of the library code it
 * calls hides where time goes, so hot-method detection descends to the methods it calls instead.
 *
 * <h2>How a frame is known not to return</h2>
 *
 * For each thread, the frames that every stack seen of it shares, counted from the bottom of the
 * stack (the thread's entry point outwards): execution samples, and the stacks of its blocking
 * events (a pool thread parked between requests shows that its request handler returned). A
 * method in that common part of a thread seen at least {@link #MIN_SAMPLES} times over at least
 * {@link #MIN_SPAN_NANOS} has not returned once in all that time. A stack that JFR cut short
 * (deeper than its stack depth) has no bottom to compare and is not used. Besides, the live
 * detector {@link #declare declares} a timed method that completed no call while on the stack.
 *
 * <p>What samples cannot tell: a method called over and over, every time for the whole life of
 * its thread, looks the same as one that never returns. The methods it calls carry the time
 * then, which is still where the work is.
 */
final class ThreadRoots {

  /** A thread's shared frames say something once it was seen this often... */
  static final int MIN_SAMPLES = 10;

  /** ...over at least this long. */
  static final long MIN_SPAN_NANOS = 2_000_000_000L;

  private final int capacity;
  private final Map<Long, Root> threads = new HashMap<>();
  private final Map<String, String> declared = new LinkedHashMap<>();

  /** @param capacity threads tracked at most; later threads are not */
  ThreadRoots(int capacity) {
    this.capacity = capacity;
  }

  /**
   * One stack of a thread, top frame first.
   *
   * @param thread the Java thread id, negative when unknown (then nothing is learned)
   * @param atNanos when it was seen (epoch nanoseconds)
   * @param truncated whether JFR cut the stack short
   */
  void seen(long thread, long atNanos, List<Frame> frames, boolean truncated) {
    if (thread < 0 || truncated || frames.isEmpty()) {
      return;
    }
    Root root = threads.get(thread);
    if (root == null) {
      if (threads.size() >= capacity) {
        return;
      }
      root = new Root(frames, atNanos);
      threads.put(thread, root);
      return;
    }
    root.seen++;
    root.lastNanos = Math.max(root.lastNanos, atNanos);
    int shared = 0;
    int size = frames.size();
    while (shared < root.common.size() && shared < size
        && root.common.get(shared).equals(frames.get(size - 1 - shared).key())) {
      shared++;
    }
    if (shared < root.common.size()) {
      root.common.subList(shared, root.common.size()).clear();
    }
  }

  /** Records that a method was seen not to return, and why (the live detector's finding). */
  void declare(String key, String why) {
    declared.putIfAbsent(key, why);
  }

  /**
   * The methods that did not return while watched ({@link Frame#key} form), with why; only
   * methods the predicate accepts (application code).
   */
  Map<String, String> residents(ApplicationCode code) {
    Map<String, String> residents = new LinkedHashMap<>(declared);
    for (Root root : threads.values()) {
      if (root.seen < MIN_SAMPLES || root.lastNanos - root.firstNanos < MIN_SPAN_NANOS) {
        continue;
      }
      for (String key : root.common) {
        int colon = key.indexOf("::");
        if (colon > 0 && code.isApplication(key.substring(0, colon))) {
          residents.putIfAbsent(key, "never returned: on its thread's stack in all "
              + root.seen + " stacks seen of it over "
              + Math.round((root.lastNanos - root.firstNanos) / 1e9) + " s");
        }
      }
    }
    return residents;
  }

  /** One thread: the frame keys every stack of it shared, from the bottom. */
  private static final class Root {
    final List<String> common;
    final long firstNanos;
    long lastNanos;
    long seen = 1;

    Root(List<Frame> frames, long atNanos) {
      common = new ArrayList<>(frames.size());
      for (int i = frames.size() - 1; i >= 0; i--) {
        common.add(frames.get(i).key());
      }
      firstNanos = atNanos;
      lastNanos = atNanos;
    }
  }
}
