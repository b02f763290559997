package dev.overclock.offload;

import dev.overclock.bootstrap.PoolLane;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the tasks of one substituted pool: first on the pool's own platform threads while their
 * CPU share is measured, then on virtual threads if they wait (else on platform threads for good),
 * at most {@link AdaptiveLimit#limit} at once, the rest waiting in order.
 *
 * <h2>The pool's contract</h2>
 *
 * A task is refused ({@link #REJECT}) exactly when the original pool would refuse it: when the
 * tasks it holds (running and waiting) reach its threads plus its queue's capacity; after a
 * shutdown {@link #offer} answers {@link #PLATFORM}, so that the pool itself rejects as it always
 * did. Virtual threads are named with the prefix of the pool's own threads, carry their
 * uncaught-exception handler, and, when the pool's threads are not daemons, a platform thread that
 * is not a daemon either lives while virtual tasks are held, so that the JVM does not exit under
 * them (virtual threads are always daemons).
 *
 * <p>The count of held tasks, the waits on it and that platform thread are {@link HeldTasks}.
 */
final class VirtualLane implements PoolLane {

  enum State { PROBING, VIRTUAL, PLATFORM }

  private final ThreadPoolExecutor pool;
  private final String site;
  private final PoolSubstitution owner;
  private final AdaptiveLimit limit;
  private final int capacity;
  private final ThreadFactory threads;
  private final String prefix;
  private final int coreSize;
  private final int maxSize;
  private final int queueCapacity;
  private final PoolStats stats = new PoolStats();
  private static final AtomicLong CREATED = new AtomicLong();
  private final long order = CREATED.incrementAndGet();

  private volatile State state = State.PROBING;
  private volatile String reason = "measuring the first tasks on platform threads";
  // auto=optimize's gain check found the move to virtual threads paid: a permanent change
  private volatile boolean movePaid;

  /** A task held until the limit lets it start, since {@code since} ({@code System.nanoTime}). */
  private record Queued(Runnable task, long since) {}

  private final Queue<Queued> waiting = new ConcurrentLinkedQueue<>();
  private final AtomicInteger running = new AtomicInteger();
  private final HeldTasks held;
  private final Set<Thread> runningThreads = ConcurrentHashMap.newKeySet();
  private final AtomicLong virtualTasks = new AtomicLong();
  private final AtomicLong platformTasks = new AtomicLong();
  private final AtomicInteger pinned = new AtomicInteger();
  private volatile String pinnedFrame;
  private volatile boolean shutdown;

  private final PlatformProbe probe;

  // auto=optimize: the platform baseline (the saturated rate), a move the probe decided that
  // waits for it, and, after the move, the check that it paid
  private final PlatformBaseline baseline;
  private volatile PlatformProbe.Verdict pendingMove;
  private volatile GainCheck gainCheck;
  private final int ownSize;
  // auto=optimize, at the move: the baseline the gain check compares with (-1: none)
  private volatile double platformPerSecond = -1;
  private volatile double platformTaskNanos = -1;

  /**
   * @param leftAlone {@code null} to measure the first tasks and decide; else why the pool stays
   *     on its platform threads for good (its tasks are still counted for the report)
   */
  VirtualLane(ThreadPoolExecutor pool, String site, PoolSubstitution owner, int hardMax,
      String leftAlone) {
    this(pool, site, owner, hardMax, leftAlone, false);
  }

  /**
   * @param onEvidence {@code auto=optimize}: the pool moves to virtual threads only when its
   *     measured tasks wait and tasks also waited in its queue (its threads were all busy); a
   *     pool that waits but never queues is measured again, one task in {@link
   *     PoolStats#SAMPLE_EVERY}, until it does
   */
  VirtualLane(ThreadPoolExecutor pool, String site, PoolSubstitution owner, int hardMax,
      String leftAlone, boolean onEvidence) {
    this.probe = new PlatformProbe(onEvidence);
    this.pool = pool;
    this.site = site;
    this.owner = owner;
    int max = pool.getMaximumPoolSize();
    int queueCapacity = pool.getQueue().remainingCapacity();
    this.coreSize = pool.getCorePoolSize();
    this.maxSize = max;
    this.queueCapacity = queueCapacity == Integer.MAX_VALUE ? -1 : queueCapacity;
    boolean unboundedQueue = queueCapacity == Integer.MAX_VALUE;
    // What the original runs at once: its core size with an unbounded queue (it never grows past
    // it), else up to its maximum.
    int own = unboundedQueue ? Math.max(1, pool.getCorePoolSize()) : max;
    this.ownSize = own;
    this.baseline = onEvidence ? new PlatformBaseline(own) : null;
    this.capacity = unboundedQueue || max == Integer.MAX_VALUE
        ? Integer.MAX_VALUE
        : (int) Math.min(Integer.MAX_VALUE, (long) max + queueCapacity);
    int ceiling = hardMax > 0 ? hardMax : Integer.MAX_VALUE;
    this.limit = new AdaptiveLimit(own == Integer.MAX_VALUE ? ceiling : own, ceiling);
    Thread sample = null;
    try {
      sample = pool.getThreadFactory().newThread(() -> {});
    } catch (RuntimeException e) {
      // a factory that refuses outside its own pool: default names below
    }
    String prefix = sample == null ? "pool-virtual-" : prefixOf(sample.getName());
    this.held = new HeldTasks(sample == null || !sample.isDaemon());
    Thread.UncaughtExceptionHandler handler = null;
    if (sample != null && sample.getUncaughtExceptionHandler() != sample.getThreadGroup()) {
      handler = sample.getUncaughtExceptionHandler(); // the factory set one
    }
    this.prefix = prefix;
    if (leftAlone != null) {
      this.state = State.PLATFORM;
      this.reason = leftAlone;
      this.threads = null;
    } else {
      // null where the JDK has none: such a lane never moves (only tests build one there)
      this.threads = VirtualThreadFactories.available()
          ? VirtualThreadFactories.named(prefix, 1, handler) : null;
    }
  }

  /** {@code pool-1-thread-7} -> {@code pool-1-thread-}: the name without its trailing number. */
  static String prefixOf(String name) {
    int end = name.length();
    while (end > 0 && Character.isDigit(name.charAt(end - 1))) {
      end--;
    }
    return end == name.length() ? name + "-" : name.substring(0, end);
  }

  String site() {
    return site;
  }

  /** Lanes in the order their pools were created. */
  long order() {
    return order;
  }

  State state() {
    return state;
  }

  String reason() {
    return reason;
  }

  int limit() {
    return limit.limit();
  }

  int highestLimit() {
    return limit.highest();
  }

  long virtualTasks() {
    return virtualTasks.get();
  }

  long platformTasks() {
    return platformTasks.get();
  }

  int pinnedEvents() {
    return pinned.get();
  }

  String pinnedFrame() {
    return pinnedFrame;
  }

  /** {@code auto=optimize}: the saturated rate on platform threads before the move; -1 none. */
  double platformPerSecond() {
    return platformPerSecond;
  }

  /** {@code auto=optimize}: the mean time a task ran on platform threads before the move. */
  double platformTaskNanos() {
    return platformTaskNanos;
  }

  /** How many tasks the pool runs at once on its own threads. */
  int ownSize() {
    return ownSize;
  }

  /** What became of the pool and what its tasks did, now. */
  PoolSnapshot snapshot() {
    State now = state;
    return new PoolSnapshot(site,
        now == State.PROBING ? "measuring" : now.name().toLowerCase(java.util.Locale.ROOT),
        reason, coreSize, maxSize, queueCapacity, virtualTasks.get(), platformTasks.get(),
        stats.running(), stats.maxRunning(), waiting.size() + pool.getQueue().size(),
        limit.limit(), limit.lowest(), limit.highest(), limit.changes(), limit.recentChanges(),
        stats.queueTimes(), stats.taskTimes(), pinned.get(), pinnedFrame, stats.evidence(),
        movePaid && now == State.VIRTUAL);
  }

  /** Whether a thread of this name could be one of the lane's virtual threads. */
  boolean ownsName(String threadName) {
    return threadName != null && threadName.startsWith(prefix)
        && threadName.length() > prefix.length()
        && threadName.substring(prefix.length()).chars().allMatch(Character::isDigit);
  }

  /** Whether this thread is one of the lane's virtual threads running a task. */
  boolean runs(Thread thread) {
    return runningThreads.contains(thread);
  }

  @Override
  public int offer(Runnable task) {
    if (state != State.VIRTUAL || shutdown) {
      return PLATFORM;
    }
    for (;;) {
      int now = held.count();
      if (now >= capacity) {
        if (pool.getRejectedExecutionHandler() instanceof ThreadPoolExecutor.DiscardOldestPolicy) {
          Queued oldest = waiting.poll();
          if (oldest != null) {
            held.drop();
            continue;
          }
        }
        return REJECT;
      }
      if (held.hold(now)) {
        break;
      }
    }
    waiting.offer(new Queued(task, System.nanoTime()));
    held.keepJvmAlive();
    drain();
    return TAKEN;
  }

  /** Starts waiting tasks while the limit allows. */
  private void drain() {
    for (;;) {
      int now = running.get();
      if (now >= limit.limit() || waiting.isEmpty()) {
        return;
      }
      if (!running.compareAndSet(now, now + 1)) {
        continue;
      }
      Queued queued = waiting.poll();
      if (queued == null) {
        running.decrementAndGet();
        continue;
      }
      Runnable task = queued.task();
      stats.waitedInQueue(System.nanoTime() - queued.since());
      try {
        threads.newThread(() -> run(task)).start();
      } catch (RuntimeException | Error e) {
        // the JVM cannot start a thread now: the task runs on the pool's platform threads
        running.decrementAndGet();
        held.drop();
        owner.failed(e);
        pool.getQueue().offer(task);
        pool.prestartCoreThread();
      }
    }
  }

  private void run(Runnable task) {
    Thread self = Thread.currentThread();
    runningThreads.add(self);
    stats.started();
    long start = System.nanoTime();
    try {
      task.run(); // what it throws goes to the thread's uncaught-exception handler, as before
    } finally {
      long nanos = System.nanoTime() - start;
      runningThreads.remove(self);
      virtualTasks.incrementAndGet();
      stats.ended(nanos);
      checkGain(nanos);
      limit.completed(nanos, running.get());
      running.decrementAndGet();
      held.release();
      drain();
    }
  }

  @Override
  public void beforePlatform(Thread thread, Runnable task) {
    platformTasks.incrementAndGet();
    stats.started();
    if (state == State.PROBING && probe.onEvidence() && !pool.getQueue().isEmpty()) {
      probe.sawQueue(); // a task waited for a free thread of the pool
    }
    State now = state;
    // A pool that settled on platform threads samples rarely; one left alone from the start (no
    // virtual threads on this JDK) keeps sampling: its evidence is what the report is for.
    if (stats.sampleNext(now == State.PLATFORM && threads != null)
        || (now == State.PROBING && !probe.remeasuring() && pendingMove == null)) {
      probe.before();
    } else {
      probe.beforeWallOnly();
    }
  }

  @Override
  public void afterPlatform(Runnable task, Throwable thrown) {
    PlatformProbe.Task measured = probe.after();
    if (measured == null) {
      return;
    }
    int busy = stats.running(); // this task included
    stats.ended(measured.wallNanos());
    checkGain(measured.wallNanos());
    if (baseline != null && state == State.PROBING) {
      baseline.ended(System.nanoTime(), stats.tasks(), busy, pool.getQueue().size());
      if (pendingMove != null && baseline.ready()) {
        synchronized (this) {
          PlatformProbe.Verdict move = pendingMove;
          if (state == State.PROBING && move != null) {
            pendingMove = null;
            decide(move);
          }
        }
      }
    }
    if (!measured.sampled()) {
      return;
    }
    stats.sampled(measured.cpuNanos(), measured.runnableNanos(), measured.waited());
    if (state != State.PROBING || pendingMove != null) {
      return;
    }
    synchronized (this) {
      if (state != State.PROBING || pendingMove != null) {
        return;
      }
      PlatformProbe.Verdict verdict = probe.add(measured);
      if (verdict != null) {
        decide(verdict);
      }
    }
  }

  /** Moves the pool to where the probe decided its tasks belong (or keeps measuring). */
  private void decide(PlatformProbe.Verdict verdict) {
    if (verdict.where() == PlatformProbe.Where.AGAIN) {
      reason = verdict.reason();
      if (baseline != null) {
        baseline.restart(); // the baseline is the measurement that decides
      }
      return;
    }
    if (verdict.where() == PlatformProbe.Where.PLATFORM) {
      reason = verdict.reason();
      state = State.PLATFORM;
      owner.decided(this);
      return;
    }
    if (baseline != null && !baseline.ready()) {
      // auto=optimize: measured before and after. The move waits until the pool's saturated rate
      // on its platform threads is known (a few rounds of the pool: see PlatformBaseline).
      pendingMove = verdict;
      reason = "moving to virtual threads once its rate on platform threads is measured: "
          + verdict.reason();
      return;
    }
    reason = verdict.reason();
    if (baseline != null) {
      gainCheck = new GainCheck(baseline.perSecond(), probe.meanWallNanos(), ownSize);
      platformPerSecond = baseline.perSecond();
      platformTaskNanos = probe.meanWallNanos();
    }
    state = State.VIRTUAL;
    // Tasks queued for the platform threads while measuring move over.
    List<Runnable> queued = new ArrayList<>();
    pool.getQueue().drainTo(queued);
    long now = System.nanoTime();
    for (Runnable task : queued) {
      held.add();
      waiting.offer(new Queued(task, now));
    }
    if (!queued.isEmpty()) {
      held.keepJvmAlive();
      drain();
    }
    owner.decided(this);
  }

  /**
   * {@code auto=optimize}, after a move: counts an ended task into the gain check, and moves the
   * pool back to its platform threads when the check finds that the move did not pay.
   */
  private void checkGain(long nanos) {
    GainCheck check = gainCheck;
    if (check == null) {
      return;
    }
    GainCheck.Outcome outcome = check.ended(nanos, System.nanoTime(),
        !waiting.isEmpty() || !pool.getQueue().isEmpty());
    if (outcome == null) {
      return;
    }
    gainCheck = null;
    owner.checked(this, outcome);
    if (outcome.paid()) {
      movePaid = true;
    } else {
      backToPlatform(outcome.reason());
    }
  }

  /** New tasks go to the pool's platform threads from now on (pinning, detach); held ones finish. */
  void backToPlatform(String why) {
    synchronized (this) {
      if (state == State.PLATFORM) {
        return;
      }
      state = State.PLATFORM;
      reason = why;
      gainCheck = null;
      pendingMove = null;
    }
    owner.decided(this);
  }

  /** A virtual thread of this lane was pinned while blocking. */
  void pinned(String frame, long nanos) {
    pinned.incrementAndGet();
    if (pinnedFrame == null) {
      pinnedFrame = frame;
    }
    backToPlatform(String.format("pinned: a task blocked %.1f ms on a virtual thread it could not"
        + " leave, at %s; new tasks run on platform threads", nanos / 1e6, frame));
  }

  @Override
  public void shutdown() {
    shutdown = true;
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown = true;
    List<Runnable> never = new ArrayList<>();
    for (Queued queued; (queued = waiting.poll()) != null; ) {
      never.add(queued.task());
      held.release();
    }
    for (Thread thread : runningThreads) {
      thread.interrupt();
    }
    return never;
  }

  @Override
  public boolean isTerminated() {
    return shutdown && held.count() == 0;
  }

  @Override
  public boolean awaitTermination(long nanos) throws InterruptedException {
    return held.await(nanos, this::isTerminated);
  }
}
