package dev.overclock.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.metrics.ArgumentSamples;
import dev.overclock.metrics.CpuSample;
import dev.overclock.metrics.LatencySummary;
import dev.overclock.metrics.MethodRef;
import dev.overclock.metrics.MethodSnapshot;
import dev.overclock.metrics.TimingRecorders;
import dev.overclock.report.MethodReport;
import dev.overclock.select.CodeChange;
import dev.overclock.select.MethodShape;
import dev.overclock.select.Retransformer;
import dev.overclock.select.RuntimeSelection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which windows of argument sampling change running code: starting a method does; finishing one
 * whose calls are long leaves its advice in, dormant, so its class is not changed a second time
 * (the figures given here stand for what the timing measured, whatever this machine's speed).
 */
class ArgumentSamplingTest {

  private static final MethodRef LONG =
      new MethodRef("fixture.Search", "correct", "(Ljava/lang/String;)Ljava/lang/String;", "auto");
  private static final MethodRef SHORT =
      new MethodRef("fixture.Search", "distance", "(Ljava/lang/String;Ljava/lang/String;)I", "auto");

  private final ArgumentSamples samples = new ArgumentSamples();
  private final RuntimeSelection selection = new RuntimeSelection();
  private final TimingRecorders recorders = new TimingRecorders(null, 16);
  private final List<List<String>> retransformed = new ArrayList<>();
  private final ArgumentSampling sampling = new ArgumentSampling(samples, selection,
      new CountingRetransformer(), recorders, () -> 20_000_000L);

  @Test
  void startingAMethod_changesItsClass() {
    int id = recorders.register(LONG);

    sampling.window(List.of(cpuBound(LONG, 100_000)), method -> null);

    assertThat(retransformed).containsExactly(List.of("fixture.Search"));
    assertThat(selection.contains(LONG.className(), LONG.methodName(), LONG.descriptor()))
        .isTrue();
    assertThat(samples.wanted(id)).isTrue();
  }

  @Test
  void aLongMethodThatHasEnoughSamples_keepsItsAdviceDormant_withoutASecondChange() {
    int id = recorders.register(LONG);
    sampling.window(List.of(cpuBound(LONG, 100_000)), method -> null);
    sampleUntilDone(id);

    sampling.window(List.of(cpuBound(LONG, 100_000)), method -> null);

    assertThat(retransformed).hasSize(1); // the start only
    assertThat(selection.contains(LONG.className(), LONG.methodName(), LONG.descriptor()))
        .isFalse(); // the class's next change takes the advice out
    assertThat(samples.wanted(id)).isFalse(); // the advice left in does nothing
    MethodReport.Arguments arguments = sampling.arguments(LONG.key());
    assertThat(arguments.sampledCalls()).isEqualTo(ArgumentSampling.TARGET);
    assertThat(arguments.complete()).isTrue();
  }

  @Test
  void aShortMethodThatHasEnoughSamples_hasItsAdviceTakenOut() {
    int id = recorders.register(SHORT);
    sampling.window(List.of(cpuBound(SHORT, 80)), method -> null);
    sampleUntilDone(id);

    sampling.window(List.of(cpuBound(SHORT, 80)), method -> null);

    assertThat(retransformed).containsExactly(List.of("fixture.Search"), List.of("fixture.Search"));
    assertThat(samples.wanted(id)).isFalse();
  }

  @Test
  void pausedByTheGovernor_aLongMethodStopsWithoutAChange_andKeepsWhatItSampled() {
    int id = recorders.register(LONG);
    sampling.window(List.of(cpuBound(LONG, 100_000)), method -> null);
    for (int call = 0; call < 10; call++) {
      if (samples.wanted(id)) {
        samples.sample(id, null, new Object[] {"word-" + call});
      }
    }

    sampling.paused(true);
    sampling.window(List.of(cpuBound(LONG, 100_000)), method -> null);

    assertThat(retransformed).hasSize(1);
    assertThat(samples.wanted(id)).isFalse();
    MethodReport.Arguments arguments = sampling.arguments(LONG.key());
    assertThat(arguments.sampledCalls()).isEqualTo(10);
    assertThat(arguments.complete()).isTrue(); // finished: no more samples will come
  }

  @Test
  void pausedByTheGovernor_noMethodStarts() {
    recorders.register(LONG);
    sampling.paused(true);

    sampling.window(List.of(cpuBound(LONG, 100_000)), method -> null);

    assertThat(retransformed).isEmpty();
    assertThat(sampling.arguments(LONG.key())).isNull();
  }

  @Test
  void dormantAdvice_needsTheMethodsFigures_andLongCalls() {
    assertThat(ArgumentSampling.dormantIsCheap(null)).isFalse();
    assertThat(ArgumentSampling.dormantIsCheap(cpuBound(LONG, 0))).isFalse();
    assertThat(ArgumentSampling.dormantIsCheap(
        cpuBound(LONG, ArgumentSampling.DORMANT_MIN_MEAN_NANOS - 1))).isFalse();
    assertThat(ArgumentSampling.dormantIsCheap(
        cpuBound(LONG, ArgumentSampling.DORMANT_MIN_MEAN_NANOS))).isTrue();
  }

  private void sampleUntilDone(int id) {
    for (int call = 0; call < 1_000_000 && !samples.summary(id).complete(); call++) {
      if (samples.wanted(id)) {
        samples.sample(id, null, new Object[] {"word-" + (call % 300)});
      }
    }
    assertThat(samples.summary(id).complete()).isTrue();
  }

  /** A method measured on CPU all the time (CPU-bound), with this mean latency per call. */
  private static MethodSnapshot cpuBound(MethodRef method, long meanNanos) {
    long calls = meanNanos == 0 ? 0 : 10_000;
    LatencySummary latency = new LatencySummary(calls, meanNanos, meanNanos, meanNanos,
        meanNanos, meanNanos, meanNanos, meanNanos, List.of());
    return new MethodSnapshot(method, calls, 0, calls * meanNanos, latency, latency, 0,
        new CpuSample(100, 100 * Math.max(1, meanNanos), 100 * Math.max(1, meanNanos), 0));
  }

  private final class CountingRetransformer implements Retransformer {
    @Override
    public int retransform(Collection<String> classNames) {
      retransformed.add(List.copyOf(classNames));
      return classNames.size();
    }

    @Override
    public MethodShape shape(String className, String methodName, String descriptor) {
      return null;
    }

    @Override
    public void onChange(CodeChange.Listener listener) {}
  }
}
