package dev.overclock.memo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.bootstrap.MemoHit;
import dev.overclock.metrics.MethodRef;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The order of a verified hit, drawn per verification: the cache read first then the method run
 * again, or the method run first then the cache read. Both catch a result that depends on hidden
 * state; each catches a change of the cache entry during the call that the other misses.
 */
class VerificationOrderTest {

  private static final String READ_FIRST = " (order: cache read, then computed again)";
  private static final String RECOMPUTED_FIRST = " (order: computed again, then cache read)";
  /** Every hit verified (the first 1,000), results kept a minute on the test's clock. */
  private static final MemoSettings VERIFY_ALL =
      new MemoSettings(100, Duration.ofMinutes(1), 1_000, 0);

  private final AtomicLong nanos = new AtomicLong();

  private static int register(MemoRecorders memo, String name) {
    int id = memo.register(new MethodRef("test.Order", name, "(Ljava/lang/String;)I", "auto"),
        VerificationOrderTest.class.getClassLoader(), false, VERIFY_ALL);
    memo.woven(id);
    return id;
  }

  /** What the advice of a one-parameter method does around its body. */
  private static Object invoke1(MemoRecorders memo, int id, Object argument,
      Callable<Object> body) throws Exception {
    Object call = memo.enter1(id, null, argument);
    if (call instanceof MemoHit) {
      return ((MemoHit) call).value;
    }
    Object result = body.call();
    memo.exit(id, call, result, null);
    return result;
  }

  private static MemoSnapshot snapshot(MemoRecorders memo, String name) {
    return memo.snapshot().stream().filter(s -> s.method().methodName().equals(name))
        .findFirst().orElseThrow();
  }

  @Test
  void eachVerificationDrawsItsOrder_soBothHappen_andTheEvidenceNamesIt() throws Exception {
    MemoRecorders memo = new MemoRecorders(nanos::get); // the agent's own random draw
    Set<String> orders = new TreeSet<>();
    for (int i = 0; i < 64; i++) { // both orders, but with probability 2^-63
      int id = register(memo, "counter" + i);
      AtomicInteger calls = new AtomicInteger();
      invoke1(memo, id, "k", calls::incrementAndGet); // the miss: 1
      invoke1(memo, id, "k", calls::incrementAndGet); // a verified hit: 2

      MemoSnapshot figures = snapshot(memo, "counter" + i);
      assertThat(figures.state()).isEqualTo("unsafe");
      assertThat(figures.evidence()).matches(".*cached Integer#[0-9a-f]{8}, computed again"
          + " Integer#[0-9a-f]{8} \\(order: .*\\)");
      orders.add(figures.evidence().replaceAll(".*(\\(order: .*\\))", "$1"));
    }
    assertThat(orders).containsExactly(
        "(order: cache read, then computed again)", "(order: computed again, then cache read)");
  }

  @ParameterizedTest(name = "recomputed first: {0}")
  @ValueSource(booleans = {false, true})
  void aResultThatChangesOnTheSecondCall_isCaughtInEitherOrder(boolean recomputedFirst)
      throws Exception {
    MemoRecorders memo = new MemoRecorders(nanos::get, () -> recomputedFirst);
    memo.showValues(true);
    int id = register(memo, "second");
    AtomicInteger calls = new AtomicInteger(); // hidden state: the second call answers otherwise
    Callable<Object> body = () -> calls.incrementAndGet() == 1 ? "first" : "later";

    assertThat(invoke1(memo, id, "k", body)).isEqualTo("first");
    assertThat(invoke1(memo, id, "k", body)).isEqualTo("later"); // verified: its own result
    assertThat(invoke1(memo, id, "k", body)).isEqualTo("later"); // off: the body runs

    MemoSnapshot figures = snapshot(memo, "second");
    assertThat(figures.state()).isEqualTo("unsafe");
    assertThat(figures.checkFailures()).isEqualTo(1);
    assertThat(figures.evidence()).isEqualTo("arguments (\"k\"): cached \"first\", computed again"
        + " \"later\"" + (recomputedFirst ? RECOMPUTED_FIRST : READ_FIRST));
    assertThat(calls).hasValue(3);
  }

  @ParameterizedTest(name = "recomputed first: {0}")
  @ValueSource(booleans = {false, true})
  void anArgumentWrittenInto_isCaughtInEitherOrder(boolean recomputedFirst) throws Exception {
    MemoRecorders memo = new MemoRecorders(nanos::get, () -> recomputedFirst);
    int id = register(memo, "sorts");
    int[] values = {2, 1};
    Callable<Object> sorts = () -> {
      java.util.Arrays.sort(values); // the same result, but the caller's array is changed
      return 3;
    };

    invoke1(memo, id, values, sorts);
    values[0] = 2;
    values[1] = 1;
    invoke1(memo, id, values, sorts);

    MemoSnapshot figures = snapshot(memo, "sorts");
    assertThat(figures.state()).isEqualTo("unsafe");
    assertThat(figures.reason()).contains("changed its arguments");
    assertThat(figures.evidence()).endsWith(recomputedFirst ? RECOMPUTED_FIRST : READ_FIRST);
  }

  /**
   * A verified call of "k" starts while the cache holds {@code A}; the entry expires, another
   * call stores {@code B}, then the verified call ends with {@code itsResult}.
   */
  private MemoSnapshot entryReplacedDuringAVerifiedCall(boolean recomputedFirst, String itsResult)
      throws Exception {
    MemoRecorders memo = new MemoRecorders(nanos::get, () -> recomputedFirst);
    int id = register(memo, "replaced");
    nanos.set(0);
    invoke1(memo, id, "k", () -> "A"); // stored at 0 s
    nanos.set(Duration.ofSeconds(59).toNanos());
    Object verified = memo.enter1(id, null, "k");
    assertThat(verified).isNotInstanceOf(MemoHit.class); // a verified hit: the body runs

    nanos.set(Duration.ofSeconds(61).toNanos()); // "A" expires; another call stores "B"
    assertThat(invoke1(memo, id, "k", () -> "B")).isEqualTo("B");

    memo.exit(id, verified, itsResult, null);
    return snapshot(memo, "replaced");
  }

  @Test
  void aResultThatChangedAndWasStoredMeanwhile_isCaughtReadFirst_notRecomputedFirst()
      throws Exception {
    assertThat(entryReplacedDuringAVerifiedCall(false, "B").state()).isEqualTo("unsafe");
    assertThat(entryReplacedDuringAVerifiedCall(true, "B").state()).isEqualTo("active");
  }

  @Test
  void anotherResultStoredWhileTheCallComputedTheOld_isCaughtRecomputedFirst_notReadFirst()
      throws Exception {
    assertThat(entryReplacedDuringAVerifiedCall(false, "A").state()).isEqualTo("active");
    MemoSnapshot figures = entryReplacedDuringAVerifiedCall(true, "A");
    assertThat(figures.state()).isEqualTo("unsafe");
    assertThat(figures.evidence()).endsWith(RECOMPUTED_FIRST);
  }

  @ParameterizedTest(name = "recomputed first: {0}")
  @ValueSource(booleans = {false, true})
  void aPureMethod_agreesInEitherOrder_alsoWhenItsEntryIsEvictedMeanwhile(
      boolean recomputedFirst) throws Exception {
    MemoRecorders memo = new MemoRecorders(nanos::get, () -> recomputedFirst);
    int id = register(memo, "pure");
    invoke1(memo, id, "k", () -> 42);
    for (int i = 0; i < 10; i++) {
      assertThat(invoke1(memo, id, "k", () -> 42)).isEqualTo(42);
    }
    Object verified = memo.enter1(id, null, "k");
    nanos.set(Duration.ofMinutes(2).toNanos()); // the entry expires during the call
    memo.exit(id, verified, 42, null);

    MemoSnapshot figures = snapshot(memo, "pure");
    assertThat(figures.state()).isEqualTo("active");
    assertThat(figures.checks()).isEqualTo(11);
    assertThat(figures.checkFailures()).isZero();
  }
}
