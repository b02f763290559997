package dev.overclock.offload;

import dev.overclock.bootstrap.Dispatcher;
import dev.overclock.bootstrap.PoolLane;
import dev.overclock.bootstrap.PoolSink;
import dev.overclock.log.AgentLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.Consumer;

/**
 * {@code offload.executors=virtual}: gives every thread pool the application creates at a
 * substituted call site a {@link VirtualLane}, unless the pool runs one task at a time (its order
 * is then part of its meaning), and records every switch.
 *
 * <p>Decisions are made per pool, as evidence comes in: each starts on its platform threads, moves
 * to virtual threads when its first tasks turn out to wait, stays put when they are CPU-bound, and
 * goes back to platform threads for new tasks when a virtual thread of it is pinned or the agent
 * detaches. Each switch is one line on standard error and one {@link Switch} to the listener (the
 * report's changes and the {@code overclock.CodeChange} JFR event).
 */
public final class PoolSubstitution implements PoolSink {

  /** One pool's move, for the audit trail. */
  public record Switch(Instant at, String site, String to, String reason) {}

  private final int hardMax;
  private final Map<VirtualLane, Boolean> lanes = new WeakHashMap<>();
  private final List<PoolSnapshot> left = new ArrayList<>();
  private volatile Consumer<Switch> listener = change -> {};
  private volatile boolean closed;
  private final java.util.concurrent.atomic.AtomicInteger seen =
      new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicInteger movedToVirtual =
      new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicInteger cpuBound =
      new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicInteger oneAtATime =
      new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicInteger pinnedBack =
      new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicInteger noGainBack =
      new java.util.concurrent.atomic.AtomicInteger();

  /** Pools left alone, kept for the exit summary: the first few only. */
  private static final int MAX_LEFT = 100;

  /**
   * The pools made last stay in the report after they are shut down and dropped by the
   * application (a batch's pool, gone by the time the exit report is written); older ones leave
   * it when they are collected.
   */
  private static final int KEPT_RECENT = 32;

  private final java.util.ArrayDeque<VirtualLane> recent = new java.util.ArrayDeque<>();

  /** {@code auto=optimize}: the audit of every move it made (none otherwise). */
  private final PoolMoves moves = new PoolMoves();
  private volatile Runnable onClose = () -> {};
  private final boolean watchPinning;
  private final boolean virtualThreads;
  private final boolean onEvidence;
  private PoolPinningWatch pinningWatch;

  /**
   * @param hardMax {@code offload.executors.max}: most tasks of one pool at once; 0: no maximum
   * @param watchPinning whether to watch pools on virtual threads for pinning with JFR
   */
  public PoolSubstitution(int hardMax, boolean watchPinning) {
    this(hardMax, watchPinning, supported());
  }

  /**
   * @param virtualThreads false on a JDK without virtual threads: every pool is left alone, its
   *     tasks counted for the report
   */
  PoolSubstitution(int hardMax, boolean watchPinning, boolean virtualThreads) {
    this(hardMax, watchPinning, virtualThreads, false);
  }

  /**
   * @param onEvidence {@code auto=optimize}: a pool moves only when its tasks wait and tasks wait
   *     in its queue for a free thread (see {@link VirtualLane})
   */
  PoolSubstitution(int hardMax, boolean watchPinning, boolean virtualThreads, boolean onEvidence) {
    this.hardMax = hardMax;
    this.watchPinning = watchPinning;
    this.virtualThreads = virtualThreads;
    this.onEvidence = onEvidence;
  }

  /** {@code auto=optimize}: pools move to virtual threads on evidence only. */
  public static PoolSubstitution onEvidence(int hardMax, boolean watchPinning) {
    return new PoolSubstitution(hardMax, watchPinning, supported(), true);
  }

  /** Whether pools move only on evidence ({@code auto=optimize}). */
  public boolean onEvidence() {
    return onEvidence;
  }

  /** A substitution that changes nothing on a JDK without virtual threads, and reports the pools. */
  public static PoolSubstitution reportOnly() {
    return new PoolSubstitution(0, false, false);
  }

  /** Whether pools may move to virtual threads here (false: they are only reported). */
  public boolean movesPools() {
    return virtualThreads;
  }

  /** Whether this JVM can run pools on virtual threads (JDK 21+). */
  public static boolean supported() {
    return VirtualThreadFactories.available();
  }

  /** Installs this substitution behind the bridge. */
  public void install() {
    Dispatcher.setPools(this);
  }

  public void listener(Consumer<Switch> listener) {
    this.listener = listener == null ? change -> {} : listener;
  }

  @Override
  public PoolLane adopt(ThreadPoolExecutor pool, String site) {
    if (closed) {
      return null;
    }
    seen.incrementAndGet();
    boolean unboundedQueue = pool.getQueue().remainingCapacity() == Integer.MAX_VALUE;
    int atOnce = unboundedQueue ? pool.getCorePoolSize() : pool.getMaximumPoolSize();
    if (atOnce <= 1) {
      String why = "runs one task at a time: its order may be relied on";
      oneAtATime.incrementAndGet();
      leave(pool, site, why, atOnce);
      if (virtualThreads) { // else nothing could have moved: no line, no audit entry
        AgentLog.info("pool " + site + " stays on platform threads: it " + why);
        tell(site, "platform", why);
      }
      return null;
    }
    if (!virtualThreads) {
      // A lane that never takes a task: the pool runs as written, its tasks are only counted.
      return register(new VirtualLane(pool, site, this, hardMax, "JDK "
          + Runtime.version().feature() + " has no virtual threads (21+): nothing changed"));
    }
    return register(new VirtualLane(pool, site, this, hardMax, null, onEvidence));
  }

  private synchronized VirtualLane register(VirtualLane lane) {
    lanes.put(lane, Boolean.TRUE);
    recent.addLast(lane);
    if (recent.size() > KEPT_RECENT) {
      recent.removeFirst();
    }
    return lane;
  }

  /** Keeps a pool left alone for the report (the first {@link #MAX_LEFT}): its site and size. */
  private void leave(ThreadPoolExecutor pool, String site, String why, int atOnce) {
    int capacity = pool.getQueue().remainingCapacity();
    PoolSnapshot figures = new PoolSnapshot(site, "platform", why, pool.getCorePoolSize(),
        pool.getMaximumPoolSize(), capacity == Integer.MAX_VALUE ? -1 : capacity, 0, 0, 0, 0, 0,
        Math.max(1, atOnce), Math.max(1, atOnce), Math.max(1, atOnce), 0, List.of(),
        PoolSnapshot.Times.NONE, PoolSnapshot.Times.NONE, 0, null, PoolSnapshot.Evidence.NONE,
        false);
    synchronized (this) {
      if (left.size() < MAX_LEFT) {
        left.add(figures);
      }
    }
  }

  /** Called by a lane when it settles on virtual or platform threads, or moves back. */
  void decided(VirtualLane lane) {
    String to = lane.state() == VirtualLane.State.VIRTUAL ? "virtual" : "platform";
    if (to.equals("virtual")) {
      movedToVirtual.incrementAndGet();
      watchPinning();
    } else if (lane.reason().startsWith("CPU-bound")) {
      cpuBound.incrementAndGet();
    } else if (lane.reason().startsWith("pinned")) {
      pinnedBack.incrementAndGet();
    } else if (lane.reason().startsWith("moved back")) {
      noGainBack.incrementAndGet();
    }
    AgentLog.info("pool " + lane.site() + " runs new tasks on " + to + " threads: "
        + lane.reason());
    if (onEvidence) {
      audit(lane, to);
    }
    tell(lane.site(), to, lane.reason());
  }

  /** {@code auto=optimize}: the audit entry of a move made, or of a move taken back. */
  private void audit(VirtualLane lane, String to) {
    if (to.equals("virtual")) {
      moves.moved(lane, Instant.now(), lane.site(), lane.ownSize(), lane.reason(),
          lane.platformPerSecond(), lane.platformTaskNanos());
    } else {
      moves.back(lane, Instant.now(), lane.reason(), lane.pinnedFrame());
    }
  }

  /**
   * {@code auto=optimize}: a pool's gain check ended. When the move paid, one line (no switch:
   * the pool stays); when it did not, the lane moves back next ({@link #decided}).
   */
  void checked(VirtualLane lane, GainCheck.Outcome outcome) {
    if (onEvidence) {
      moves.checked(lane, Instant.now(), outcome);
    }
    if (outcome.paid()) {
      AgentLog.info("pool " + lane.site() + " stays on virtual threads: the move "
          + outcome.reason());
    }
  }

  /**
   * {@code auto=optimize}: every move to virtual threads it made on its own (the first {@link
   * PoolMoves#MAX}), in the order made, each as it stands now; empty without {@code
   * auto=optimize}.
   */
  public List<PoolMove> moves() {
    return moves.list();
  }

  private synchronized void watchPinning() {
    if (watchPinning && pinningWatch == null && !closed) {
      pinningWatch = new PoolPinningWatch();
      pinningWatch.start(pinned -> pinned(pinned.threadName(), pinned.frame(), pinned.nanos()));
    }
  }

  private void tell(String site, String to, String reason) {
    try {
      listener.accept(new Switch(Instant.now(), site, to, reason));
    } catch (RuntimeException e) {
      // the switch is made either way; only its record is lost
    }
  }

  void failed(Throwable failure) {
    Dispatcher.failed(failure);
  }

  /** A virtual thread was pinned: the pool it works for goes back to platform threads. */
  public void pinned(Thread thread, String frame, long nanos) {
    for (VirtualLane lane : lanes()) {
      if (lane.runs(thread)) {
        lane.pinned(frame, nanos);
      }
    }
  }

  /**
   * A pinned virtual thread named {@code threadName} (the JFR event's thread): the pool whose
   * threads carry that name's prefix goes back to platform threads.
   */
  public void pinned(String threadName, String frame, long nanos) {
    for (VirtualLane lane : lanes()) {
      if (lane.state() == VirtualLane.State.VIRTUAL && lane.ownsName(threadName)) {
        lane.pinned(frame, nanos);
      }
    }
  }

  /** Runs at {@link #close}: the call-site transformer comes out. */
  public void onClose(Runnable action) {
    onClose = action;
  }

  /**
   * The pools still alive (and the first pools left alone), in the order they were created, for
   * the report and the exit summary.
   */
  public List<PoolSnapshot> snapshot() {
    List<PoolSnapshot> all;
    List<VirtualLane> alive;
    synchronized (this) {
      all = new ArrayList<>(left);
      alive = new ArrayList<>(lanes.keySet());
    }
    alive.sort(java.util.Comparator.comparingLong(VirtualLane::order));
    for (VirtualLane lane : alive) {
      all.add(lane.snapshot());
    }
    return all;
  }

  /**
   * Every pool since the start, by what became of it: {@code 7 pools: 5 moved to virtual threads,
   * 1 CPU-bound, 1 one task at a time}. Counts, not a list: pools come and go (a program may make
   * one per request), and the report must stay small.
   */
  public String describe() {
    StringBuilder text = new StringBuilder();
    text.append(seen.get()).append(seen.get() == 1 ? " pool: " : " pools: ")
        .append(movedToVirtual.get()).append(" moved to virtual threads, ")
        .append(cpuBound.get()).append(" CPU-bound, ")
        .append(oneAtATime.get()).append(" one task at a time");
    if (pinnedBack.get() > 0) {
      text.append(", ").append(pinnedBack.get()).append(" back on platform threads (pinned)");
    }
    if (noGainBack.get() > 0) {
      text.append(", ").append(noGainBack.get()).append(" back on platform threads (no gain)");
    }
    return text.toString();
  }

  /** One line per pool for the exit summary. */
  public List<String> summaryLines() {
    List<String> lines = new ArrayList<>();
    for (PoolSnapshot pool : snapshot()) {
      lines.add("pool " + pool.site() + ": " + pool.state() + " threads"
          + (pool.state().equals("virtual") || pool.virtualTasks() > 0
              ? ", limit " + pool.limit() + " (highest " + pool.highestLimit() + ")" : "")
          + ", " + pool.virtualTasks() + " tasks on virtual threads, " + pool.platformTasks()
          + " on platform threads" + (pool.pinnedEvents() > 0
              ? ", pinned " + pool.pinnedEvents() + "x at " + pool.pinnedFrame() : "")
          + "; " + pool.reason());
    }
    return lines;
  }

  private synchronized List<VirtualLane> lanes() {
    return new ArrayList<>(lanes.keySet());
  }

  /** Detach: pools made from now on stay as written, and every pool runs new tasks on platform threads. */
  public void close() {
    closed = true;
    Dispatcher.setPools(null);
    try {
      onClose.run();
    } catch (RuntimeException e) {
      failed(e);
    }
    synchronized (this) {
      if (pinningWatch != null) {
        pinningWatch.close();
      }
    }
    for (VirtualLane lane : lanes()) {
      lane.backToPlatform("the agent detached");
    }
  }
}
