package dev.overclock.instrument;

import static dev.overclock.instrument.ShapeCalls.CALLS;
import static dev.overclock.instrument.ShapeCalls.SHAPES;
import static dev.overclock.instrument.ShapeCalls.classFile;
import static dev.overclock.instrument.ShapeCalls.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.bootstrap.Dispatcher;
import dev.overclock.instrument.ShapeCalls.Call;
import dev.overclock.instrument.ShapeCalls.Outcome;
import dev.overclock.bootstrap.MemoHit;
import dev.overclock.bootstrap.MemoSink;
import dev.overclock.bootstrap.MemoSite;
import dev.overclock.bootstrap.OffloadCall;
import dev.overclock.metrics.MethodRef;
import dev.overclock.metrics.MethodSnapshot;
import dev.overclock.metrics.TimingRecorders;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;

/**
 * The offload, timing, argument-sampling and memoization advice written without Byte Buddy
 * ({@link DirectWeave}), layered as the agent layers them (offload outermost, memoization
 * innermost), on a class of many
 * method shapes ({@link fixture.WeaveShapes}): the woven class passes the JVM's verifier; with
 * the sinks passing every call through, each method returns or throws exactly what the original
 * does; a memoization sink's hits are returned without running the body, through the method's
 * site and without one, and nothing thrown is cached; an offloaded call returns the value or
 * throws the very throwable of its {@link OffloadCall}.
 */
class DirectWeaveTest {


  private TimingRecorders recorders;
  private final Map<String, Integer> ids = new ConcurrentHashMap<>();
  private final AtomicInteger nextId = new AtomicInteger(1000);

  @BeforeEach
  void setUp() {
    recorders = new TimingRecorders(null, 16);
    Dispatcher.setTiming(recorders);
  }

  @AfterEach
  void tearDown() {
    Dispatcher.setTiming(null);
    Dispatcher.setMemo(null);
    Dispatcher.setOffload(null);
    Dispatcher.setArguments(null);
  }



  @Test
  void allThreeLayers_passTheVerifier_andWithEveryCallPassedThrough_giveTheOriginalsResults()
      throws Exception {
    Woven woven = weaveAllLayers(Opcodes.V17);
    for (Call call : CALLS) {
      assertThat(invoke(woven.type, woven.instance, call))
          .as(call.method() + Arrays.toString(call.arguments()))
          .isEqualTo(invoke(woven.plainType, woven.plainInstance, call));
    }
    // the timing layer between them counts every call, the ones that threw as errors
    assertThat(snapshot("kind").calls()).isEqualTo(6);
    assertThat(snapshot("checked").errors()).isEqualTo(1);
    assertThat(snapshot("factorial").calls()).isEqualTo(15);
  }

  @Test
  void memoHits_skipTheBody_throughTheSiteAndWithoutIt_andNothingThrownIsCached()
      throws Exception {
    for (int version : new int[] {Opcodes.V17, Opcodes.V1_8}) { // a site needs Java 11
      CachingSink sink = new CachingSink();
      Dispatcher.setMemo(sink);
      Woven woven = weaveAllLayers(version);
      for (Call call : CALLS) {
        if (call.method().equals("neverReturns") || call.method().equals("bump")) {
          continue; // void: never memoized
        }
        Outcome expected = invoke(woven.plainType, woven.plainInstance, call);
        assertThat(invoke(woven.type, woven.instance, call)).isEqualTo(expected);
        assertThat(invoke(woven.type, woven.instance, call)).as("again: " + call)
            .isEqualTo(expected);
      }
      // bumps() reads a field bump() changes: a hit shows the cached count, not the new one
      invoke(woven.type, woven.instance, new Call("bump"));
      assertThat(invoke(woven.type, woven.instance, new Call("bumps")).value()).isEqualTo(0);
      assertThat(sink.hits.get()).as("class version " + version).isPositive();
      assertThat(sink.thrownExits.get()).as("checked(-1), rethrown(0), ratio(1, 0) twice each")
          .isGreaterThanOrEqualTo(4);
      assertThat(sink.cached.keySet()).noneMatch(key -> key.startsWith(id("checked(I)I") + ":[-1]"));
      Dispatcher.setMemo(null);
    }
  }

  @Test
  void anOffloadedCall_returnsItsValue_orThrowsItsThrowable_withoutRunningTheBody()
      throws Exception {
    Woven woven = weaveAllLayers(Opcodes.V17);
    IOException elsewhere = new IOException("thrown on the worker");
    Map<Integer, OffloadCall> answers = new HashMap<>();
    answers.put(id("add(II)I"), new OffloadCall(42, null));
    answers.put(id("checked(I)I"), new OffloadCall(null, elsewhere));
    answers.put(id("bump()V"), new OffloadCall(null, null));
    answers.put(id("range(I)[I"), new OffloadCall(new int[] {7}, null));
    Dispatcher.setOffload((methodId, type, receiver, arguments) -> answers.get(methodId));

    assertThat(invoke(woven.type, woven.instance, new Call("add", 2, 3)).value()).isEqualTo(42);
    assertThat(invoke(woven.type, woven.instance, new Call("range", 3)).value())
        .isEqualTo(new int[] {7});
    invoke(woven.type, woven.instance, new Call("bump"));
    Method checked = woven.type.getDeclaredMethod("checked", int.class);
    try {
      checked.invoke(null, 1);
      throw new AssertionError("the offloaded call's throwable was not thrown");
    } catch (InvocationTargetException e) {
      assertThat(e.getCause()).isSameAs(elsewhere);
    }
    Dispatcher.setOffload(null);
    // the body of bump() never ran: the count is still 0
    assertThat(invoke(woven.type, woven.instance, new Call("bumps")).value()).isEqualTo(0);
    assertThat(invoke(woven.type, woven.instance, new Call("add", 2, 3)).value()).isEqualTo(5);
  }

  @Test
  void sampledArguments_reachTheSink_boxed_withTheReceiver_onlyForTheCallsItWants()
      throws Exception {
    Woven woven = weaveAllLayers(Opcodes.V17);
    List<String> samples = new java.util.concurrent.CopyOnWriteArrayList<>();
    int mix = id("mix(JDI)D");
    int named = id("named(Ljava/lang/String;)Ljava/lang/String;");
    Dispatcher.setArguments(new dev.overclock.bootstrap.ArgumentSink() {
      @Override
      public boolean wanted(int methodId) {
        return methodId == mix || methodId == named;
      }

      @Override
      public void sample(int methodId, Object self, Object[] arguments) {
        samples.add(methodId + (self == null ? " static " : " instance ")
            + Arrays.toString(arguments));
      }
    });
    try {
      for (Call call : CALLS) {
        assertThat(invoke(woven.type, woven.instance, call))
            .isEqualTo(invoke(woven.plainType, woven.plainInstance, call));
      }
    } finally {
      Dispatcher.setArguments(null);
    }
    assertThat(samples).containsExactly(mix + " static [3, 1.5, 4]", named + " instance [x-]");
  }

  // ---- the weave ----

  private record Woven(Class<?> type, Object instance, Class<?> plainType, Object plainInstance) {}

  /** WeaveShapes with offload and timing on every method, memoization on those with a value. */
  private Woven weaveAllLayers(int classVersion) throws Exception {
    byte[] original = classFile(SHAPES);
    original[6] = (byte) (classVersion >>> 8);
    original[7] = (byte) classVersion;
    Set<String> all = new LinkedHashSet<>();
    Set<String> valued = new LinkedHashSet<>();
    Set<String> withArguments = new LinkedHashSet<>();
    for (ClassScan.Method method : ClassScan.of(original).methods) {
      if (method.isAdvisable() && !method.isConstructor()) {
        all.add(method.key());
        if (!method.key().startsWith(method.name() + "()")) {
          withArguments.add(method.key());
        }
        if (!method.key().endsWith(")V")) {
          valued.add(method.key());
        }
      }
    }
    assertThat(DirectWeave.applies(original, all)).isTrue();
    String owner = SHAPES.replace('.', '/');
    List<DirectWeave.Layer> layers = List.of(
        layer(all, target -> DirectOffloadWeave.offload(target.method(), owner, id(target.key()))),
        layer(all, target -> DirectTimingWeave.time(target.method(), owner,
            timingId(target.key()), target.key().hashCode() % 2 == 0)),
        layer(withArguments, target -> DirectArgumentsWeave.sample(target.method(), owner,
            id(target.key()))),
        layer(valued, target -> DirectMemoWeave.memoize(target.method(), owner,
            target.classVersion(), id(target.key()))));
    DirectWeave.Result result = DirectWeave.weave(original, layers);
    assertThat(result.ids()).hasSize(4);
    assertThat(result.ids().get(3)).hasSameSizeAs(valued);

    Class<?> plain = new FreshClassLoader(SHAPES).loadClass(SHAPES);
    Class<?> woven =
        new FreshClassLoader(SHAPES, Map.of(SHAPES, result.classFile())).loadClass(SHAPES);
    return new Woven(woven, woven.getConstructor(String.class).newInstance("shop"), plain,
        plain.getConstructor(String.class).newInstance("shop"));
  }

  private interface Wrap {
    void wrap(DirectWeave.Target target);
  }

  private DirectWeave.Layer layer(Set<String> keys, Wrap wrap) {
    return new DirectWeave.Layer() {
      @Override
      public Set<String> methodKeys() {
        return keys;
      }

      @Override
      public int wrap(DirectWeave.Target target) {
        wrap.wrap(target);
        return id(target.key());
      }
    };
  }

  private int id(String key) {
    return ids.computeIfAbsent(key, k -> nextId.getAndIncrement());
  }

  private int timingId(String key) {
    int paren = key.indexOf('(');
    int id = recorders.register(
        new MethodRef(SHAPES, key.substring(0, paren), key.substring(paren), "filter"));
    recorders.woven(id);
    return id;
  }

  /**
   * Caches every result by method id and arguments; its site answers hits itself and hands the
   * other calls back (so both ways into the sink run).
   */
  private static final class CachingSink implements MemoSink {
    final Map<String, MemoHit> cached = new ConcurrentHashMap<>();
    final AtomicInteger hits = new AtomicInteger();
    final AtomicInteger thrownExits = new AtomicInteger();

    private record Pending(String key) {}

    @Override
    public Object enter(int methodId, Object receiver, Object[] arguments) {
      String key = methodId + ":" + Arrays.deepToString(arguments);
      MemoHit hit = cached.get(key);
      if (hit != null) {
        hits.incrementAndGet();
        return hit;
      }
      return new Pending(key);
    }

    @Override
    public MemoSite site(int methodId) {
      return new MemoSite() {
        @Override
        public Object enter1(Object receiver, Object argument, int hash) {
          assertThat(hash).isEqualTo(Objects.hashCode(argument));
          MemoHit hit = cached.get(methodId + ":" + Arrays.deepToString(new Object[] {argument}));
          return hit == null ? this : count(hit);
        }

        @Override
        public Object enter2(Object receiver, Object first, Object second, int hash) {
          assertThat(hash).isEqualTo(31 * Objects.hashCode(first) + Objects.hashCode(second));
          MemoHit hit =
              cached.get(methodId + ":" + Arrays.deepToString(new Object[] {first, second}));
          return hit == null ? this : count(hit);
        }
      };
    }

    private MemoHit count(MemoHit hit) {
      hits.incrementAndGet();
      return hit;
    }

    @Override
    public void exit(int methodId, Object call, Object result, Throwable thrown) {
      if (thrown != null) {
        thrownExits.incrementAndGet();
      } else if (call instanceof Pending pending) {
        cached.put(pending.key(), new MemoHit(result));
      }
    }
  }

  // ---- calls ----


  private MethodSnapshot snapshot(String method) {
    return recorders.snapshot().stream()
        .filter(snapshot -> snapshot.method().name().equals(SHAPES + "::" + method))
        .findFirst().orElseThrow(() -> new AssertionError("no figures for " + method));
  }

}
