package dev.overclock.memo;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.overclock.bootstrap.MemoHit;
import dev.overclock.bootstrap.MemoSink;
import dev.overclock.bootstrap.MemoSite;
import dev.overclock.log.AgentLog;
import dev.overclock.metrics.MethodIds;
import dev.overclock.metrics.MethodRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * The agent's {@link MemoSink}: finds each call's method by the id bound into its advice, answers
 * hits from the method's cache, stores the results of misses, verifies samples of hits, and hands
 * out snapshots of the figures.
 *
 * <h2>Ids</h2>
 *
 * Ids are handed out when a class is transformed, one per method and class loader: two class
 * loaders may define different classes of the same name (two web applications), which must never
 * share results. A class retransformed in the same loader keeps its id and so its cache. The
 * table is a {@link MethodIds}.
 *
 * <h2>Hot path</h2>
 *
 * The advice of a method of one or two parameters calls its method's {@link MemoSite} (a {@link
 * BoundSite}, bound into the woven class as a constant, see {@link #site}), or,
 * where the class has no site, {@link #enter1} or {@link #enter2} by id: no argument array. A hit
 * costs one read of the method's mode (verifying, caching, off), a lookup in the {@link
 * RecentHits} in front of its Caffeine cache (no key object), and a count and a countdown in the
 * calling thread's own {@link HitCounters} cell, found by the thread's id (no thread-local lookup,
 * no atomic instruction, no random draw). A call the table does not answer builds its key (the
 * argument itself for one argument, a {@link MemoKeys.Two} for two) and asks the cache; a hit
 * there is added to the table. The cached {@link MemoHit} is returned as it is. Only misses and
 * verifications build an argument array (for the line an unsafe method prints) and read the clock
 * (twice), to estimate the time hits save.
 *
 * <h2>Verification order</h2>
 *
 * Each verified hit draws its order at random (one per-thread draw, on the verified path only):
 * the hit read before the body runs again, then compared with its result ({@code cache read,
 * then computed again}); or the body run first, then its result compared with what the cache
 * holds after it ({@code computed again, then cache read}). A pure method agrees in both, and a
 * result that depends on hidden state (a counter, a clock) is caught in both. They differ when
 * the cache entry changes while the verified call runs (it expired or was evicted and another
 * call stored a fresh result, or two calls missed at once): read first, the call is compared
 * with the result it replaced; recomputed first, with the one that replaced it, and an impure
 * method can agree with either and not the other. A fixed order would hide one of the two for
 * good. Both orders compare a hash of the arguments before and after the body, and the evidence
 * of a mismatch names the order that found it.
 */
public final class MemoRecorders implements MemoSink {

  private final Ticker ticker;
  /** Draws the order of each verification: {@code true} for recomputed first (see above). */
  private final BooleanSupplier recomputeFirst;
  private volatile boolean showValues;
  /**
   * The claims of each thread that owns a computation right now; removed when it owns none, so
   * that no thread keeps an entry after its calls (nor after a detach: the agent leaves no state
   * in the application's threads). Shared by every instance in the JVM: a count shared across
   * attaches only makes a thread that owns a computation of an earlier one not wait, never wrong.
   */
  private static final ThreadLocal<ThreadClaims> CLAIMS = new ThreadLocal<>();

  // Registration happens at class-transformation time (rare); reads on every call.
  private volatile MemoMethod[] methods;
  private final Table table = new Table(this);
  private final MethodIds<MemoMethod> ids = MethodIds.perLoader(table, table);
  private final Map<String, Skipped> skipped = new LinkedHashMap<>();
  final HitCounters counters = new HitCounters();
  private boolean warm;
  /** Whether the bridge has this sink installed (see {@link #installed}); guarded by this. */
  private boolean installed;

  public MemoRecorders() {
    this(Ticker.systemTicker());
  }

  /** With a chosen clock for expiry, so that tests need not wait. */
  MemoRecorders(Ticker ticker) {
    this(ticker, new RandomOrder());
  }

  /** Verification's order drawn at random (a class: linking a lambda costs the JVM's launch). */
  private static final class RandomOrder implements BooleanSupplier {
    @Override
    public boolean getAsBoolean() {
      return ThreadLocalRandom.current().nextBoolean();
    }
  }

  /** With a chosen clock and a chosen order of verification, so that tests can force each. */
  MemoRecorders(Ticker ticker, BooleanSupplier recomputeFirst) {
    this.ticker = ticker;
    this.recomputeFirst = recomputeFirst;
  }

  /**
   * Returns the id of the method in this class loader, registering it on first sight with these
   * settings. Called at transform time.
   */
  public synchronized int register(
      MethodRef method, ClassLoader loader, boolean instanceMethod, MemoSettings settings) {
    warmUp();
    // A method seen before with other settings (attaching again changed its options) keeps its
    // id, so classes still woven for the previous options find it, and gets a fresh cache.
    int id = ids.register(loader, method.key(), new KeepIfServing(settings),
        new NewMethod(method, settings, instanceMethod));
    skipped.remove(method.key());
    return id;
  }

  /**
   * Whether the method registered before still serves these settings; if not, it is replaced
   * under its id, and a class still bound to it (its retransformation failed) sends its calls to
   * the bridge, which finds the new one by the id.
   */
  private static final class KeepIfServing implements Predicate<MemoMethod> {
    private final MemoSettings settings;

    KeepIfServing(MemoSettings settings) {
      this.settings = settings;
    }

    @Override
    public boolean test(MemoMethod existing) {
      if (existing.settings.equals(settings)) {
        return true;
      }
      existing.bridged(true);
      return false;
    }
  }

  /**
   * Makes a method's memoization object under its id. This and {@link KeepIfServing} are classes,
   * not lambdas: registration runs on the application's class-loading thread (see {@code
   * MethodIds.KeepAny}).
   */
  private final class NewMethod implements IntFunction<MemoMethod> {
    private final MethodRef method;
    private final MemoSettings settings;
    private final boolean instanceMethod;

    NewMethod(MethodRef method, MemoSettings settings, boolean instanceMethod) {
      this.method = method;
      this.settings = settings;
      this.instanceMethod = instanceMethod;
    }

    @Override
    public MemoMethod apply(int fresh) {
      return new MemoMethod(method, settings, instanceMethod, ticker, fresh, MemoRecorders.this,
          !installed);
    }
  }

  /** The method of this id, bound as a constant into its woven class ({@link MemoSite}). */
  @Override
  public MemoSite site(int methodId) {
    MemoMethod[] table = methods;
    MemoMethod method = methodId >= 0 && methodId < table.length ? table[methodId] : null;
    return method == null ? null : method.site;
  }

  /**
   * The bridge installed this sink, or replaced it: the methods' sites serve calls themselves only
   * while it is installed, and pass them on to the bridge otherwise.
   */
  @Override
  public synchronized void installed(boolean installed) {
    this.installed = installed;
    for (MemoMethod method : ids.registered()) {
      method.bridged(!installed);
    }
  }

  /** Marks the method as woven into a class: only such methods appear in reports. */
  public void woven(int methodId) {
    ids.woven(methodId);
  }

  /** Records a method that was asked for but is not memoized, and why (for the report). */
  public synchronized void skip(MethodRef method, String reason) {
    skipped.putIfAbsent(method.key(), new Skipped(method, reason));
  }

  /**
   * Runs the warm-up (below) now, on the calling thread, unless it ran: the agent's own thread,
   * while the application starts, so that its first memoized class, which would otherwise run it
   * on its loading thread (60 ms of the demo's start), finds it done or waits for the rest.
   */
  public synchronized void prepare() {
    warmUp();
  }

  /**
   * Loads and initialises the classes of the memoization path (Caffeine's among them) by running
   * a throw-away method through it, at the first registration, on the transforming thread, if
   * {@link #prepare} did not run it before. Otherwise the first memoized call would load them,
   * possibly deep in a recursion about to overflow the stack, where a failed class initialisation
   * would break every later call. Guarded by this.
   */
  private void warmUp() {
    if (warm) {
      return;
    }
    warm = true;
    MemoMethod probe = null;
    // With and without expiry (only the second has a table of recent hits).
    for (java.time.Duration expiry :
        List.of(java.time.Duration.ofMinutes(1), java.time.Duration.ZERO)) {
      probe = new MemoMethod(new MethodRef("overclock", "warmUp", "(I)I", "warm-up"),
          new MemoSettings(/* maxSize= */ 4, expiry, /* verify= */ 1, /* verifyRate= */ 0.5),
          /* instanceMethod= */ true, ticker, -1, this, false);
      Object receiver = new Object();
      // Each shape of call: an argument array, one argument, two; misses, then verified hits and
      // counted ones (from the cache, then from the table in front of it).
      for (int i = 0; i < 6; i++) {
        exitProbe(enter(probe, receiver, new Object[] {i % 2, new int[] {i % 2}}), i);
        int hash1 = MemoKeys.hash(i % 2);
        int hash2 = 31 * hash1 + MemoKeys.hash("x");
        exitProbe(probe.site.enter1(receiver, i % 2, hash1), i);
        exitProbe(probe.site.hit1(probe.mode, receiver, i % 2, hash1), i);
        exitProbe(probe.site.enter2(receiver, i % 2, "x", hash2), i);
        exitProbe(probe.site.hit2(probe.mode, receiver, i % 2, "x", hash2), i);
      }
    }
    probe.markUnsafe("warm-up", Results.arguments(new Object[] {1, "x", 'c', new int[0]}, false));
    probe.size();
    counters.hits(probe.slot);
    new InFlight().await(1);
  }

  private void exitProbe(Object call, int i) {
    if (call instanceof MemoCall) {
      exit((MemoCall) call, i % 2, null); // a verified hit returns the same result
    }
  }

  @Override
  public Object enter(int methodId, Object receiver, Object[] arguments) {
    MemoMethod method = methods[methodId];
    return method == null ? null : enter(method, receiver, arguments);
  }

  // Calls by id (the bridge's): the method's own path, whichever sink the bridge has installed.

  @Override
  public Object enter1(int methodId, Object receiver, Object argument) {
    MemoMethod method = methods[methodId];
    return method == null
        ? null : method.site.hit1(method.mode & ~MemoMethod.BRIDGED, receiver, argument,
            MemoKeys.hash(argument));
  }

  @Override
  public Object enter2(int methodId, Object receiver, Object first, Object second) {
    MemoMethod method = methods[methodId];
    return method == null
        ? null : method.site.hit2(method.mode & ~MemoMethod.BRIDGED, receiver, first, second,
            31 * MemoKeys.hash(first) + MemoKeys.hash(second));
  }

  /**
   * A call of one argument that the method's {@link RecentHits} did not answer (or that it does
   * not read in {@code mode}): asks the cache, and adds a hit there to the table.
   */
  Object enter1(MemoMethod method, int mode, Object receiver, Object argument) {
    if (mode == MemoMethod.OFF) {
      return null;
    }
    Object token = method.instanceMethod ? method.token(receiver) : null;
    Object arguments = MemoKeys.of(argument);
    Object key = token == null ? arguments : new MemoKeys.Receiver(token, arguments);
    MemoHit hit = method.cache.getIfPresent(key);
    if (hit != null) {
      if (mode == MemoMethod.CACHING && arguments == argument) {
        method.remember(token, argument, RecentHits.ONE, hit);
      }
      if (!verifies(method, mode)) {
        return hit;
      }
    }
    return run(method, key, hit, new Object[] {argument});
  }

  /**
   * A hit the table of recent hits answered that is either the sampled one to verify ({@code
   * verify}: the body runs) or one to read through the cache as well, so that its eviction policy
   * sees a share of the table's hits (it counts reads to choose what to keep). Out of the hit path
   * (see {@link BoundSite#hit1}).
   */
  Object rareHit1(
      MemoMethod method, Object receiver, Object argument, MemoHit hit, boolean verify) {
    Object key = method.withReceiver(receiver, MemoKeys.of(argument));
    if (verify) {
      return run(method, key, hit, new Object[] {argument});
    }
    method.cache.getIfPresent(key);
    return hit;
  }

  /** {@link #rareHit1} for a call of two arguments. */
  Object rareHit2(MemoMethod method, Object receiver, Object first, Object second, MemoHit hit,
      boolean verify) {
    Object key = method.withReceiver(receiver, MemoKeys.of(first, second));
    if (verify) {
      return run(method, key, hit, new Object[] {first, second});
    }
    method.cache.getIfPresent(key);
    return hit;
  }

  /** {@link #enter1(MemoMethod, int, Object, Object)} for a call of two arguments. */
  Object enter2(MemoMethod method, int mode, Object receiver, Object first, Object second) {
    if (mode == MemoMethod.OFF) {
      return null;
    }
    Object token = method.instanceMethod ? method.token(receiver) : null;
    Object arguments = MemoKeys.of(first, second);
    Object key = token == null ? arguments : new MemoKeys.Receiver(token, arguments);
    MemoHit hit = method.cache.getIfPresent(key);
    if (hit != null) {
      if (mode == MemoMethod.CACHING && arguments instanceof MemoKeys.Two) {
        method.remember(token, first, second, hit);
      }
      if (!verifies(method, mode)) {
        return hit;
      }
    }
    return run(method, key, hit, new Object[] {first, second});
  }

  private Object enter(MemoMethod method, Object receiver, Object[] arguments) {
    int mode = method.mode & ~MemoMethod.BRIDGED;
    if (mode == MemoMethod.OFF) {
      return null;
    }
    Object key = method.key(receiver, arguments);
    MemoHit hit = method.cache.getIfPresent(key);
    if (hit != null && !verifies(method, mode)) {
      return hit;
    }
    return run(method, key, hit, arguments);
  }

  /**
   * For a hit: whether it is verified (the body runs): one of the first {@code verify} hits, or
   * the sampled one in {@link MemoMethod#verifyEvery} of this thread's; if not, it is counted, in
   * the calling thread's own counter.
   */
  private boolean verifies(MemoMethod method, int mode) {
    if (mode == MemoMethod.VERIFYING && method.verifyFirstHits()) {
      return true;
    }
    return !counters.cell().hit(method.slot, method.verifyEvery);
  }

  /** A call whose body runs: a verification of {@code cached}, or (no hit) a miss. */
  Object run(MemoMethod method, Object key, MemoHit cached, Object[] arguments) {
    if (cached != null) {
      MemoCall check = new MemoCall(method, key, arguments, System.nanoTime(), null, null, cached);
      check.argumentsHash = java.util.Arrays.deepHashCode(arguments);
      check.recomputedFirst = recomputeFirst.getAsBoolean();
      return check;
    }
    ThreadClaims thread = CLAIMS.get();
    Object stored = MemoKeys.stored(key);
    InFlight mine = new InFlight();
    InFlight other = method.inFlight.putIfAbsent(stored, mine);
    if (other == null) {
      if (thread == null) {
        thread = new ThreadClaims();
        CLAIMS.set(thread);
      }
      thread.owned++;
      return new MemoCall(method, stored, arguments, System.nanoTime(), mine, thread, null);
    }
    if (thread == null || thread.owned == 0) {
      Object shared = other.await(method.waitNanos());
      if (shared instanceof MemoHit) {
        method.waits.increment();
        method.hits.increment();
        return shared;
      }
      // It failed, or took too long (its owner may be stuck, or its exit lost): compute here, and
      // let later callers register afresh.
      method.inFlight.remove(stored, other);
    }
    return new MemoCall(method, stored, arguments, System.nanoTime(), null, null, null);
  }

  @Override
  public void exit(int methodId, Object call, Object result, Throwable thrown) {
    if (call instanceof MemoCall) {
      exit((MemoCall) call, result, thrown);
    }
  }

  private void exit(MemoCall call, Object result, Throwable thrown) {
    MemoMethod method = call.method;
    long nanos = System.nanoTime() - call.startNanos;
    MemoHit hit = null;
    try {
      if (call.cached != null) {
        verify(method, call, result, thrown);
        return;
      }
      method.misses.increment();
      method.missNanos.add(Math.max(0, nanos));
      if (thrown == null && method.active()) {
        hit = new MemoHit(result);
        method.cache.put(call.key, hit);
      }
    } finally {
      if (call.claim != null) {
        call.claims.owned = Math.max(0, call.claims.owned - 1);
        if (call.claims.owned == 0 && CLAIMS.get() == call.claims) {
          CLAIMS.remove();
        }
        method.inFlight.remove(call.key, call.claim);
        call.claim.complete(hit != null ? hit : MemoMethod.FAILED);
      }
    }
  }

  /**
   * Compares a verified call's result with the cache, in the order drawn for it, and its
   * arguments' hash with the one taken before it ran. Recomputed first, the cache is read now,
   * and only when the arguments kept their hash (a changed argument would look up another key);
   * an entry gone meanwhile (evicted, expired) leaves the hit read before.
   */
  private void verify(MemoMethod method, MemoCall call, Object result, Throwable thrown) {
    method.checks.increment();
    boolean argumentsKept = java.util.Arrays.deepHashCode(call.arguments) == call.argumentsHash;
    MemoHit cached = call.cached;
    if (call.recomputedFirst && argumentsKept) {
      MemoHit now = method.cache.getIfPresent(call.key);
      cached = now != null ? now : cached;
    }
    if (thrown == null && !Results.same(cached.value, result)) {
      method.checkFailures.increment();
      unsafe(method, call, cached, result);
    } else if (!argumentsKept) {
      method.checkFailures.increment();
      changedArguments(method, call);
    }
  }

  /** How the evidence of a failed verification names its order. */
  private static String order(MemoCall call) {
    return call.recomputedFirst
        ? " (order: computed again, then cache read)"
        : " (order: cache read, then computed again)";
  }

  /**
   * Whether a failed verification shows argument and result values ({@code
   * memoize.showvalues=true}, with a warning each time it is set); by default only types, lengths
   * and salted hashes (see {@link Results}), since the values may be secrets.
   */
  public void showValues(boolean show) {
    showValues = show;
    if (show) {
      AgentLog.warn("memoize.showvalues=true: a failed memoization check prints argument and"
          + " result values on standard error and into the report; they may contain secrets");
    }
  }

  private void unsafe(MemoMethod method, MemoCall call, MemoHit cached, Object fresh) {
    boolean values = showValues;
    String proof = "arguments " + Results.arguments(call.arguments, values) + ": cached "
        + Results.describe(cached.value, values) + ", computed again "
        + Results.describe(fresh, values) + order(call);
    String why = "a verified hit returned a different result than the method computed again, so"
        + " it is not a pure function of its arguments";
    if (method.markUnsafe(why, proof)) {
      AgentLog.warn("memoize: " + method.method.signature() + " returned a different result for"
          + " the same " + proof + "; it is not memoized from now on (unsafe)");
    }
  }

  /** A verified call left its arguments with another hash than they had before it ran. */
  private void changedArguments(MemoMethod method, MemoCall call) {
    String proof = "arguments " + Results.arguments(call.arguments, showValues)
        + " hashed differently after the verified call than before it" + order(call);
    if (method.markUnsafe("a verified call changed its arguments, so a cached result could be"
        + " stale or the caller see other arguments", proof)) {
      AgentLog.warn("memoize: " + method.method.signature() + " changed its arguments during a"
          + " verified call (" + proof + "); it is not memoized from now on (unsafe)");
    }
  }

  /**
   * Sets how often later hits of the method (in every class loader) are verified: one in {@code
   * every} per thread. For {@code auto=optimize}, which lowers the rate as verifications agree.
   */
  public void verifyEvery(String methodKey, int every) {
    for (MemoMethod method : ids.registered()) {
      if (method.method.key().equals(methodKey)) {
        method.verifyEvery = Math.max(1, every);
      }
    }
  }

  /**
   * Turns the method's memoization off for good, drops its cache and keeps {@code why} for the
   * report (state {@code undone}): {@code auto=optimize} took its change back.
   */
  public void undo(String methodKey, String why) {
    for (MemoMethod method : ids.registered()) {
      if (method.method.key().equals(methodKey)) {
        method.markUndone(why);
      }
    }
  }

  /**
   * Empties every method's cache and fails every computation in flight (see {@link
   * MemoMethod#clear}); called once the bridge no longer calls this sink (detach).
   */
  public void clear() {
    ids.registered().forEach(MemoMethod::clear);
  }

  /** Figures of every woven or skipped method, in registration order. */
  public List<MemoSnapshot> snapshot() {
    List<MemoMethod> woven;
    List<Skipped> skippedNow;
    synchronized (this) {
      woven = ids.woven();
      skippedNow = new ArrayList<>(skipped.values());
    }
    // The same method in several class loaders is one line: figures add up.
    Map<String, MemoSnapshot> byKey = new LinkedHashMap<>();
    for (MemoMethod method : woven) {
      MemoSnapshot snapshot = snapshot(method);
      byKey.merge(snapshot.method().key(), snapshot, MemoSnapshot::plus);
    }
    for (Skipped skip : skippedNow) {
      byKey.putIfAbsent(skip.method.key(), MemoSnapshot.skipped(skip.method, skip.reason));
    }
    return new ArrayList<>(byKey.values());
  }

  private MemoSnapshot snapshot(MemoMethod method) {
    return new MemoSnapshot(
        method.method,
        method.settings,
        method.state.label,
        method.reason,
        method.evidence,
        method.hits.sum() + counters.hits(method.slot),
        method.misses.sum(),
        method.missNanos.sum(),
        method.waits.sum(),
        method.checks.sum(),
        method.checkFailures.sum(),
        method.evictions.sum(),
        method.size());
  }

  private static final class Skipped {
    final MethodRef method;
    final String reason;

    Skipped(MethodRef method, String reason) {
      this.method = method;
      this.reason = reason;
    }
  }

  /**
   * Makes and publishes {@link #methods} for {@link MethodIds}: a class, not an array
   * constructor reference and a lambda, whose linking would cost the JVM's launch about a
   * millisecond on the thread that registers the first method.
   */
  private static final class Table
      implements IntFunction<MemoMethod[]>, java.util.function.Consumer<MemoMethod[]> {
    private final MemoRecorders owner;

    Table(MemoRecorders owner) {
      this.owner = owner;
    }

    @Override
    public MemoMethod[] apply(int size) {
      return new MemoMethod[size];
    }

    @Override
    public void accept(MemoMethod[] table) {
      owner.methods = table;
    }
  }
}
