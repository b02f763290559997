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
 * For each thread, the frames its stacks share, counted from the bottom of the stack (the thread's
 * entry point outwards), each since when it has been there without a break: execution samples,
 * and the stacks of its blocking events (a pool thread parked between requests shows that its
 * request handler returned). A method there in at least {@link #MIN_SAMPLES} stacks in a row over
 * at least {@link #MIN_SPAN_NANOS} has not returned once in all that time; a thread that moves on
 * to another phase (set-up, then a run loop) starts new streaks. A stack that JFR cut short
 * (deeper than its stack depth) has no bottom to compare and is not used. Besides, the live
 * detector {@link #declare declares} a timed method that completed no call while on the stack.
 *
 * <p>What samples cannot tell: a method called over and over by a loop, every sample inside it,
 * looks the same as one that never returns. So of two such frames on one thread (a loop and what
 * it calls), the inner one is not counted: it is timed, and the detector learns from its calls
 * whether it returns.
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
      root = new Root();
      threads.put(thread, root);
    }
    root.seen(frames, atNanos);
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
      List<Streak> found = new ArrayList<>();
      for (Streak streak : root.streaks) {
        long span = root.lastNanos - streak.sinceNanos;
        int colon = streak.key.indexOf("::");
        if (root.stacks(streak) >= MIN_SAMPLES && span >= MIN_SPAN_NANOS && colon > 0
            && code.isApplication(streak.key.substring(0, colon))) {
          found.add(streak);
        }
      }
      // The innermost of two such frames may be a method its caller's loop calls again and
      // again, each call as long as the watch so far: not known not to return. Timing it tells
      // (a frame that completes no call while timed is declared by the detector). A lambda
      // counts as such a caller (a thread's Runnable looping over a method), though it is never
      // declared itself.
      if (found.size() >= 2) {
        found.remove(found.size() - 1);
      }
      found.removeIf(streak -> streak.key.contains("lambda$"));
      for (Streak streak : found) {
        residents.putIfAbsent(streak.key, "never returned: on its thread's stack in all "
            + root.stacks(streak) + " stacks seen of it over "
            + Math.round((root.lastNanos - streak.sinceNanos) / 1e9) + " s");
      }
    }
    return residents;
  }

  /**
   * One thread: the frames its latest stacks share, from the bottom, each with the time and the
   * number of stacks since which it has been there without a break. A frame missing from one
   * stack returned (or was never there); its streak ends, and a later call starts a new one.
   *
   * <p>Every streak still in the list was in every stack since it began, so its count of stacks
   * is the thread's count now less the count it began at: counting a stack costs the walk to
   * where it differs from the thread's previous one (none when it is the same list, as for a
   * thread waiting in the same place), not an increment per frame.
   */
  private static final class Root {
    final List<Streak> streaks = new ArrayList<>();
    long lastNanos;
    /** The stacks seen of this thread. */
    long count;
    /** The previous stack, whose frames {@link #streaks} are, bottom first. */
    List<Frame> last;

    void seen(List<Frame> frames, long atNanos) {
      lastNanos = Math.max(lastNanos, atNanos);
      count++;
      if (frames == last) {
        return; // the same stack: every streak goes on
      }
      last = frames;
      int size = frames.size();
      int shared = 0;
      while (shared < streaks.size() && shared < size
          && streaks.get(shared).key.equals(frames.get(size - 1 - shared).key())) {
        shared++;
      }
      if (shared < streaks.size()) {
        streaks.subList(shared, streaks.size()).clear();
      }
      // Counted upwards: C2's loop-limit check on the downward loop failed on analyze's streams
      // (a deoptimisation, then the method compiled again); this loop has none.
      for (int k = shared; k < size; k++) {
        streaks.add(new Streak(frames.get(size - 1 - k).key(), atNanos, count));
      }
    }

    /** The stacks a streak of this thread has been in. */
    long stacks(Streak streak) {
      return count - streak.firstStack + 1;
    }
  }

  /**
   * A frame continuously on a thread's stack since {@code sinceNanos}, from the thread's stack
   * number {@code firstStack} on.
   */
  private static final class Streak {
    final String key;
    final long sinceNanos;
    final long firstStack;

    Streak(String key, long sinceNanos, long firstStack) {
      this.key = key;
      this.sinceNanos = sinceNanos;
      this.firstStack = firstStack;
    }
  }
}
