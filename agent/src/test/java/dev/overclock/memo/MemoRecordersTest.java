package dev.overclock.memo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.overclock.bootstrap.Dispatcher;
import dev.overclock.bootstrap.MemoHit;
import dev.overclock.bootstrap.MemoSink;
import dev.overclock.metrics.MethodRef;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The memo sink driven the way the advice drives it ({@link #invoke}), without bytecode: keys,
 * caching, single-flight, recursion across threads, verification, expiry and bounds.
 */
class MemoRecordersTest {

  private static final MemoSettings UNVERIFIED = new MemoSettings(10_000, Duration.ZERO, 0, 0);

  private final AtomicLong nanos = new AtomicLong();
  private final MemoRecorders memo = new MemoRecorders(nanos::get);
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() {
    pool.shutdownNow();
  }

  /** What the advice does around a body: enter, skip or run, exit. */
  private Object invoke(int id, Object receiver, Object[] args, Callable<Object> body)
      throws Exception {
    Object call = memo.enter(id, receiver, args);
    if (call instanceof MemoHit) {
      return ((MemoHit) call).value;
    }
    Object result;
    try {
      result = body.call();
    } catch (Exception | Error e) {
      memo.exit(id, call, null, e);
      throw e;
    }
    memo.exit(id, call, result, null);
    return result;
  }

  /** {@link #invoke} for a method of one parameter, as its advice calls the sink. */
  private Object invoke1(int id, Object receiver, Object argument, Callable<Object> body)
      throws Exception {
    return complete(id, memo.enter1(id, receiver, argument), body);
  }

  /** {@link #invoke} for a method of two parameters, as its advice calls the sink. */
  private Object invoke2(int id, Object receiver, Object first, Object second,
      Callable<Object> body) throws Exception {
    return complete(id, memo.enter2(id, receiver, first, second), body);
  }

  private Object complete(int id, Object call, Callable<Object> body) throws Exception {
    if (call instanceof MemoHit) {
      return ((MemoHit) call).value;
    }
    Object result = body.call();
    memo.exit(id, call, result, null);
    return result;
  }

  private int register(String name, boolean instance, MemoSettings settings) {
    int id = memo.register(new MethodRef("test.Memo", name, "(J)J", "annotation"),
        getClass().getClassLoader(), instance, settings);
    memo.woven(id);
    return id;
  }

  private MemoSnapshot snapshot(String name) {
    return memo.snapshot().stream().filter(s -> s.method().methodName().equals(name))
        .findFirst().orElseThrow();
  }

  @Test
  void equalArguments_hitTheCache_andNullResultsAreCached() throws Exception {
    int id = register("f", false, UNVERIFIED);
    AtomicInteger runs = new AtomicInteger();

    for (int i = 0; i < 3; i++) {
      assertThat(invoke(id, null, new Object[] {"a", 1}, () -> runs.incrementAndGet() > 0 ? null : 1))
          .isNull();
    }
    assertThat(invoke(id, null, new Object[] {"a", 2}, () -> 7)).isEqualTo(7);

    assertThat(runs).hasValue(1);
    MemoSnapshot f = snapshot("f");
    assertThat(f.hits()).isEqualTo(2);
    assertThat(f.misses()).isEqualTo(2);
    assertThat(f.size()).isEqualTo(2);
    assertThat(f.hitRatio()).isEqualTo(0.5);
  }

  @Test
  void exceptions_areNotCached_theNextCallComputesAgain() throws Exception {
    int id = register("f", false, UNVERIFIED);
    IllegalStateException failure = new IllegalStateException("x");

    assertThatThrownBy(() -> invoke(id, null, new Object[] {1L}, () -> {
      throw failure;
    })).isSameAs(failure);
    assertThat(invoke(id, null, new Object[] {1L}, () -> 2L)).isEqualTo(2L);
    assertThat(invoke(id, null, new Object[] {1L}, () -> 3L)).isEqualTo(2L);

    assertThat(snapshot("f").misses()).isEqualTo(2);
  }

  @Test
  void missTime_estimatesTheTimeHitsSaved() throws Exception {
    int id = register("f", false, UNVERIFIED);

    // Miss times come from System.nanoTime; the fake ticker only drives expiry.
    invoke(id, null, new Object[] {1L}, () -> 1L);
    invoke(id, null, new Object[] {1L}, () -> 1L);
    invoke(id, null, new Object[] {1L}, () -> 1L);

    MemoSnapshot f = snapshot("f");
    assertThat(f.meanMissNanos()).isPositive();
    assertThat(f.savedNanos()).isEqualTo(Math.round(2 * f.meanMissNanos()));
  }

  @Test
  void verification_checksTheFirstHits_thenOnlyTheSample() throws Exception {
    int id = register("f", false, new MemoSettings(100, Duration.ZERO, 2, 0));
    AtomicInteger runs = new AtomicInteger();
    Callable<Object> body = () -> {
      runs.incrementAndGet();
      return "same";
    };

    for (int i = 0; i < 6; i++) {
      invoke(id, null, new Object[] {1L}, body);
    }

    assertThat(runs).hasValue(3); // the miss and two checked hits
    MemoSnapshot f = snapshot("f");
    assertThat(f.checks()).isEqualTo(2);
    assertThat(f.hits()).isEqualTo(3);
    assertThat(f.state()).isEqualTo("active");
  }

  @Test
  void verificationRate_ofOne_checksEveryHit() throws Exception {
    int id = register("f", false, new MemoSettings(100, Duration.ZERO, 0, 1.0));

    for (int i = 0; i < 5; i++) {
      invoke(id, null, new Object[] {1L}, () -> new int[] {1, 2});
    }

    MemoSnapshot f = snapshot("f");
    assertThat(f.checks()).isEqualTo(4);
    assertThat(f.state()).isEqualTo("active"); // arrays compared by content
  }

  @Test
  void verificationRate_isOneHitInRoundOfItsInverse_perThread() throws Exception {
    int id = register("f", false, new MemoSettings(100, Duration.ZERO, 2, 0.25));

    for (int i = 0; i < 103; i++) { // one miss, 102 hits
      invoke1(id, null, 1L, () -> 7L);
    }

    MemoSnapshot f = snapshot("f");
    assertThat(f.misses()).isEqualTo(1);
    assertThat(f.checks()).isEqualTo(2 + 25); // the first two, then every 4th of the other 100
    assertThat(f.hits()).isEqualTo(75);
    assertThat(MemoMethod.verifyEvery(0.3)).isEqualTo(3);
    assertThat(MemoMethod.verifyEvery(0.001)).isEqualTo(1000);
    assertThat(MemoMethod.verifyEvery(0)).isZero();
  }

  @Test
  void verifiedCall_thatChangesItsArguments_turnsMemoizationOff() throws Exception {
    int id = register("f", false, new MemoSettings(100, Duration.ZERO, 5, 0));
    int[] values = {1, 2};
    Callable<Object> sorts = () -> {
      values[0] = 9; // the same result, but the argument is written into
      return "same";
    };

    invoke(id, null, new Object[] {values}, () -> "same"); // the miss
    invoke(id, null, new Object[] {values}, sorts); // a verified hit

    MemoSnapshot f = snapshot("f");
    assertThat(f.state()).isEqualTo("unsafe");
    assertThat(f.reason()).contains("changed its arguments");
    assertThat(f.evidence()).contains("int[2]#").doesNotContain("[9, 2]");
    assertThat(f.size()).isZero();
  }

  @Test
  void laterHitsVerifiedEvery_canBeChanged_andUndoTurnsTheMethodOff() throws Exception {
    int id = register("f", false, new MemoSettings(100, Duration.ZERO, 0, 0.5));
    memo.verifyEvery(new MethodRef("test.Memo", "f", "(J)J", "auto").key(), 4);
    for (int i = 0; i < 9; i++) { // one miss, 8 hits: every 4th verified
      invoke1(id, null, 1L, () -> 7L);
    }
    assertThat(snapshot("f").checks()).isEqualTo(2);

    memo.undo(new MethodRef("test.Memo", "f", "(J)J", "auto").key(), "not faster");

    MemoSnapshot f = snapshot("f");
    assertThat(f.state()).isEqualTo("undone");
    assertThat(f.reason()).isEqualTo("not faster");
    assertThat(f.size()).isZero();
    AtomicInteger runs = new AtomicInteger();
    invoke1(id, null, 1L, () -> runs.incrementAndGet());
    assertThat(runs).hasValue(1); // every call runs the method as written
  }

  @Test
  void hitsOnManyThreads_includingEndedOnes_areCountedExactly() throws Exception {
    int id = register("f", false, UNVERIFIED);
    invoke2(id, null, "k", 1, () -> "v"); // the one miss
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 300; t++) { // more than the cells kept before ended threads are folded
      Thread thread = new Thread(() -> {
        for (int i = 0; i < 1000; i++) {
          assertThat(memo.enter2(id, null, "k", 1)).isInstanceOf(MemoHit.class);
        }
      });
      threads.add(thread);
      thread.start();
      if (t % 20 == 0) {
        assertThat(snapshot("f").hits()).isLessThanOrEqualTo(300_000); // a snapshot meanwhile
      }
      if (t % 2 == 0) {
        thread.join(); // half end before later threads start counting
      }
    }
    for (Thread thread : threads) {
      thread.join();
    }

    MemoSnapshot f = snapshot("f");
    assertThat(f.hits()).isEqualTo(300_000);
    assertThat(f.misses()).isEqualTo(1);
    assertThat(f.lookups()).isEqualTo(300_001);
  }

  @Test
  void oneAndTwoArgumentEntries_keyByValue_andCopyArrays() throws Exception {
    int one = register("one", false, UNVERIFIED);
    int two = register("two", true, UNVERIFIED);
    AtomicInteger runs = new AtomicInteger();
    Object receiver = new Object();
    int[] values = {1, 2};

    invoke1(one, null, new String("a"), runs::incrementAndGet);
    invoke1(one, null, "a", runs::incrementAndGet);
    invoke1(one, null, null, runs::incrementAndGet);
    invoke1(one, null, null, runs::incrementAndGet);
    invoke2(two, receiver, "a", values, runs::incrementAndGet);
    values[0] = 100; // must not change the stored key
    invoke2(two, receiver, "a", new int[] {1, 2}, runs::incrementAndGet);
    invoke2(two, receiver, null, 3L, runs::incrementAndGet);
    invoke2(two, receiver, null, 3L, runs::incrementAndGet);
    invoke2(two, new Object(), null, 3L, runs::incrementAndGet); // another receiver

    assertThat(runs).hasValue(5);
    assertThat(snapshot("one").hits()).isEqualTo(2);
    assertThat(snapshot("two").hits()).isEqualTo(2);
    assertThat(snapshot("two").size()).isEqualTo(3);
  }

  @Test
  void differentResult_marksTheMethodUnsafe_andEveryLaterCallRunsTheBody() throws Exception {
    memo.showValues(true); // memoize.showvalues=true, the opt-in
    int id = register("f", false, MemoSettings.DEFAULTS);
    AtomicInteger counter = new AtomicInteger();
    Callable<Object> impure = counter::incrementAndGet;

    assertThat(invoke(id, null, new Object[] {"k", new int[] {1}}, impure)).isEqualTo(1);
    assertThat(invoke(id, null, new Object[] {"k", new int[] {1}}, impure)).isEqualTo(2);
    assertThat(invoke(id, null, new Object[] {"k", new int[] {1}}, impure)).isEqualTo(3);

    MemoSnapshot f = snapshot("f");
    assertThat(f.state()).isEqualTo("unsafe");
    assertThat(f.evidence()).isIn( // the order is drawn per verification: VerificationOrderTest
        "arguments (\"k\", int[1]): cached 1, computed again 2 (order: cache read, then computed"
            + " again)",
        "arguments (\"k\", int[1]): cached 1, computed again 2 (order: computed again, then cache"
            + " read)");
    assertThat(f.reason()).contains("not a pure function");
    assertThat(f.size()).isZero();
  }

  @Test
  void differentResult_byDefault_isEvidencedWithoutValues() throws Exception {
    int id = register("f", false, MemoSettings.DEFAULTS);
    AtomicInteger counter = new AtomicInteger(4710);
    Callable<Object> token = () -> "token-" + counter.incrementAndGet();

    invoke(id, null, new Object[] {"password-1"}, token);
    invoke(id, null, new Object[] {"password-1"}, token);

    MemoSnapshot f = snapshot("f");
    assertThat(f.state()).isEqualTo("unsafe");
    assertThat(f.evidence()).doesNotContain("password").doesNotContain("token")
        .doesNotContain("4711").doesNotContain("4712")
        .matches("arguments \\(String\\(10 chars\\)#[0-9a-f]{8}\\): cached String\\(10"
            + " chars\\)#[0-9a-f]{8}, computed again String\\(10 chars\\)#[0-9a-f]{8}"
            + " \\(order: (cache read, then computed again|computed again, then cache read)\\)");
  }

  @Test
  void showValues_theOptIn_isAWarning_theDefaultSaysNothing() {
    try (dev.overclock.log.LogLines lines = dev.overclock.log.LogLines.capture()) {
      memo.showValues(false);
      assertThat(lines.lines()).isEmpty();

      memo.showValues(true);

      assertThat(lines.lines()).singleElement().asString()
          .contains("memoize.showvalues=true", "argument and result values", "secrets");
    }
  }

  @Test
  void sameArgumentsOnSeveralThreads_computeOnce_theOthersWait() throws Exception {
    int id = register("slow", false, UNVERIFIED);
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch computing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Callable<Object> body = () -> {
      runs.incrementAndGet();
      computing.countDown();
      release.await();
      return "result";
    };

    Future<Object> owner = pool.submit(() -> invoke(id, null, new Object[] {1L}, body));
    computing.await();
    List<Thread> waiters = new ArrayList<>();
    List<Future<Object>> results = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      results.add(pool.submit(() -> {
        synchronized (waiters) {
          waiters.add(Thread.currentThread());
        }
        return invoke(id, null, new Object[] {1L}, body);
      }));
    }
    awaitParked(waiters, 6);
    release.countDown();

    assertThat(owner.get()).isEqualTo("result");
    for (Future<Object> result : results) {
      assertThat(result.get()).isEqualTo("result");
    }
    assertThat(runs).hasValue(1);
    assertThat(snapshot("slow").waits()).isEqualTo(6);
  }

  @Test
  void threadsOwningComputations_neverWaitForEachOther_soCrossedKeysCannotDeadlock() {
    int id = register("crossed", false, UNVERIFIED);
    CountDownLatch bothClaimed = new CountDownLatch(2);
    // Thread A computes key 1, which needs key 2; thread B computes key 2, which needs key 1.
    Function<Long, Callable<Object>> crossing = key -> () -> invoke(id, null, new Object[] {key}, () -> {
      bothClaimed.countDown();
      bothClaimed.await();
      return (Long) invoke(id, null, new Object[] {3 - key}, () -> 10L) + key;
    });

    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      Future<Object> a = pool.submit(crossing.apply(1L));
      Future<Object> b = pool.submit(crossing.apply(2L));
      // Each thread computed the other's key itself instead of waiting for it (which one's result
      // the cache kept depends on timing: the body here is deliberately not a function).
      assertThat(a.get()).isInstanceOf(Long.class);
      assertThat(b.get()).isInstanceOf(Long.class);
    });
  }

  @Test
  void recursionOnOverlappingKeys_onSeveralThreads_agreesWithThePlainResult() {
    int id = register("fib", false, MemoSettings.DEFAULTS);

    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      List<Future<Object>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        long n = 80 + t;
        results.add(pool.submit(() -> fib(id, n)));
      }
      for (int t = 0; t < 8; t++) {
        assertThat(results.get(t).get()).isEqualTo(plainFib(80 + t));
      }
    });
    MemoSnapshot fib = snapshot("fib");
    assertThat(fib.state()).isEqualTo("active");
    assertThat(fib.checkFailures()).isZero();
  }

  private long fib(int id, long n) throws Exception {
    return (Long) invoke(id, null, new Object[] {n},
        () -> n < 2 ? n : fib(id, n - 1) + fib(id, n - 2));
  }

  private static long plainFib(long n) {
    long a = 0;
    long b = 1;
    for (long i = 0; i < n; i++) {
      long next = a + b;
      a = b;
      b = next;
    }
    return a;
  }

  @Test
  void instanceMethods_keepResultsPerReceiver_andDoNotKeepReceiversAlive() throws Exception {
    int id = register("times", true, UNVERIFIED);
    Object first = new Object();
    Object second = new Object();

    assertThat(invoke(id, first, new Object[] {5L}, () -> 10L)).isEqualTo(10L);
    assertThat(invoke(id, second, new Object[] {5L}, () -> 15L)).isEqualTo(15L);
    assertThat(invoke(id, first, new Object[] {5L}, () -> -1L)).isEqualTo(10L);
    assertThat(invoke(id, second, new Object[] {5L}, () -> -1L)).isEqualTo(15L);

    WeakReference<Object> collected = new WeakReference<>(first);
    first = null;
    invoke(id, second, new Object[] {6L}, () -> 18L); // the last receiver is now another one
    // System.gc() is a synchronous full collection on the JDK's collectors: no waiting needed.
    for (int i = 0; i < 20 && collected.get() != null; i++) {
      System.gc();
    }
    assertThat(collected.get()).isNull();
    assertThat(invoke(id, second, new Object[] {5L}, () -> -1L)).isEqualTo(15L);
  }

  @Test
  void results_expireAfterWrite_onTheCachesClock() throws Exception {
    int id = register("f", false, new MemoSettings(100, Duration.ofSeconds(30), 0, 0));

    assertThat(invoke(id, null, new Object[] {1L}, () -> "first")).isEqualTo("first");
    nanos.addAndGet(Duration.ofSeconds(29).toNanos());
    assertThat(invoke(id, null, new Object[] {1L}, () -> "second")).isEqualTo("first");
    nanos.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(invoke(id, null, new Object[] {1L}, () -> "third")).isEqualTo("third");
  }

  @Test
  void aMillionDistinctKeys_staysWithinMaxSize_andBoundedHeap() throws Exception {
    int id = register("bounded", false, new MemoSettings(1000, Duration.ZERO, 0, 0));
    long before = usedHeapAfterGc();

    for (long i = 0; i < 1_000_000; i++) {
      long value = i;
      invoke(id, null, new Object[] {value}, () -> value * 2);
    }

    MemoSnapshot bounded = snapshot("bounded");
    assertThat(bounded.size()).isLessThanOrEqualTo(1000);
    assertThat(bounded.evictions()).isGreaterThanOrEqualTo(999_000);
    assertThat(bounded.misses()).isEqualTo(1_000_000);
    // A million entries would take about 100 MB; a thousand take well under one.
    assertThat(usedHeapAfterGc() - before).isLessThan(16L << 20);
  }

  @Test
  void methodsOfTheSameNameInTwoClassLoaders_haveSeparateCaches_butOneReportLine() throws Exception {
    MethodRef ref = new MethodRef("test.Memo", "g", "(J)J", "annotation");
    int first = memo.register(ref, getClass().getClassLoader(), false, UNVERIFIED);
    int second = memo.register(ref, new ClassLoader() {}, false, UNVERIFIED);
    memo.woven(first);
    memo.woven(second);

    assertThat(first).isNotEqualTo(second);
    assertThat(invoke(first, null, new Object[] {1L}, () -> "one")).isEqualTo("one");
    assertThat(invoke(second, null, new Object[] {1L}, () -> "two")).isEqualTo("two");
    assertThat(memo.register(ref, getClass().getClassLoader(), false, UNVERIFIED)).isEqualTo(first);
    assertThat(snapshot("g").misses()).isEqualTo(2);
    assertThat(memo.snapshot()).hasSize(1);
  }

  @Test
  void skippedMethods_areReportedWithTheirReason() {
    memo.skip(new MethodRef("test.Memo", "v", "()V", "annotation"), "it returns void");

    MemoSnapshot v = snapshot("v");
    assertThat(v.state()).isEqualTo("skipped");
    assertThat(v.reason()).isEqualTo("it returns void");
    assertThat(v.settings()).isNull();
  }

  @Test
  void anUnregisteredId_runsTheBody() {
    assertThat(memo.enter(9, null, new Object[0])).isNull();
    memo.exit(9, null, "result", null);
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    Runtime runtime = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
    }
    return used;
  }

  @Test
  void clear_emptiesTheCaches_andReleasesWaiters_whoComputeThemselves() throws Exception {
    // A detach: the caches must not keep results alive, and no caller may wait on a computation
    // whose end the agent will never see (its exit no longer reaches this sink).
    int id = register("detached", false, UNVERIFIED);
    AtomicInteger runs = new AtomicInteger();
    invoke(id, null, new Object[] {7L}, () -> runs.incrementAndGet() > 0 ? "cached" : null);
    assertThat(snapshot("detached").size()).isEqualTo(1);

    CountDownLatch computing = new CountDownLatch(1);
    Object ownerCall = memo.enter(id, null, new Object[] {8L});
    assertThat(ownerCall).isInstanceOf(MemoCall.class);
    List<Thread> waiters = new ArrayList<>();
    Future<Object> waiter = pool.submit(() -> {
      synchronized (waiters) {
        waiters.add(Thread.currentThread());
      }
      computing.countDown();
      return invoke(id, null, new Object[] {8L}, () -> "computed by the waiter");
    });
    computing.await();
    awaitParked(waiters, 1);

    memo.clear();

    assertThat(waiter.get()).isEqualTo("computed by the waiter");
    assertThat(snapshot("detached").waits()).isZero();
    invoke(id, null, new Object[] {7L}, () -> runs.incrementAndGet() > 0 ? "computed" : null);
    assertThat(runs).as("the result cached before clear() is gone").hasValue(2);
    memo.exit(id, ownerCall, "late", null); // this thread owns no computation any more
  }

  @Test
  void registeringAgainWithOtherSettings_keepsTheId_andStartsAFreshCache() throws Exception {
    // Attaching again with other memoize options: classes still woven for the old options pass
    // the same id, which must still mean the same method.
    int id = register("resized", false, UNVERIFIED);
    invoke(id, null, new Object[] {1L}, () -> "one");
    assertThat(register("resized", false, UNVERIFIED)).isEqualTo(id);
    assertThat(snapshot("resized").size()).isEqualTo(1);

    MemoSettings smaller = new MemoSettings(1, Duration.ZERO, 0, 0);
    assertThat(register("resized", false, smaller)).isEqualTo(id);

    assertThat(snapshot("resized").settings()).isEqualTo(smaller);
    assertThat(snapshot("resized").size()).isZero();
    assertThat(invoke(id, null, new Object[] {1L}, () -> "again")).isEqualTo("again");
  }

  /** Waits until the threads have all parked (waiting for the computation in flight). */
  /** The method of {@code id}, through its site (as the advice finds it). */
  private MemoMethod method(int id) {
    return ((BoundSite) memo.site(id)).method();
  }

  /** The hit the method's table of recent hits holds for one argument, or {@code null}. */
  private static MemoHit inTable(MemoMethod method, Object argument) {
    return method.recent.get(null, argument, RecentHits.ONE, RecentHits.hash(null, argument,
        RecentHits.ONE));
  }

  @Test
  void tableOfRecentHits_answersFromBothSlotsOfASet_andTheStaticLookupAgreesWithTheGeneralOne() {
    RecentHits table = RecentHits.of(10_000);
    // Two keys that share a set: the second one added moves the first into the set's second slot.
    long first = 0;
    long second = 1;
    while (table.index(RecentHits.hash(null, second, RecentHits.ONE))
        != table.index(RecentHits.hash(null, first, RecentHits.ONE))) {
      second++;
    }
    MemoHit firstHit = new MemoHit(first);
    MemoHit secondHit = new MemoHit(second);
    table.put(null, first, RecentHits.ONE, RecentHits.hash(null, first, RecentHits.ONE), firstHit);
    table.put(null, second, RecentHits.ONE, RecentHits.hash(null, second, RecentHits.ONE),
        secondHit);
    for (long k = 0; k <= second + 10; k++) {
      int hash = RecentHits.hash(null, k, RecentHits.ONE);
      MemoHit expected = k == first ? firstHit : k == second ? secondHit : null;
      assertThat(table.getStatic1(k, hash)).isSameAs(expected);
      assertThat(table.get(null, k, RecentHits.ONE, hash)).isSameAs(expected);
      // equal but not the same object: found through equals
      assertThat(table.getStatic1(Long.valueOf(k + 0x1_0000_0000L - 0x1_0000_0000L), hash))
          .isSameAs(expected);
    }
    // an instance method's entries: the token is compared in both slots
    RecentHits.Token token = new RecentHits.Token();
    RecentHits.Token other = new RecentHits.Token();
    RecentHits byReceiver = RecentHits.of(2); // one set of two slots
    MemoHit a = new MemoHit("a");
    MemoHit b = new MemoHit("b");
    byReceiver.put(token, "a", RecentHits.ONE, RecentHits.hash(token, "a", RecentHits.ONE), a);
    byReceiver.put(token, "b", RecentHits.ONE, RecentHits.hash(token, "b", RecentHits.ONE), b);
    assertThat(byReceiver.get(token, "a", RecentHits.ONE,
        RecentHits.hash(token, "a", RecentHits.ONE))).isSameAs(a);
    assertThat(byReceiver.get(token, "b", RecentHits.ONE,
        RecentHits.hash(token, "b", RecentHits.ONE))).isSameAs(b);
    assertThat(byReceiver.get(other, "a", RecentHits.ONE,
        RecentHits.hash(other, "a", RecentHits.ONE))).isNull();
  }

  @Test
  void tableOfRecentHits_holdsOnlyWhatTheCacheHolds_andForgetsWhatItEvicts() throws Exception {
    int id = register("bounded", false, new MemoSettings(8, Duration.ZERO, 0, 0));
    MemoMethod method = method(id);
    AtomicInteger runs = new AtomicInteger();
    for (int round = 0; round < 3; round++) {
      for (long k = 0; k < 8; k++) {
        long key = k;
        assertThat(invoke1(id, null, key, () -> {
          runs.incrementAndGet();
          return key * 2;
        })).isEqualTo(key * 2);
      }
    }
    int tabled = 0;
    for (long k = 0; k < 8; k++) {
      MemoHit held = inTable(method, k);
      if (held != null) {
        tabled++;
        assertThat(held).isSameAs(method.cache.getIfPresent(k));
      }
    }
    assertThat(tabled).isPositive(); // at most 8 slots, two per hash: some keys may share
    // 100 new keys: misses that evict; the table keeps nothing the cache let go
    for (long k = 100; k < 200; k++) {
      long key = k;
      invoke1(id, null, key, () -> key * 2);
      invoke1(id, null, key, () -> key * 2);
    }
    int inTable = 0;
    for (long k = 0; k < 200; k++) {
      MemoHit held = inTable(method, k);
      if (held != null) {
        inTable++;
        assertThat(method.cache.asMap().get(k)).isSameAs(held);
      }
    }
    assertThat(inTable).isBetween(1, 8);
    MemoSnapshot bounded = snapshot("bounded");
    assertThat(runs.get()).isEqualTo(8);
    assertThat(bounded.hits() + bounded.misses()).isEqualTo(24 + 200);
    assertThat(bounded.misses()).isBetween(8L + 100, 8L + 200);
    assertThat(bounded.evictions()).isEqualTo(bounded.misses() - bounded.size());
    assertThat(bounded.size()).isLessThanOrEqualTo(8);
  }

  @Test
  void aMethodTurnedOff_neverServesAHitFromItsTableAgain() throws Exception {
    int id = register("turnedOff", false, UNVERIFIED);
    MemoMethod method = method(id);
    AtomicInteger runs = new AtomicInteger();
    for (int i = 0; i < 5; i++) {
      invoke1(id, null, 7L, runs::incrementAndGet);
    }
    assertThat(runs.get()).isEqualTo(1);
    assertThat(inTable(method, 7L)).isNotNull();

    memo.undo(method.method.key(), "taken back");

    assertThat(inTable(method, 7L)).isNull();
    for (int i = 0; i < 5; i++) {
      assertThat(memo.enter1(id, null, 7L)).isNull(); // null: run the body, nothing recorded
      // the site answers nothing: it hands the call back (to the bridge, that is memo.enter1)
      assertThat(method.site.enter1(null, 7L, Long.hashCode(7L))).isSameAs(method.site);
    }
    assertThat(snapshot("turnedOff").hits()).isEqualTo(4);
  }

  @Test
  void aMethodFoundUnsafe_byAVerifiedTableHit_neverServesFromItsTableAgain() throws Exception {
    int id = register("impureTable", false, new MemoSettings(100, Duration.ZERO, 0, 0.5));
    MemoMethod method = method(id);
    AtomicInteger counter = new AtomicInteger();
    // miss, a hit from the cache (into the table), then table hits until the sampled check
    // (every 2nd hit of this thread) runs the body, which returns something else: unsafe
    for (int i = 0; i < 6; i++) {
      invoke1(id, null, "k", counter::incrementAndGet);
    }
    MemoSnapshot impure = snapshot("impureTable");
    assertThat(impure.state()).isEqualTo("unsafe");
    assertThat(inTable(method, "k")).isNull();
    int before = counter.get();
    for (int i = 0; i < 5; i++) {
      assertThat(invoke1(id, null, "k", counter::incrementAndGet)).isEqualTo(before + i + 1);
    }
    assertThat(snapshot("impureTable").hits()).isEqualTo(impure.hits());
  }

  /** A call of one argument as the advice makes it: the site, else the bridge by id. */
  private static Object asTheAdviceDoes(MemoMethod method, Object argument) {
    Object call = method.site.enter1(null, argument, MemoKeys.hash(argument));
    return call != method.site ? call : Dispatcher.memoEnter1(method.id, null, argument);
  }

  @Test
  void aSiteWhoseSinkIsNotInstalled_passesItsCallsToTheBridge() throws Exception {
    int id = register("bridged", false, UNVERIFIED);
    MemoMethod method = method(id);
    AtomicInteger byId = new AtomicInteger();
    MemoSink other = new MemoSink() {
      @Override
      public Object enter(int methodId, Object receiver, Object[] arguments) {
        byId.incrementAndGet();
        return null;
      }

      @Override
      public void exit(int methodId, Object call, Object result, Throwable thrown) {}
    };
    try {
      Dispatcher.setMemo(memo);
      invoke1(id, null, 3L, () -> 30L);
      assertThat(asTheAdviceDoes(method, 3L)).isInstanceOf(MemoHit.class); // by id, into the table
      assertThat(method.site.enter1(null, 3L, Long.hashCode(3L))).isInstanceOf(MemoHit.class);

      Dispatcher.setMemo(other);
      assertThat(method.site.enter1(null, 3L, Long.hashCode(3L))).isSameAs(method.site);
      assertThat(asTheAdviceDoes(method, 3L)).isNull();
      assertThat(byId.get()).isEqualTo(1);

      Dispatcher.setMemo(memo);
      assertThat(asTheAdviceDoes(method, 3L)).isInstanceOf(MemoHit.class);
      assertThat(byId.get()).isEqualTo(1);
      assertThat(snapshot("bridged").hits()).isEqualTo(3);
    } finally {
      Dispatcher.setMemo(null);
    }
  }

  private static void awaitParked(List<Thread> threads, int count) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      synchronized (threads) {
        if (threads.size() == count && threads.stream().allMatch(
            t -> t.getState() == Thread.State.TIMED_WAITING || t.getState() == Thread.State.WAITING)) {
          return;
        }
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("the waiting threads did not park");
  }
}
