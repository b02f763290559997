package dev.overclock.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.metrics.ArgumentSamples;
import dev.overclock.metrics.CpuSample;
import dev.overclock.metrics.LatencySummary;
import dev.overclock.metrics.MethodRef;
import dev.overclock.metrics.MethodSnapshot;
import dev.overclock.metrics.TimingRecorders;
import dev.overclock.metrics.TimingSampling;
import dev.overclock.select.CodeChange;
import dev.overclock.select.MethodShape;
import dev.overclock.select.Retransformer;
import dev.overclock.select.RuntimeSelection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which timed methods get their arguments sampled, and when: a CPU-bound method with parameters
 * is started (its class changed) only in a window where starting is allowed (the overhead
 * governor decides already), and no window without that permission changes a class.
 */
class ArgumentSamplingTest {

  private static final MethodRef METHOD = new MethodRef("a.Hot", "price", "(I)J", "auto");

  private final TimingRecorders recorders = new TimingRecorders(null, 1, TimingSampling.EXACT);
  private final ArgumentSamples samples = new ArgumentSamples();
  private final RuntimeSelection selection = new RuntimeSelection();
  private final List<Collection<String>> retransformed = new ArrayList<>();
  private final Retransformer instrumenter = new Retransformer() {
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
  };

  /** A timed method that ran on the CPU for all of its measured wall time: CPU-bound. */
  private List<MethodSnapshot> cpuBoundMethod() {
    recorders.woven(recorders.register(METHOD));
    LatencySummary latency = new LatencySummary(1_000, 90_000, 100_000, 100_000, 110_000,
        120_000, 130_000, 140_000, List.of());
    return List.of(new MethodSnapshot(METHOD, 1_000, 0, 100_000_000L, latency, latency, 0,
        new CpuSample(1_000, 100_000_000L, 100_000_000L, 0)));
  }

  @Test
  void cpuBoundMethod_isStartedOnlyInAWindowThatMayStart() {
    ArgumentSampling sampling = new ArgumentSampling(samples, selection, instrumenter, recorders,
        () -> 20_000_000L);
    List<MethodSnapshot> methods = cpuBoundMethod();

    sampling.window(methods, method -> null, false);
    sampling.window(methods, method -> null, false);
    assertThat(retransformed).isEmpty();
    assertThat(selection.size()).isZero();
    assertThat(sampling.arguments(METHOD.key())).isNull();

    sampling.window(methods, method -> null, true);
    assertThat(retransformed).containsExactly(List.of("a.Hot"));
    assertThat(selection.reason("a.Hot", "price", "(I)J")).contains("arguments sampled");
  }

  @Test
  void samplingThatRuns_stillEndsInAWindowThatMayNotStart() {
    ArgumentSampling sampling = new ArgumentSampling(samples, selection, instrumenter, recorders,
        () -> 20_000_000L);
    List<MethodSnapshot> methods = cpuBoundMethod();
    sampling.window(methods, method -> null, true); // started
    for (int i = 0; i < ArgumentSampling.MAX_WINDOWS; i++) {
      sampling.window(methods, method -> null, false);
    }

    // in, then out after MAX_WINDOWS windows; never started again
    assertThat(retransformed).containsExactly(List.of("a.Hot"), List.of("a.Hot"));
    assertThat(selection.size()).isZero();
  }
}
