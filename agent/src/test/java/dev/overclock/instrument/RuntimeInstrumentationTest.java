package dev.overclock.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.bootstrap.Dispatcher;
import dev.overclock.metrics.ArgumentSamples;
import dev.overclock.metrics.ArgumentSummary;
import dev.overclock.metrics.MethodSnapshot;
import dev.overclock.metrics.TimingRecorders;
import dev.overclock.select.CodeChange;
import dev.overclock.select.MethodSelector;
import dev.overclock.select.MethodShape;
import dev.overclock.select.RuntimeSelection;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Changes made while the application runs: methods added to a run-time selection are timed after
 * their class is retransformed, taken out again by the next retransformation, and every change is
 * reported; the argument-sampling advice samples only what the sink asks for.
 */
class RuntimeInstrumentationTest {

  private static Instrumentation instrumentation;

  private TimingRecorders recorders;
  private RuntimeSelection auto;
  private RuntimeSelection sampled;
  private ArgumentSamples arguments;
  private Instrumenter instrumenter;
  private final List<CodeChange> changes = new ArrayList<>();
  private long suppressedBefore;

  @BeforeAll
  static void installAgent() {
    instrumentation = ByteBuddyAgent.install();
  }

  @BeforeEach
  void setUp() {
    recorders = new TimingRecorders(null, 16);
    auto = new RuntimeSelection();
    sampled = new RuntimeSelection();
    arguments = new ArgumentSamples();
    Dispatcher.setTiming(recorders);
    Dispatcher.setArguments(arguments);
    suppressedBefore = Dispatcher.suppressedFailures();
    instrumenter = Instrumenter.install(instrumentation, List.of(
        TimedInstrumentation.weaving(
            MethodSelector.timing(List.of(), List.of(), List.of(), auto), recorders),
        ArgumentsInstrumentation.weaving(
            MethodSelector.runtimeOnly(sampled, List.of(), List.of()), recorders)));
    instrumenter.onChange(changes::add);
  }

  @AfterEach
  void tearDown() {
    instrumenter.reset();
    Dispatcher.setTiming(null);
    Dispatcher.setArguments(null);
    assertThat(Dispatcher.suppressedFailures() - suppressedBefore).isZero();
  }

  @Test
  void methodAddedAtRunTime_isTimedAfterRetransformation_withTheSameResults() throws Throwable {
    Class<?> hot = loadFresh();
    assertThat(call(hot, "sum", 1_000)).isEqualTo(15_484_500L);
    assertThat(snapshot("fixture.Hot::sum")).isEmpty();

    auto.add("fixture.Hot", "sum", "(I)J", "auto: 40.0% of 250 execution samples in a 5.00 s window");
    assertThat(instrumenter.retransform(Set.of("fixture.Hot"))).isPositive();

    for (int i = 0; i < 3; i++) {
      assertThat(call(hot, "sum", 1_000)).isEqualTo(15_484_500L);
    }
    MethodSnapshot sum = snapshot("fixture.Hot::sum").orElseThrow();
    assertThat(sum.calls()).isEqualTo(3);
    assertThat(sum.method().selectedBy()).isEqualTo("auto");
    assertThat(sum.latency().p50Nanos()).isPositive();
    assertThat(recorders.isWoven("fixture.Hot::sum(I)J")).isTrue();
    assertThat(changes).last().satisfies(change -> {
      assertThat(change.className()).isEqualTo("fixture.Hot");
      assertThat(change.action()).isEqualTo("retransformed");
      assertThat(change.advice()).isEqualTo("timing");
      assertThat(change.methods()).containsExactly("sum(I)J");
      assertThat(change.reason()).isEqualTo("timing: auto: 40.0% of 250 execution samples in a"
          + " 5.00 s window");
    });
  }

  @Test
  void removedMethod_runsUntimedAgain_andTheResetIsReported() throws Throwable {
    Class<?> hot = loadFresh();
    auto.add("fixture.Hot", "sum", "(I)J", "auto");
    instrumenter.retransform(Set.of("fixture.Hot"));
    call(hot, "sum", 10);

    auto.remove("fixture.Hot", "sum", "(I)J");
    instrumenter.retransform(Set.of("fixture.Hot"));
    assertThat(call(hot, "sum", 10)).isEqualTo(1395L);

    assertThat(snapshot("fixture.Hot::sum").orElseThrow().calls()).isEqualTo(1);
    assertThat(changes).last().satisfies(change -> {
      assertThat(change.action()).isEqualTo("reset");
      assertThat(change.className()).isEqualTo("fixture.Hot");
      assertThat(change.methods()).isEmpty();
    });
  }

  @Test
  void retransform_leavesJdkClassesAlone() {
    auto.add("java.util.ArrayList", "size", "()I", "auto");

    assertThat(instrumenter.retransform(Set.of("java.util.ArrayList"))).isZero();
    assertThat(changes).noneMatch(change -> change.className().startsWith("java."));
  }

  @Test
  void changesMadeBeforeAListenerIsAttached_areHandedToIt() throws Throwable {
    instrumenter.onChange(null);
    Class<?> hot = loadFresh();
    auto.add("fixture.Hot", "sum", "(I)J", "auto");
    instrumenter.retransform(Set.of("fixture.Hot"));
    call(hot, "sum", 1);
    List<CodeChange> late = new ArrayList<>();

    instrumenter.onChange(late::add);

    assertThat(late).extracting(CodeChange::className).contains("fixture.Hot");
  }

  @Test
  void argumentSampling_handsOverTheArgumentsOfWantedCallsOnly_andChangesNoResult()
      throws Throwable {
    Class<?> hot = loadFresh();
    auto.add("fixture.Hot", "label", "(Ljava/lang/String;I)Ljava/lang/String;", "auto");
    sampled.add("fixture.Hot", "label", "(Ljava/lang/String;I)Ljava/lang/String;", "arguments");
    instrumenter.retransform(Set.of("fixture.Hot"));
    int id = recorders.idOf("fixture.Hot::label(Ljava/lang/String;I)Ljava/lang/String;");
    arguments.start(id, 2, 1_000);

    for (int i = 0; i < 40; i++) {
      assertThat(call(hot, "label", "sku", i % 4)).isEqualTo("sku#" + i % 4);
    }

    ArgumentSummary summary = arguments.summary(id);
    assertThat(summary.sampledCalls()).isEqualTo(20); // one call in two
    assertThat(summary.distinct()).isEqualTo(2); // every other call: i % 4 is 0 or 2
    assertThat(snapshot("fixture.Hot::label").orElseThrow().calls()).isEqualTo(40);
    assertThat(changes).last().satisfies(change ->
        assertThat(change.advice()).isEqualTo("timing, arguments"));
  }

  @Test
  void argumentSampling_ofAnInstanceMethod_keysOnTheReceiver() throws Throwable {
    Class<?> hot = loadFresh();
    auto.add("fixture.Hot", "scaled", "(I)I", "auto");
    sampled.add("fixture.Hot", "scaled", "(I)I", "arguments");
    instrumenter.retransform(Set.of("fixture.Hot"));
    int id = recorders.idOf("fixture.Hot::scaled(I)I");
    arguments.start(id, 1, 1_000);
    Object one = hot.getConstructor().newInstance();
    Object other = hot.getConstructor().newInstance();
    Method scaled = hot.getMethod("scaled", int.class);

    assertThat(scaled.invoke(one, 2)).isEqualTo(6);
    assertThat(scaled.invoke(one, 2)).isEqualTo(6);
    assertThat(scaled.invoke(other, 2)).isEqualTo(6);

    assertThat(arguments.summary(id)).isEqualTo(new ArgumentSummary(3, 2, false, 1));
  }

  @Test
  void shape_tellsStraightLineLeavesFromLoopsAndCalls() throws IOException {
    byte[] classFile = classFile();

    assertThat(ClassScan.shape(classFile, "leaf", "(I)I").isStraightLineLeaf()).isTrue();
    assertThat(ClassScan.shape(classFile, "sum", "(I)J").loops()).isTrue();
    assertThat(ClassScan.shape(classFile, "sum", "(I)J").isStraightLineLeaf()).isFalse();
    assertThat(ClassScan.shape(classFile, "caller", "(I)I").calls()).isTrue();
    assertThat(ClassScan.shape(classFile, "caller", "(I)I").isAdvisable()).isTrue();
    assertThat(ClassScan.shape(classFile, "missing", "()V").found()).isFalse();
  }

  @Test
  void shape_namesTheMethodsCalledInsideALoop_notThoseCalledBeforeOrAfterIt() throws IOException {
    byte[] classFile;
    try (InputStream in = RuntimeInstrumentationTest.class.getResourceAsStream("/fixture/Loops.class")) {
      classFile = in.readAllBytes();
    }

    MethodShape scan = ClassScan.shape(classFile, "scan", "(I)I");
    MethodShape once = ClassScan.shape(classFile, "once", "(I)I");

    assertThat(scan.loopCalls())
        .containsExactlyInAnyOrder("fixture.Loops::step(I)I", "java.lang.Math::max(II)I");
    assertThat(scan.callsInLoop("fixture.Loops::once(I)I")).as("called after the loop").isFalse();
    assertThat(once.calls()).isTrue();
    assertThat(once.loopCalls()).isEmpty();
    assertThat(ClassScan.shape(classFile, "step", "(I)I").loops()).isTrue();
  }

  @Test
  void shape_ofALoadedClass_isReadThroughItsLoader() throws Throwable {
    loadFresh();

    MethodShape shape = instrumenter.shape("fixture.Hot", "sum", "(I)J");

    assertThat(shape).isNotNull();
    assertThat(shape.loops()).isTrue();
    assertThat(instrumenter.shape("java.util.ArrayList", "size", "()I")).isNull();
  }

  private static byte[] classFile() throws IOException {
    try (InputStream in = RuntimeInstrumentationTest.class.getResourceAsStream("/fixture/Hot.class")) {
      return in.readAllBytes();
    }
  }

  private static Class<?> loadFresh() throws ClassNotFoundException {
    return Class.forName("fixture.Hot", true, new FreshClassLoader("fixture."));
  }

  private static Object call(Class<?> type, String name, Object... args) throws Throwable {
    for (Method method : type.getMethods()) {
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

  private Optional<MethodSnapshot> snapshot(String name) {
    return recorders.snapshot().stream()
        .filter(snapshot -> snapshot.method().name().equals(name))
        .findFirst();
  }
}
