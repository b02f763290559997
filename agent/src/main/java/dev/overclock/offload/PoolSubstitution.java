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

  /** A pool as the report shows it. */
  public record PoolFigures(
      String site,
      String state,
      String reason,
      int limit,
      int highestLimit,
      long virtualTasks,
      long platformTasks,
      int pinnedEvents,
      String pinnedFrame) {}

  private final int hardMax;
  private final Map<VirtualLane, Boolean> lanes = new WeakHashMap<>();
  private final List<PoolFigures> left = new ArrayList<>();
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

  /** Pools left alone, kept for the exit summary: the first few only. */
  private static final int MAX_LEFT = 100;
  private volatile Runnable onClose = () -> {};
  private final boolean watchPinning;
  private PoolPinningWatch pinningWatch;

  /**
   * @param hardMax {@code offload.executors.max}: most tasks of one pool at once; 0: no maximum
   * @param watchPinning whether to watch pools on virtual threads for pinning with JFR
   */
  public PoolSubstitution(int hardMax, boolean watchPinning) {
    this.hardMax = hardMax;
    this.watchPinning = watchPinning;
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
      synchronized (this) {
        if (left.size() < MAX_LEFT) {
          left.add(new PoolFigures(site, "platform", why, 1, 1, 0, 0, 0, null));
        }
      }
      AgentLog.info("pool " + site + " stays on platform threads: it " + why);
      tell(site, "platform", why);
      return null;
    }
    VirtualLane lane = new VirtualLane(pool, site, this, hardMax);
    synchronized (this) {
      lanes.put(lane, Boolean.TRUE);
    }
    return lane;
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
    }
    AgentLog.info("pool " + lane.site() + " runs new tasks on " + to + " threads: "
        + lane.reason());
    tell(lane.site(), to, lane.reason());
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

  /** The pools still alive (and the first pools left alone), for the exit summary. */
  public synchronized List<PoolFigures> figures() {
    List<PoolFigures> all = new ArrayList<>(left);
    for (VirtualLane lane : lanes.keySet()) {
      all.add(new PoolFigures(lane.site(), lane.state().name().toLowerCase(java.util.Locale.ROOT),
          lane.reason(), lane.limit(), lane.highestLimit(), lane.virtualTasks(),
          lane.platformTasks(), lane.pinnedEvents(), lane.pinnedFrame()));
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
    return text.toString();
  }

  /** One line per pool for the exit summary. */
  public List<String> summaryLines() {
    List<String> lines = new ArrayList<>();
    for (PoolFigures pool : figures()) {
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
