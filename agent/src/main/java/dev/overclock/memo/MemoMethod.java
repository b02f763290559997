package dev.overclock.memo;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.overclock.bootstrap.MemoHit;
import dev.overclock.metrics.MethodRef;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The cache and figures of one memoized method (in one class loader).
 *
 * <h2>Storage</h2>
 *
 * One bounded Caffeine cache per method maps argument keys ({@link MemoKeys}) to {@link MemoHit}
 * objects, which the advice returns as they are: a hit allocates nothing here. Caffeine is used
 * only through {@code getIfPresent} and {@code put}, never {@code compute}: the method body runs
 * outside the cache, so a body that calls the method again (recursion) can never meet Caffeine's
 * "Recursive update" check, and no cache lock is held while application code runs.
 *
 * <h2>Instance methods</h2>
 *
 * Each receiver gets a token, looked up by identity in a weak-keyed map, and the token is part of
 * the key: the results of one receiver are never returned for another, and the cache holds no
 * reference to a receiver, so receivers are collected as usual. The results of all receivers
 * share the one bounded cache, so {@code maxSize} bounds the method's memory however many
 * receivers there are; entries of a collected receiver can no longer be found, are never read
 * again, and so age out under the size bound.
 *
 * <h2>Single flight</h2>
 *
 * A miss registers the computation in {@link #inFlight}; a caller that finds the same key in
 * flight waits for its result instead of computing it again, but only while it is not computing
 * anything itself (see {@link ThreadClaims}). Waiting threads therefore never hold a computation
 * another thread could wait for, so waits cannot form a cycle: no deadlock, also when threads
 * recurse on overlapping keys. Waits are bounded and park (never {@code synchronized}), so
 * virtual threads unmount while they wait; a wait that runs out, or whose computation threw,
 * computes the result itself. Every way this can go wrong costs a duplicate computation, never a
 * wrong result. The bound also covers locks the agent cannot see: a caller that holds an
 * application lock the computing thread needs waits out the bound instead of deadlocking.
 *
 * <h2>Verification</h2>
 *
 * The first {@code verify} hits, and one in {@code round(1 / verifyRate)} of each thread's hits
 * after them ({@link #verifyEvery}), run the body anyway
 * ({@link MemoRecorders#enter} returns a {@link MemoCall} that carries the cached hit) and compare
 * the results, in an order drawn per verification (see {@link MemoRecorders}). The first
 * difference turns the method off for good: {@link #markUnsafe}.
 *
 * <h2>The hit path</h2>
 *
 * The advice of a method of one or two parameters loads the method's {@link #site} as a constant
 * and calls it; see {@link BoundSite}.
 */
final class MemoMethod {

  /** A computation in progress, completed with its {@link MemoHit} or {@link #FAILED}. */
  static final Object FAILED = new Object();

  enum State {
    ACTIVE("active"),
    UNSAFE("unsafe"),
    /** Taken back by {@code auto=optimize}: not faster, or its run-time change was undone. */
    UNDONE("undone");

    final String label;

    State(String label) {
      this.label = label;
    }
  }

  final MethodRef method;
  final MemoSettings settings;
  final boolean instanceMethod;
  final Cache<Object, MemoHit> cache;
  /** The hits in front of {@link #cache}; {@code null} when results expire (see there). */
  final RecentHits recent;
  /** The id the method's advice passes to the bridge, which a bridged call uses. */
  final int id;
  /** The hit path, bound into the woven class as a constant. */
  final BoundSite site;
  final ConcurrentHashMap<Object, InFlight> inFlight = new ConcurrentHashMap<>();

  private final Cache<Object, Object> tokens;
  private volatile ReceiverSlot lastReceiver;

  /** {@link #VERIFYING}, {@link #CACHING} or {@link #OFF}: what a hit does, in one read. */
  static final int VERIFYING = 0;
  static final int CACHING = 1;
  static final int OFF = 2;
  /**
   * Added to the mode while the method's recorders are not the sink installed in the bridge, or
   * after the method was replaced under its id: a call through the site then goes to the bridge,
   * which finds the sink installed now (see {@link dev.overclock.bootstrap.MemoSite}). Calls by
   * id ignore it.
   */
  static final int BRIDGED = 4;

  private static final VarHandle MODE;

  static {
    try {
      MODE = MethodHandles.lookup().findVarHandle(MemoMethod.class, "mode", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * Read once per call: {@link #VERIFYING} while the first {@code verify} hits are checked,
   * {@link #CACHING} after that, {@link #OFF} once unsafe; plus {@link #BRIDGED} while calls
   * through the site go to the bridge.
   */
  volatile int mode;
  /** This method's index into the per-thread hit counters ({@link HitCounters}). */
  final int slot;
  /**
   * A sampled verification every this many hits per thread (0: none); see {@link #verifyRate}.
   * Not final: {@code auto=optimize} starts it low and raises it as verifications agree (a
   * decaying rate); a thread that reads a stale value verifies a little more or less for a while.
   */
  int verifyEvery;

  volatile State state = State.ACTIVE;
  volatile String reason;
  volatile String evidence;

  /** Hits counted off the hot path (a waiter's shared result); the rest are per thread. */
  final LongAdder hits = new LongAdder();
  final LongAdder misses = new LongAdder();
  final LongAdder missNanos = new LongAdder();
  final LongAdder waits = new LongAdder();
  final LongAdder checks = new LongAdder();
  final LongAdder checkFailures = new LongAdder();
  final LongAdder evictions = new LongAdder();
  private final AtomicLong verified = new AtomicLong();

  MemoMethod(MethodRef method, MemoSettings settings, boolean instanceMethod, Ticker ticker,
      int id, MemoRecorders recorders, boolean bridged) {
    this.method = method;
    this.settings = settings;
    this.instanceMethod = instanceMethod;
    this.id = id;
    this.slot = recorders.counters.newSlot();
    this.mode = (settings.verify() == 0 ? CACHING : VERIFYING) | (bridged ? BRIDGED : 0);
    this.recent = settings.expireAfterWrite().isZero() ? RecentHits.of(settings.maxSize()) : null;
    this.verifyEvery = verifyEvery(settings.verifyRate());
    // Maintenance (eviction, expiry) runs on the calling thread: the agent must not put work on
    // the application's common fork-join pool.
    Caffeine<Object, Object> builder =
        Caffeine.newBuilder().maximumSize(settings.maxSize()).executor(CALLING_THREAD)
            .ticker(ticker);
    if (!settings.expireAfterWrite().isZero()) {
      builder.expireAfterWrite(settings.expireAfterWrite());
    }
    this.cache =
        builder
            .<Object, MemoHit>evictionListener(new Evictions(evictions, recent))
            .build();
    this.tokens =
        instanceMethod ? Caffeine.newBuilder().weakKeys().executor(CALLING_THREAD).build() : null;
    this.site = new BoundSite(this, recorders, recent, recorders.counters,
        recorders.counters.table(), slot, instanceMethod);
  }

  // Classes rather than lambdas here: a memoized method is built as its class loads, at the
  // JVM's launch for an annotated application, where linking each lambda costs 0.3-0.5 ms.

  /** Runs Caffeine's maintenance on the calling thread. */
  private static final java.util.concurrent.Executor CALLING_THREAD = new CallingThread();

  /** Makes a receiver's token. */
  private static final java.util.function.Function<Object, Object> NEW_TOKEN = new NewToken();

  private static final class CallingThread implements java.util.concurrent.Executor {
    @Override
    public void execute(Runnable task) {
      task.run();
    }
  }

  private static final class NewToken implements java.util.function.Function<Object, Object> {
    @Override
    public Object apply(Object receiver) {
      return new RecentHits.Token();
    }
  }

  /** Counts the results Caffeine evicted (not those replaced or removed) and forgets them. */
  private static final class Evictions
      implements com.github.benmanes.caffeine.cache.RemovalListener<Object, MemoHit> {
    private final LongAdder evictions;
    private final RecentHits recent;

    Evictions(LongAdder evictions, RecentHits recent) {
      this.evictions = evictions;
      this.recent = recent;
    }

    @Override
    public void onRemoval(Object key, MemoHit value,
        com.github.benmanes.caffeine.cache.RemovalCause cause) {
      if (cause.wasEvicted()) {
        evictions.increment();
        if (recent != null) {
          recent.forget(key, value);
        }
      }
    }
  }

  boolean active() {
    return (mode & ~BRIDGED) != OFF;
  }

  /**
   * Adds a hit the cache just answered, for the call of these key parts, to the table; a method
   * turned off meanwhile empties it again (it is never read once off).
   */
  void remember(Object token, Object first, Object second, MemoHit hit) {
    RecentHits table = recent;
    if (table != null) {
      table.put(token, first, second, RecentHits.hash(token, first, second), hit);
      if (!active()) {
        table.clear();
      }
    }
  }

  /**
   * Whether calls through the site go to the bridge ({@link #BRIDGED}); the rest of the mode is
   * kept.
   */
  void bridged(boolean bridged) {
    int current;
    do {
      current = mode;
    } while (!MODE.compareAndSet(this, current,
        bridged ? current | BRIDGED : current & ~BRIDGED));
  }

  /**
   * {@code verifyRate} as a countdown: one hit in {@code round(1 / rate)} per thread is verified
   * (0.5: every 2nd, 0.01: every 100th, 0: none).
   */
  static int verifyEvery(double rate) {
    return rate <= 0 ? 0 : (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.round(1 / rate)));
  }

  /** The lookup key of a call. */
  Object key(Object receiver, Object[] arguments) {
    return withReceiver(receiver, MemoKeys.of(arguments));
  }

  /** The lookup key of an instance method's call ({@code key} alone for a static one). */
  Object withReceiver(Object receiver, Object key) {
    return instanceMethod ? new MemoKeys.Receiver(token(receiver), key) : key;
  }

  /**
   * The receiver's token, one per receiver object (by identity). The last receiver seen is
   * remembered, weakly, so that the common case of one long-lived receiver skips the map.
   */
  Object token(Object receiver) {
    ReceiverSlot last = lastReceiver;
    if (last != null && last.get() == receiver) {
      return last.token;
    }
    Object token = tokens.get(receiver, NEW_TOKEN);
    lastReceiver = new ReceiverSlot(receiver, token);
    return token;
  }

  /**
   * Whether this hit, seen in mode {@link #VERIFYING}, is one of the first {@code verify} hits,
   * checked by running the method anyway; the first one after them moves the method on to
   * {@link #CACHING}. (Later hits are sampled per thread: {@link HitCounters.Cell#hit}.)
   */
  boolean verifyFirstHits() {
    if (verified.getAndIncrement() < settings.verify()) {
      return true;
    }
    MODE.compareAndSet(this, VERIFYING, CACHING); // never over OFF (nor while bridged)
    return false;
  }

  /**
   * How long a caller waits for another thread's computation of the same key before computing
   * it itself: a few times the mean miss, within sane bounds.
   */
  long waitNanos() {
    long count = misses.sum();
    long mean = count == 0 ? 0 : missNanos.sum() / count;
    return Math.max(1_000_000_000L, Math.min(30_000_000_000L, 4 * mean));
  }

  /**
   * Turns memoization of this method off for good after a verification found a different result;
   * the first caller to find one wins and prints the line.
   *
   * @return whether this call turned it off (and so should tell the user)
   */
  boolean markUnsafe(String why, String proof) {
    return turnOff(State.UNSAFE, why, proof);
  }

  /**
   * Turns memoization of this method off for good because {@code auto=optimize} took it back
   * (see {@link MemoRecorders#undo}); false when it was off already.
   */
  boolean markUndone(String why) {
    return turnOff(State.UNDONE, why, null);
  }

  private boolean turnOff(State off, String why, String proof) {
    synchronized (this) {
      if (state != State.ACTIVE) {
        return false;
      }
      reason = why;
      evidence = proof;
      state = off;
      int current;
      do {
        current = mode;
      } while (!MODE.compareAndSet(this, current, OFF | (current & BRIDGED)));
    }
    cache.invalidateAll();
    if (recent != null) {
      recent.clear();
    }
    return true;
  }

  /**
   * Empties the cache and forgets the receivers, and fails every computation in flight, so that
   * a caller waiting for one computes the result itself at once. For a detach: the caches must not
   * keep the application's results alive once the agent is gone.
   */
  void clear() {
    cache.invalidateAll();
    if (recent != null) {
      recent.clear();
    }
    if (tokens != null) {
      tokens.invalidateAll();
    }
    lastReceiver = null;
    for (Object key : inFlight.keySet()) {
      InFlight claim = inFlight.remove(key);
      if (claim != null) {
        claim.complete(FAILED);
      }
    }
  }

  /** The current number of cached results, after pending evictions. */
  long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  /** A receiver, weakly, and its token. */
  private static final class ReceiverSlot extends WeakReference<Object> {
    final Object token;

    ReceiverSlot(Object receiver, Object token) {
      super(receiver);
      this.token = token;
    }
  }
}
