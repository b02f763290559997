package dev.overclock.instrument;

import static dev.overclock.instrument.ShapeCalls.CALLS;
import static dev.overclock.instrument.ShapeCalls.SHAPES;
import static dev.overclock.instrument.ShapeCalls.classFile;
import static dev.overclock.instrument.ShapeCalls.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.bootstrap.Dispatcher;
import dev.overclock.instrument.ShapeCalls.Call;
import dev.overclock.instrument.ShapeCalls.Outcome;
import dev.overclock.metrics.MethodRef;
import dev.overclock.metrics.MethodSnapshot;
import dev.overclock.metrics.TimingRecorders;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The timing advice written without Byte Buddy ({@link DirectTimingWeave}), on a class of many
 * method shapes ({@link fixture.WeaveShapes}): the woven class passes the JVM's verifier, every
 * method returns or throws exactly what the original does, and each call is counted, with the
 * calls that threw as errors.
 */
class DirectTimingWeaveTest {


  private TimingRecorders recorders;

  @BeforeEach
  void setUp() {
    recorders = new TimingRecorders(null, 16);
    Dispatcher.setTiming(recorders);
  }

  @AfterEach
  void tearDown() {
    Dispatcher.setTiming(null);
  }



  @Test
  void everyShape_passesTheVerifier_givesTheOriginalsResults_andIsCounted() throws Exception {
    byte[] original = classFile(SHAPES);
    Set<String> keys = new LinkedHashSet<>();
    for (ClassScan.Method method : ClassScan.of(original).methods) {
      if (method.isAdvisable() && !method.isConstructor()) {
        keys.add(method.key());
      }
    }
    assertThat(DirectTimingWeave.applies(original, keys)).isTrue();
    List<Integer> clockedEveryCall = new ArrayList<>();
    DirectTimingWeave.Result woven = DirectTimingWeave.weave(original, keys,
        new DirectTimingWeave.Methods() {
          @Override
          public int id(String methodKey) {
            int paren = methodKey.indexOf('(');
            return recorders.register(new MethodRef(SHAPES, methodKey.substring(0, paren),
                methodKey.substring(paren), "filter"));
          }

          @Override
          public boolean clockEveryCall(String methodKey) {
            // both ways of reading the start time, on alternate methods
            boolean every = Math.floorMod(methodKey.hashCode(), 2) == 0;
            if (every) {
              clockedEveryCall.add(methodKey.hashCode());
            }
            return every;
          }
        });
    assertThat(woven.ids()).hasSameSizeAs(keys);
    assertThat(clockedEveryCall).isNotEmpty().hasSizeLessThan(keys.size());
    woven.ids().forEach(recorders::woven);

    Class<?> plain = new FreshClassLoader(SHAPES).loadClass(SHAPES);
    Class<?> timed =
        new FreshClassLoader(SHAPES, Map.of(SHAPES, woven.classFile())).loadClass(SHAPES);
    Object plainShapes = plain.getConstructor(String.class).newInstance("shop");
    Object timedShapes = timed.getConstructor(String.class).newInstance("shop");

    for (Call call : CALLS) {
      Outcome expected = invoke(plain, plainShapes, call);
      Outcome actual = invoke(timed, timedShapes, call);
      assertThat(actual).as(call.method() + Arrays.toString(call.arguments())).isEqualTo(expected);
    }

    assertThat(snapshot("add").calls()).isEqualTo(1);
    assertThat(snapshot("kind").calls()).isEqualTo(6);
    assertThat(snapshot("tryFinally").calls()).isEqualTo(2);
    assertThat(snapshot("tryFinally").errors()).isZero(); // it handles its own exception
    assertThat(snapshot("checked").calls()).isEqualTo(2);
    assertThat(snapshot("checked").errors()).isEqualTo(1);
    assertThat(snapshot("rethrown").errors()).isEqualTo(1);
    assertThat(snapshot("neverReturns").errors()).isEqualTo(1);
    assertThat(snapshot("factorial").calls()).isEqualTo(15);
    assertThat(snapshot("bump").calls()).isEqualTo(1);
    assertThat(snapshot("mix").latency().p50Nanos()).isPositive();
  }

  @Test
  void constructorsAndClassFilesBeforeJava7_areLeftToByteBuddy() throws IOException {
    byte[] original = classFile(SHAPES);
    assertThat(DirectTimingWeave.applies(original, Set.of("add(II)I"))).isTrue();
    assertThat(DirectTimingWeave.applies(original,
        Set.of("<init>(Ljava/lang/String;)V", "add(II)I")))
        .isFalse();
    byte[] java6 = original.clone();
    java6[6] = 0;
    java6[7] = 50;
    assertThat(DirectTimingWeave.applies(java6, Set.of("add(II)I"))).isFalse();
  }


  private MethodSnapshot snapshot(String method) {
    return recorders.snapshot().stream()
        .filter(snapshot -> snapshot.method().name().equals(SHAPES + "::" + method))
        .findFirst().orElseThrow(() -> new AssertionError("no figures for " + method));
  }

}
