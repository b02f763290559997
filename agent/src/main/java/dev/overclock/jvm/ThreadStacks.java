package dev.overclock.jvm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * What a recording's stacks say about threads, for recommendations: which application frames
 * drive a thread (a loop that holds it for the whole run: nothing to recommend for it), and
 * which thread pools spend their threads waiting inside the application's tasks (a pool to run on
 * virtual threads).
 *
 * <h2>Driver frames</h2>
 *
 * Of each thread, the frames its stacks share counted from the bottom (its entry point outwards),
 * each with how long it has been there without a break and how long the thread waited (blocking
 * events) while it was. Two kinds of frame drive their thread, each there in at least {@link
 * #MIN_STACKS} stacks over at least {@link #MIN_SPAN_NANOS}:
 *
 * <ul>
 *   <li>the thread's outermost application frame: {@code main}, a thread's {@code run} loop, a
 *       client loop given to a thread;
 *   <li>on a thread that runs {@code main}, the application method {@code main} calls when the
 *       thread spends at least half of that frame's time waiting under it: the program's body
 *       that starts the work elsewhere and waits for it (a load driver joining its clients, a
 *       loop that submits tasks and sleeps).
 * </ul>
 *
 * What stacks cannot tell is whether a method deeper down returns: a method that a loop calls
 * over and over, with every stack inside it (a lock-guarded write, a computation, a call into a
 * library), looks continuous too. Such methods are what recommendations are for, so only the two
 * kinds above are taken for drivers.
 *
 * <h2>Pools</h2>
 *
 * A thread whose stack runs {@code ThreadPoolExecutor$Worker.run} is a pool's worker. Its
 * blocking events with an application frame on the stack are time its tasks waited; those
 * without are time it waited for a task (idle). Workers are grouped into pools by their names
 * with the trailing number replaced ({@code pool-1-thread-*}); a pool is named also by the
 * application frame that started its threads ({@code jdk.ThreadStart}'s stack). A pool whose
 * threads waited inside tasks for at least {@link #POOL_BLOCKED_SHARE} of their time and almost
 * never for a task is a pool whose every thread is blocked: on virtual threads, each task would
 * wait without holding a platform thread. At most {@link #MAX_THREADS} threads are tracked.
 *
 * <p>Fed by the offline analysis (every stack of a recording) and by the live stream (blocking
 * events, execution samples and thread starts).
 */
public final class ThreadStacks {

  static final int MAX_THREADS = 4_096;

  /** A frame drives its thread once it was seen this often without a break... */
  static final int MIN_STACKS = 3;

  /** ...over at least this long. */
  static final long MIN_SPAN_NANOS = 1_000_000_000L;

  /** Ended streaks are kept this near the bottom of a thread's stack, at most so many. */
  private static final int RETIRED_DEPTH = 8;

  private static final int MAX_RETIRED = 64;

  /** The share of its time a thread waits under {@code main}'s callee for it to drive. */
  static final double DRIVER_WAIT_SHARE = 0.5;

  /** A pool whose threads waited inside tasks this share of their time is blocked. */
  static final double POOL_BLOCKED_SHARE = 0.5;

  /** ...and waited for tasks at most this share of the time they waited inside tasks. */
  static final double POOL_IDLE_SHARE = 0.1;

  private static final String WORKER = "java.util.concurrent.ThreadPoolExecutor$Worker";

  /**
   * A pool whose threads all waited inside the application's tasks.
   *
   * @param threads the threads' name pattern ({@code pool-1-thread-*})
   * @param threadCount how many of its threads were seen
   * @param startedAt the application frame that started its threads, or {@code null}
   * @param waitedNanos time its threads waited inside tasks
   * @param spanNanos the time from its threads' first event to their last
   * @param method the application method its tasks waited in longest
   * @param methodNanos time its tasks waited in that method
   */
  public record BlockedPool(String threads, int threadCount, String startedAt, long waitedNanos,
      long spanNanos, Frame method, long methodNanos) {

    /** The share of its threads' time spent waiting inside tasks. */
    public double blockedShare() {
      return spanNanos <= 0 || threadCount == 0 ? 0
          : Math.min(1.0, (double) waitedNanos / ((double) spanNanos * threadCount));
    }
  }

  private final Predicate<String> application;
  private final Map<Long, Seen> threads = new HashMap<>();
  private final Map<Long, String> startedAt = new HashMap<>();
  /**
   * Each stack's innermost application frame ({@link #NONE} for none), by the identity of the
   * stack list a reader shares per stack, once {@link #stable} says the application test's
   * answers are final: a worker's every wait asked it of each frame. At most {@link #INNERMOST}
   * stacks, then forgotten.
   */
  private final Map<List<Frame>, Frame> innermost = new IdentityHashMap<>();
  private final BooleanSupplier stable;

  static final int INNERMOST = 16_384;
  private static final Frame NONE = new Frame("", "", "", 0);

  /** @param application whether a class is application code */
  public ThreadStacks(Predicate<String> application) {
    this(application, () -> false);
  }

  /**
   * @param application whether a class is application code
   * @param stable whether its answers are final and the stack lists shared, so that what is
   *     derived from a stack may be kept by the list's identity
   */
  public ThreadStacks(Predicate<String> application, BooleanSupplier stable) {
    this.application = application;
    this.stable = stable;
  }

  /**
   * A stack of a thread: an execution sample, or a blocking event (also one where the thread
   * waited for work in the JDK).
   *
   * @param thread the Java thread id, negative when unknown (then nothing is learned)
   * @param name the thread's name, or {@code null}
   * @param startNanos when the stack was seen (epoch nanoseconds)
   * @param waitedNanos how long the thread waited in it, 0 for an execution sample
   * @param truncated whether JFR cut the stack short (no bottom to compare: not used)
   */
  public synchronized void stack(long thread, String name, long startNanos, long waitedNanos, List<Frame> frames,
      boolean truncated) {
    if (thread < 0 || truncated || frames.isEmpty()) {
      return;
    }
    Seen seen = threads.get(thread);
    if (seen == null) {
      if (threads.size() >= MAX_THREADS) {
        return;
      }
      seen = new Seen();
      threads.put(thread, seen);
    }
    if (name != null) {
      seen.name = name;
    }
    seen.seen(frames, startNanos, Math.max(0, waitedNanos));
    if (waitedNanos > 0 && seen.worker) {
      Frame inner = innermostOf(frames);
      if (inner == null) {
        seen.idleNanos += waitedNanos;
      } else {
        seen.taskNanos += waitedNanos;
        seen.taskMethods.merge(inner.key(), waitedNanos, Long::sum);
        seen.frames.putIfAbsent(inner.key(), plain(inner));
      }
    }
  }

  /** A thread was started ({@code jdk.ThreadStart}), by a thread with this stack. */
  public synchronized void started(long thread, List<Frame> starter) {
    if (thread < 0 || startedAt.size() >= MAX_THREADS) {
      return;
    }
    Frame inner = innermostApplication(starter);
    if (inner != null) {
      startedAt.putIfAbsent(thread, inner.name() + (inner.line() > 0 ? ":" + inner.line() : ""));
    }
  }

  /** The application methods that drive their threads ({@link Frame#key} form), with why. */
  public synchronized Map<String, String> drivers() {
    Map<String, String> drivers = new LinkedHashMap<>();
    for (Seen seen : threads.values()) {
      int outermost = -1;
      for (int i = 0; i < seen.streaks.size() && outermost < 0; i++) {
        if (isApplication(seen.streaks.get(i).key)) {
          outermost = i;
        }
      }
      if (outermost < 0) {
        continue;
      }
      Streak entry = seen.streaks.get(outermost);
      if (lasting(seen, entry)) {
        drivers.putIfAbsent(entry.key, "the outermost application frame of its thread, on its"
            + " stack in all " + seen.stacks(entry) + " stacks seen of it");
      }
      if (!entry.key.contains("::main(")) {
        continue;
      }
      if (outermost + 1 < seen.streaks.size()) {
        mainBody(drivers, seen.ended(seen.streaks.get(outermost + 1)), seen.lastNanos);
      }
      // main's body may have returned before the recording ended (main then prints its result):
      // the streaks it left behind count as well
      for (Retired retired : seen.retired) {
        if (retired.parent().equals(entry.key)) {
          mainBody(drivers, retired.streak(), retired.endNanos());
        }
      }
    }
    return drivers;
  }

  private void mainBody(Map<String, String> drivers, Ended body, long endNanos) {
    long span = endNanos - body.sinceNanos();
    if (body.stacks() >= MIN_STACKS && span >= MIN_SPAN_NANOS && isApplication(body.key())
        && body.waitedNanos() >= DRIVER_WAIT_SHARE * span) {
      drivers.putIfAbsent(body.key(), "main's body: on its thread's stack in all "
          + body.stacks() + " stacks seen of it, the thread waiting under it "
          + Math.round(100.0 * body.waitedNanos() / span) + "% of that time");
    }
  }

  /** A streak that ended (its frame left the stack), under the frame {@code parent}. */
  private record Retired(String parent, Ended streak, long endNanos) {}

  /** A streak's figures as of its end (or now). */
  private record Ended(String key, long sinceNanos, long stacks, long waitedNanos) {}

  private static boolean lasting(Seen seen, Streak streak) {
    return seen.stacks(streak) >= MIN_STACKS
        && seen.lastNanos - streak.sinceNanos >= MIN_SPAN_NANOS;
  }

  private boolean isApplication(String key) {
    int colon = key.indexOf("::");
    return colon > 0 && application.test(key.substring(0, colon));
  }

  /** The pools whose threads all waited inside the application's tasks, most waiting first. */
  public synchronized List<BlockedPool> blockedPools() {
    Map<String, List<Map.Entry<Long, Seen>>> pools = new LinkedHashMap<>();
    for (Map.Entry<Long, Seen> entry : threads.entrySet()) {
      Seen seen = entry.getValue();
      if (seen.worker && seen.name != null) {
        pools.computeIfAbsent(seen.name.replaceAll("\\d+$", "*"), name -> new ArrayList<>())
            .add(entry);
      }
    }
    List<BlockedPool> blocked = new ArrayList<>();
    for (Map.Entry<String, List<Map.Entry<Long, Seen>>> pool : pools.entrySet()) {
      long first = Long.MAX_VALUE;
      long last = Long.MIN_VALUE;
      long waited = 0;
      long idle = 0;
      String started = null;
      Map<String, Long> byMethod = new HashMap<>();
      Map<String, Frame> frames = new HashMap<>();
      for (Map.Entry<Long, Seen> thread : pool.getValue()) {
        Seen seen = thread.getValue();
        first = Math.min(first, seen.firstNanos);
        last = Math.max(last, seen.lastNanos);
        waited += seen.taskNanos;
        idle += seen.idleNanos;
        seen.taskMethods.forEach((key, nanos) -> byMethod.merge(key, nanos, Long::sum));
        frames.putAll(seen.frames);
        started = started != null ? started : startedAt.get(thread.getKey());
      }
      String top = null;
      for (Map.Entry<String, Long> method : byMethod.entrySet()) {
        if (top == null || method.getValue() > byMethod.get(top)) {
          top = method.getKey();
        }
      }
      BlockedPool candidate = new BlockedPool(pool.getKey(), pool.getValue().size(), started,
          waited, last - first, top == null ? null : frames.get(top),
          top == null ? 0 : byMethod.get(top));
      if (top != null && candidate.blockedShare() >= POOL_BLOCKED_SHARE
          && idle <= POOL_IDLE_SHARE * waited) {
        blocked.add(candidate);
      }
    }
    blocked.sort((a, b) -> Long.compare(b.waitedNanos(), a.waitedNanos()));
    return blocked;
  }

  /** {@link #innermostApplication}, kept per stack list once {@link #stable}. */
  private Frame innermostOf(List<Frame> frames) {
    Frame known = innermost.get(frames);
    if (known != null) {
      return known == NONE ? null : known;
    }
    Frame inner = innermostApplication(frames);
    if (stable.getAsBoolean()) {
      if (innermost.size() >= INNERMOST) {
        innermost.clear();
      }
      innermost.put(frames, inner == null ? NONE : inner);
    }
    return inner;
  }

  private Frame innermostApplication(List<Frame> frames) {
    for (Frame frame : frames) {
      if (application.test(frame.className()) && !frame.methodName().startsWith("lambda$")) {
        return frame;
      }
    }
    return null;
  }

  private static Frame plain(Frame frame) {
    return new Frame(frame.className(), frame.methodName(), frame.descriptor(), 0);
  }

  /**
   * One thread: its name, its shared frames from the bottom, and, for a worker, its waits.
   *
   * <p>Every streak still in the list was in every stack since it began, so its count of stacks
   * and the time the thread waited while it was there are the thread's figures now less those
   * before it began: counting a stack costs the walk to where it differs from the thread's
   * previous one (none when it is the same list), not an update per frame.
   */
  private static final class Seen {
    final List<Streak> streaks = new ArrayList<>();
    // streaks near the bottom that lasted and ended, for main's body (bounded)
    final List<Retired> retired = new ArrayList<>();
    final Map<String, Long> taskMethods = new HashMap<>();
    final Map<String, Frame> frames = new HashMap<>();
    String name;
    boolean worker;
    long firstNanos = Long.MAX_VALUE;
    long lastNanos;
    long taskNanos;
    long idleNanos;
    /** The stacks seen of this thread, and the time it waited in them. */
    long count;
    long waited;
    /** The previous stack, whose frames {@link #streaks} are, bottom first. */
    List<Frame> last;

    void seen(List<Frame> frames, long startNanos, long waitedNanos) {
      long before = lastNanos;
      firstNanos = Math.min(firstNanos, startNanos);
      lastNanos = Math.max(lastNanos, startNanos + waitedNanos);
      long countBefore = count;
      long waitedBefore = waited;
      count++;
      waited += waitedNanos;
      if (frames == last) {
        return; // the same stack: every streak goes on (and the worker test was made)
      }
      last = frames;
      int size = frames.size();
      if (!worker) {
        for (Frame frame : frames) {
          if (frame.className().equals(WORKER)) {
            worker = true;
            break;
          }
        }
      }
      int shared = 0;
      while (shared < streaks.size() && shared < size
          && streaks.get(shared).key.equals(frames.get(size - 1 - shared).key())) {
        shared++;
      }
      if (shared < streaks.size()) {
        for (int i = Math.max(1, shared); i < Math.min(streaks.size(), RETIRED_DEPTH); i++) {
          Streak ended = streaks.get(i);
          // as of the previous stack, the streak's last
          if (countBefore - ended.firstStack + 1 >= MIN_STACKS && retired.size() < MAX_RETIRED) {
            retired.add(new Retired(streaks.get(i - 1).key, new Ended(ended.key,
                ended.sinceNanos, countBefore - ended.firstStack + 1,
                waitedBefore - ended.waitedBefore), before));
          }
        }
        streaks.subList(shared, streaks.size()).clear();
      }
      // Counted upwards: C2's loop-limit check on the downward loop failed on analyze's streams
      // (a deoptimisation, then the method compiled again); this loop has none.
      for (int k = shared; k < size; k++) {
        streaks.add(new Streak(frames.get(size - 1 - k).key(), startNanos, count, waitedBefore));
      }
    }

    /** The stacks a streak of this thread has been in so far. */
    long stacks(Streak streak) {
      return count - streak.firstStack + 1;
    }

    /** A streak's figures so far. */
    Ended ended(Streak streak) {
      return new Ended(streak.key, streak.sinceNanos, stacks(streak), waited - streak.waitedBefore);
    }
  }

  /**
   * A frame continuously on a thread's stack since {@code sinceNanos}, from the thread's stack
   * number {@code firstStack} on; the thread had waited {@code waitedBefore} before it.
   */
  private static final class Streak {
    final String key;
    final long sinceNanos;
    final long firstStack;
    final long waitedBefore;

    Streak(String key, long sinceNanos, long firstStack, long waitedBefore) {
      this.key = key;
      this.sinceNanos = sinceNanos;
      this.firstStack = firstStack;
      this.waitedBefore = waitedBefore;
    }
  }
}
