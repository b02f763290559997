package dev.overclock.jvm;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;

/**
 * For the few methods whose code the agent just changed, how many of the execution samples in
 * their own code ran in the interpreter and how many in compiled code: each JFR frame says which
 * ("Interpreted", "JIT compiled", "Inlined"). A retransformation throws a method's compiled code away; samples
 * that run it interpreted for seconds after the change are the JIT not having compiled it again,
 * and samples in compiled code again are the recompilation seen, without subscribing to {@code
 * jdk.Compilation} (whose threshold 0 streams thousands of events while an application warms
 * up).
 *
 * <p>Costs nothing while no method is watched (the usual case): a sample's frames are looked at
 * only while a change is being watched, a few seconds after each one. Samples arrive on the JFR
 * stream's thread and the windows are taken on it too; the methods watched are set there as well.
 */
public final class CompiledFrames {

  /** One watched method's samples of a window, by the kind of frame it ran in. */
  public record Kinds(long interpreted, long compiled) {

    /** Samples of either kind. */
    public long samples() {
      return interpreted + compiled;
    }

    /** The share of its samples that ran interpreted, 0 when it has none. */
    public double interpretedShare() {
      long samples = samples();
      return samples == 0 ? 0 : (double) interpreted / samples;
    }
  }

  private volatile Set<String> watched = Set.of();
  private final Map<String, long[]> counts = new HashMap<>();
  // When each method began to be watched (just after its change): JFR delivers samples up to a
  // second late, and those taken before the change ran the old, compiled code.
  private final Map<String, Instant> since = new HashMap<>();

  /**
   * The methods ({@link Frame#key} form) whose frames are counted from now on; empty for none.
   * A method newly watched counts samples taken from now on only.
   */
  public synchronized void watch(Set<String> keys) {
    watched = Set.copyOf(keys);
    counts.keySet().retainAll(watched);
    since.keySet().retainAll(watched);
    Instant now = Instant.now();
    for (String key : watched) {
      since.putIfAbsent(key, now);
    }
  }

  /**
   * An execution sample: when its top frame is a watched method (running its own code, not a
   * method it called), the kind of that frame. A method whose time goes to the code it calls
   * (a database driver, say) costs little when its own frame runs interpreted, so only its own
   * code counts.
   *
   * @param frames the stack's Java frames as {@link RecordedFrames#frames} gave them, top first
   */
  public void sample(Instant at, RecordedStackTrace stack, List<Frame> frames) {
    Set<String> keys = watched;
    if (keys.isEmpty() || stack == null || frames.isEmpty()
        || !keys.contains(frames.get(0).key())) {
      return;
    }
    for (RecordedFrame recorded : stack.getFrames()) {
      RecordedMethod method = recorded.getMethod();
      if (method == null || !recorded.isJavaFrame()) {
        continue; // as RecordedFrames skips it: the first Java frame is frames[0]
      }
      count(at, frames.get(0).key(), recorded.getType());
      return;
    }
  }

  private synchronized void count(Instant at, String key, String type) {
    Instant from = since.get(key);
    if (at != null && from != null && at.isBefore(from)) {
      return; // taken before the change
    }
    if ("Interpreted".equals(type)) {
      add(key, 1, 0);
    } else if ("JIT compiled".equals(type) || "Inlined".equals(type)) {
      add(key, 0, 1);
    }
  }

  /** Adds samples of a method as if JFR had seen them (tests, and readers of other sources). */
  public synchronized void add(String key, long interpreted, long compiled) {
    long[] kinds = counts.computeIfAbsent(key, k -> new long[2]);
    kinds[0] += interpreted;
    kinds[1] += compiled;
  }

  /** The watched methods' counts since the last call, by method key, and starts anew. */
  public synchronized Map<String, Kinds> take() {
    Map<String, Kinds> taken = new HashMap<>();
    counts.forEach((key, kinds) -> taken.put(key, new Kinds(kinds[0], kinds[1])));
    counts.clear();
    return taken;
  }
}
