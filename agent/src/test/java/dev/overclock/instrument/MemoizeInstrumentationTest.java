package dev.overclock.instrument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overclock.bootstrap.Dispatcher;
import dev.overclock.bootstrap.MemoSink;
import dev.overclock.memo.MemoPolicy;
import dev.overclock.memo.MemoRecorders;
import dev.overclock.memo.MemoSnapshot;
import dev.overclock.metrics.MethodSnapshot;
import dev.overclock.metrics.TimingRecorders;
import dev.overclock.select.MethodFilter;
import dev.overclock.select.MethodSelector;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The memoization advice in a real JVM, woven with the timing advice by the same {@link
 * Instrumenter} as in the agent, into fixture classes loaded fresh for each test.
 */
class MemoizeInstrumentationTest {

  private static Instrumentation instrumentation;

  private TimingRecorders timing;
  private MemoRecorders memo;
  private Instrumenter instrumenter;
  private long suppressedBefore;
  private Class<?> fixtures;

  @BeforeAll
  static void installAgent() {
    instrumentation = ByteBuddyAgent.install();
  }

  @BeforeEach
  void setUp() throws Exception {
    timing = new TimingRecorders(null, 16);
    memo = new MemoRecorders();
    Dispatcher.setTiming(timing);
    Dispatcher.setMemo(memo);
    suppressedBefore = Dispatcher.suppressedFailures();
  }

  @AfterEach
  void tearDown() {
    if (instrumenter != null) {
      instrumenter.reset();
    }
    Dispatcher.setTiming(null);
    Dispatcher.setMemo(null);
    assertThat(Dispatcher.suppressedFailures() - suppressedBefore).isZero();
  }

  @Test
  void plainRecursion_fib90_returnsAtOnce() throws Throwable {
    install(List.of());

    assertThat(call("fib", 90L)).isEqualTo(2880067194370816120L);

    MemoSnapshot fib = memoSnapshot("fixture.MemoFixtures::fib").orElseThrow();
    assertThat(fib.misses()).isEqualTo(91);
    assertThat(fib.state()).isEqualTo("active");
    assertThat(fib.size()).isEqualTo(91);
  }

  @Test
  void timingIsOutermost_andCountsHitsToo() throws Throwable {
    install(List.of());

    for (int i = 0; i < 5; i++) {
      assertThat(call("timedSquare", 7L)).isEqualTo(49L);
    }

    assertThat(runs()).isEqualTo(1);
    MethodSnapshot timed = timingSnapshot("fixture.MemoFixtures::timedSquare").orElseThrow();
    assertThat(timed.calls()).isEqualTo(5);
    MemoSnapshot memoized = memoSnapshot("fixture.MemoFixtures::timedSquare").orElseThrow();
    assertThat(memoized.hits()).isEqualTo(4);
    assertThat(memoized.misses()).isEqualTo(1);
  }

  @Test
  void nullResults_areCachedAndReturnedAsNull() throws Throwable {
    install(List.of());

    assertThat(call("nullFor", "")).isNull();
    assertThat(call("nullFor", "")).isNull();
    assertThat(call("nullFor", "a")).isEqualTo("A");

    assertThat(runs()).isEqualTo(2);
  }

  @Test
  void exceptions_areNeverCached_andReachTheCallerAsTheSameInstance() throws Throwable {
    install(List.of());
    Object expected = fixtures.getField("FAILURE").get(null);

    fixtures.getField("fail").set(null, true);
    assertThatThrownBy(() -> call("failing", 1)).isSameAs(expected);
    assertThatThrownBy(() -> call("failing", 1)).isSameAs(expected);
    fixtures.getField("fail").set(null, false);
    assertThat(call("failing", 1)).isEqualTo(2);
    assertThat(call("failing", 1)).isEqualTo(2);

    assertThat(runs()).isEqualTo(3);
  }

  @Test
  void arrayArguments_areComparedByContent_andCopied() throws Throwable {
    install(List.of());
    int[] values = {1, 2, 3};

    assertThat(call("sum", values, 10)).isEqualTo(16);
    assertThat(call("sum", new int[] {1, 2, 3}, 10)).isEqualTo(16);
    values[0] = 100; // must not change the cached key
    assertThat(call("sum", values, 10)).isEqualTo(115);
    assertThat(call("sum", new int[] {1, 2, 3}, 10)).isEqualTo(16);

    assertThat(runs()).isEqualTo(2);
  }

  @Test
  void arrayResults_andEveryPrimitiveArgumentType_work() throws Throwable {
    install(List.of());

    int[] first = (int[]) call("range", 3);
    assertThat(call("range", 3)).isSameAs(first);
    assertThat(first).containsExactly(0, 1, 2);
    Object mixed = call("mixed", (byte) 1, (short) 2, 'c', true, 1.5f, 2.5d, "xyz");
    assertThat(call("mixed", (byte) 1, (short) 2, 'c', true, 1.5f, 2.5d, "xyz")).isEqualTo(mixed);
    assertThat(call("mixed", (byte) 1, (short) 2, 'c', false, 1.5f, 2.5d, "xyz"))
        .isNotEqualTo(mixed);

    assertThat(runs()).isEqualTo(3);
  }

  @Test
  void oneAndTwoParameters_reachTheSinkWithoutAnArgumentArray() throws Throwable {
    install(List.of());
    List<String> entries = new java.util.ArrayList<>();
    Dispatcher.setMemo(new MemoSink() {
      @Override
      public Object enter(int methodId, Object receiver, Object[] arguments) {
        entries.add("enter" + arguments.length);
        return memo.enter(methodId, receiver, arguments);
      }

      @Override
      public Object enter1(int methodId, Object receiver, Object argument) {
        entries.add("enter1 " + argument);
        return memo.enter1(methodId, receiver, argument);
      }

      @Override
      public Object enter2(int methodId, Object receiver, Object first, Object second) {
        entries.add("enter2 " + second);
        return memo.enter2(methodId, receiver, first, second);
      }

      @Override
      public void exit(int methodId, Object call, Object result, Throwable thrown) {
        memo.exit(methodId, call, result, thrown);
      }
    });

    assertThat(call("range", 3)).isEqualTo(new int[] {0, 1, 2});
    assertThat(call("sum", new int[] {1, 2}, 10)).isEqualTo(13);
    assertThat(call("sum", new int[] {1, 2}, 10)).isEqualTo(13);
    call("mixed", (byte) 1, (short) 2, 'c', true, 1.5f, 2.5d, "xyz");

    assertThat(entries).containsExactly("enter1 3", "enter2 10", "enter2 10", "enter7");
    assertThat(runs()).isEqualTo(3);
    MemoSnapshot sum = memoSnapshot("fixture.MemoFixtures::sum").orElseThrow();
    assertThat(sum.hits() + sum.checks()).isEqualTo(1);
    assertThat(sum.misses()).isEqualTo(1);
  }

  @Test
  void oneParameter_hitsGoThroughTheBoundSite_notTheSinkById_andBackWhenTheSinkChanges()
      throws Throwable {
    AtomicInteger byId = new AtomicInteger();
    // A sink that counts calls by id and lends memo's sites: a woven class bound to a site never
    // calls the sink by id while memo is installed behind it.
    MemoSink lending = new MemoSink() {
      @Override
      public Object enter(int methodId, Object receiver, Object[] arguments) {
        byId.incrementAndGet();
        return memo.enter(methodId, receiver, arguments);
      }

      @Override
      public Object enter1(int methodId, Object receiver, Object argument) {
        byId.incrementAndGet();
        return memo.enter1(methodId, receiver, argument);
      }

      @Override
      public dev.overclock.bootstrap.MemoSite site(int methodId) {
        return memo.site(methodId);
      }

      @Override
      public void installed(boolean installed) {
        memo.installed(installed);
      }

      @Override
      public void exit(int methodId, Object call, Object result, Throwable thrown) {
        memo.exit(methodId, call, result, thrown);
      }
    };
    Dispatcher.setMemo(lending);
    install(List.of());

    // the miss and the first hit (from the cache, into the table) go by id; the rest do not
    for (int i = 0; i < 4; i++) {
      assertThat(call("timedSquare", 7L)).isEqualTo(49L);
    }
    assertThat(byId.get()).isEqualTo(2);
    for (int i = 0; i < 6; i++) {
      assertThat(call("timedSquare", 7L)).isEqualTo(49L);
    }
    assertThat(byId.get()).isEqualTo(2);
    assertThat(runs()).isEqualTo(1);

    // Another sink installed: the bound site passes the call to the bridge, which has no site
    Dispatcher.setMemo(new MemoSink() {
      @Override
      public Object enter(int methodId, Object receiver, Object[] arguments) {
        return null;
      }

      @Override
      public void exit(int methodId, Object call, Object result, Throwable thrown) {}
    });
    assertThat(call("timedSquare", 7L)).isEqualTo(49L);
    assertThat(runs()).isEqualTo(2);

    Dispatcher.setMemo(memo);
    assertThat(call("timedSquare", 7L)).isEqualTo(49L);
    assertThat(runs()).isEqualTo(2);
    MemoSnapshot square = memoSnapshot("fixture.MemoFixtures::timedSquare").orElseThrow();
    assertThat(square.hits()).isEqualTo(10);
    assertThat(square.misses()).isEqualTo(1);
  }

  @Test
  void instanceMethods_keepResultsPerReceiver() throws Throwable {
    install(List.of());
    Object two = fixtures.getConstructor(int.class).newInstance(2);
    Object three = fixtures.getConstructor(int.class).newInstance(3);
    Method times = fixtures.getMethod("times", long.class);

    assertThat(times.invoke(two, 5L)).isEqualTo(10L);
    assertThat(times.invoke(three, 5L)).isEqualTo(15L);
    assertThat(times.invoke(two, 5L)).isEqualTo(10L);
    assertThat(times.invoke(three, 5L)).isEqualTo(15L);

    assertThat(runs()).isEqualTo(2);
  }

  @Test
  void impureMethod_isCaughtAtItsFirstRepeat_andNotMemoizedAfterwards() throws Throwable {
    install(List.of());
    memo.showValues(true); // memoize.showvalues=true: the evidence shows the values

    assertThat(call("impure", 1)).isEqualTo(10);
    fixtures.getField("counter").set(null, 5);
    assertThat(call("impure", 1)).isEqualTo(15); // the check runs the method: the true result
    fixtures.getField("counter").set(null, 6);
    assertThat(call("impure", 1)).isEqualTo(16);

    MemoSnapshot impure = memoSnapshot("fixture.MemoFixtures::impure").orElseThrow();
    assertThat(impure.state()).isEqualTo("unsafe");
    assertThat(impure.checkFailures()).isEqualTo(1);
    assertThat(impure.evidence()).matches("\\Qarguments (1): cached 10, computed again 15\\E"
        + " \\(order: (cache read, then computed again|computed again, then cache read)\\)");
    assertThat(impure.size()).isZero();
  }

  @Test
  void voidMethods_constructors_andUnsafeReturnTypes_areLeftAlone() throws Throwable {
    install(List.of());
    Class<?> constructed = Class.forName("fixture.MemoConstructor", true, fixtures.getClassLoader());

    call("nothing", 1);
    call("nothing", 1);
    assertThat(call("cursor", "a")).isNotSameAs(call("cursor", "a"));
    assertThat(call("badSize", 4)).isEqualTo(4);
    Object a = constructed.getConstructor(int.class).newInstance(1);
    assertThat(constructed.getConstructor(int.class).newInstance(1)).isNotSameAs(a);

    assertThat(runs()).isEqualTo(2);
    assertThat(memoSnapshot("fixture.MemoFixtures::nothing").orElseThrow().reason())
        .contains("void");
    assertThat(memoSnapshot("fixture.MemoFixtures::cursor").orElseThrow().reason())
        .contains("java.util.Iterator");
    assertThat(memoSnapshot("fixture.MemoFixtures::badSize").orElseThrow().reason())
        .contains("maxSize must be at least 1");
    assertThat(memoSnapshot("fixture.MemoConstructor::<init>").orElseThrow().reason())
        .contains("constructor");
    assertThat(memo.snapshot()).filteredOn(s -> s.state().equals("skipped")).hasSize(4);
  }

  @Test
  void filter_memoizesAnUnannotatedMethod() throws Throwable {
    install(MethodFilter.parseList("fixture.MemoFixtures::plain"));

    for (int i = 0; i < 3; i++) {
      assertThat(call("plain", 2)).isEqualTo(6);
    }

    // Defaults apply: verify=100, so each hit so far also ran the method to compare.
    assertThat(runs()).isEqualTo(3);
    MemoSnapshot plain = memoSnapshot("fixture.MemoFixtures::plain").orElseThrow();
    assertThat(plain.method().selectedBy()).isEqualTo("filter");
    assertThat(plain.misses()).isEqualTo(1);
    assertThat(plain.checks()).isEqualTo(2);
    assertThat(plain.hitRatio()).isEqualTo(2 / 3.0);
  }

  @Test
  void memoizationOff_runsEveryBody() throws Throwable {
    install(List.of());
    Dispatcher.setMemo(null);

    call("timedSquare", 3L);
    call("timedSquare", 3L);

    assertThat(runs()).isEqualTo(2);
  }

  @Test
  void reset_restoresTheOriginalBytecode() throws Throwable {
    install(List.of());
    call("timedSquare", 3L);
    instrumenter.reset();
    instrumenter = null;

    call("timedSquare", 3L);

    assertThat(runs()).isEqualTo(2);
  }

  private void install(List<MethodFilter> filters) throws ClassNotFoundException {
    instrumenter = Instrumenter.install(instrumentation, List.of(
        TimedInstrumentation.weaving(MethodSelector.timing(List.of(), List.of(), List.of()), timing),
        MemoizeInstrumentation.weaving(
            MemoizeInstrumentation.selector(filters, List.of(), List.of()),
            new MemoPolicy(List.of(), List.of()), memo)));
    fixtures = Class.forName("fixture.MemoFixtures", true, new FreshClassLoader("fixture."));
  }

  private int runs() throws ReflectiveOperationException {
    return ((AtomicInteger) fixtures.getField("RUNS").get(null)).get();
  }

  private Object call(String name, Object... args) throws Throwable {
    for (Method method : fixtures.getMethods()) {
      if (method.getName().equals(name) && method.getParameterCount() == args.length) {
        try {
          return method.invoke(null, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      }
    }
    throw new NoSuchMethodException(name);
  }

  private Optional<MemoSnapshot> memoSnapshot(String name) {
    return memo.snapshot().stream().filter(s -> s.method().name().equals(name)).findFirst();
  }

  private Optional<MethodSnapshot> timingSnapshot(String name) {
    return timing.snapshot().stream().filter(s -> s.method().name().equals(name)).findFirst();
  }
}
