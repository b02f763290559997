package dev.overclock.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.config.JfrOptions;
import dev.overclock.metrics.Snapshots;
import dev.overclock.metrics.TimingRecorders;
import dev.overclock.report.JvmReport;
import dev.overclock.select.MethodSelector;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JFR part started in this JVM, as the agent starts it, without instrumentation. */
class LiveJfrTest {

  @Test
  void stream_fillsTheJvmSection_andStopsCleanly() {
    TimingRecorders recorders = new TimingRecorders(null, 16);
    JfrOptions options = new JfrOptions(
        /* stream= */ true,
        /* sampleInterval= */ Duration.ofMillis(10),
        /* threshold= */ Duration.ofMillis(10),
        /* slowThreshold= */ Duration.ofMillis(100),
        /* auto= */ true,
        /* autoWindow= */ Duration.ofSeconds(1),
        /* autoMinShare= */ 0.02,
        /* autoTop= */ 20,
        /* autoMax= */ 50,
        /* startWait= */ Duration.ZERO);
    LiveJfr jfr = LiveJfr.start(new LiveJfr.Setup(
            options,
            /* instrumenter= */ null,
            recorders,
            new Snapshots(recorders),
            MethodSelector.timing(List.of(), List.of(), List.of()),
            /* argumentSelection= */ null,
            /* argumentSamples= */ null,
            /* includeSet= */ false,
            /* memoFigures= */ null,
            /* offloadFigures= */ null),
        /* after= */ null);
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      long checksum = 0;
      JvmReport report = null;
      while (System.nanoTime() < deadline
          && (report == null || report.flameGraph().samples() == 0 || report.cpu().series().isEmpty())) {
        checksum += busyWork(checksum); // keeps a thread on CPU for the sampler to see
        report = jfr.report();
      }

      assertThat(report).isNotNull();
      assertThat(report.source()).isEqualTo("live");
      assertThat(report.flameGraph().samples()).isPositive();
      assertThat(report.events()).contains("jdk.ExecutionSample", "jdk.CPULoad", "jdk.ThreadPark");
      assertThat(jfr.state()).startsWith("on: live stream of");
      assertThat(jfr.autoState()).isEqualTo("off (timing is off)");
      assertThat(jfr.eventsState()).contains("overclock.MethodStatistics");
      assertThat(checksum).isNotZero();
    } finally {
      jfr.stop();
    }
  }

  @Test
  void whileItWaitsForTheApplicationsStart_theStateSaysSo_andStoppingEndsTheWait()
      throws InterruptedException {
    TimingRecorders recorders = new TimingRecorders(null, 16);
    JfrOptions options = new JfrOptions(true, Duration.ofMillis(10), Duration.ofMillis(10),
        Duration.ofMillis(100), true, Duration.ofSeconds(1), 0.02, 20, 50, Duration.ofMinutes(1));
    LiveJfr jfr = LiveJfr.start(new LiveJfr.Setup(options, /* instrumenter= */ null, recorders,
            new Snapshots(recorders), MethodSelector.timing(List.of(), List.of(), List.of()),
            null, null, false, null, null),
        /* after= */ null, Duration.ofMinutes(1), /* main= */ null);
    try {
      // The wait lasts at least three 100 ms polls; what it says is read the moment it shows.
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      String state = jfr.state();
      while (!state.startsWith(JfrStartup.WAITING) && System.nanoTime() < deadline) {
        Thread.sleep(1);
        state = jfr.state();
      }
      boolean settled = jfr.settled();

      assertThat(state).startsWith(JfrStartup.WAITING).contains("jfr.startwait");
      assertThat(settled).isFalse(); // the governor and the advice wait for its start
    } finally {
      jfr.stop();
    }
    assertThat(jfr.settled()).isTrue();
  }

  private static long busyWork(long seed) {
    long value = seed | 1;
    for (int i = 0; i < 200_000; i++) {
      value = value * 6364136223846793005L + 1442695040888963407L;
    }
    return value;
  }
}
