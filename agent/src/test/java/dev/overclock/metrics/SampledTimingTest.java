package dev.overclock.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Sampled timing ({@link TimingSampling}): every call counted, one in N clocked, percentiles
 * close to exact timing's, totals scaled. Durations are chosen by the test (no clock involved).
 */
class SampledTimingTest {

  private static final MethodRef SHORT = new MethodRef("com.acme.Text", "trim", "()V", "annotation");

  @Test
  void decide_samplesShortMethodsAfterTheirFirstCalls_andGoesBackWhenTheyGrowLong() {
    TimingSampling sampling = new TimingSampling(64, 2_000);

    assertThat(sampling.decide(1, 999, 50)).as("too few calls yet").isEqualTo(1);
    assertThat(sampling.decide(1, 1_000, 50)).isEqualTo(64);
    assertThat(sampling.decide(1, 1_000_000, 2_000)).as("not shorter than the threshold").isEqualTo(1);
    assertThat(sampling.decide(64, 1_000_000, 7_000)).as("within the gap: stays").isEqualTo(64);
    assertThat(sampling.decide(64, 1_000_000, 8_001)).isEqualTo(1);
    assertThat(TimingSampling.EXACT.decide(1, 1_000_000, 1)).isEqualTo(1);
  }

  @Test
  void sampledMethod_countsEveryCall_clocksOneInN_andScalesItsTotal() {
    TimingRecorders recorders = new TimingRecorders(null, 16, TimingSampling.auto(16));
    int id = woven(recorders);
    for (int i = 0; i < 1_000; i++) {
      recorders.callForTest(id, 100);
    }
    assertThat(recorders.snapshot().get(0).sampleEvery()).isEqualTo(16);

    for (int i = 0; i < 16_000; i++) {
      recorders.callForTest(id, 100);
    }
    MethodSnapshot snapshot = recorders.snapshot().get(0);

    assertThat(snapshot.calls()).isEqualTo(17_000);
    assertThat(snapshot.window().calls()).as("the window counts every call too").isEqualTo(16_000);
    assertThat(snapshot.totalNanos()).isEqualTo(17_000L * 100);
    assertThat(snapshot.latency().meanNanos()).isCloseTo(100, within(0.5));
    assertThat(snapshot.latency().p50Nanos()).isEqualTo(100);
  }

  @Test
  void percentiles_ofAStableLatency_areWithinFivePercentOfExactTiming() {
    Random random = new Random(42);
    long[] latencies = new long[200_000];
    for (int i = 0; i < latencies.length; i++) {
      // stable latency: 300 ns, with a 5% tail around 1.5 us
      latencies[i] = random.nextInt(20) == 0 ? 1_400 + random.nextInt(200) : 280 + random.nextInt(40);
    }
    MethodSnapshot truth = run(new TimingRecorders(null, 16), latencies);
    MethodSnapshot measured = run(new TimingRecorders(null, 16, TimingSampling.auto(64)), latencies);

    assertThat(measured.sampleEvery()).isEqualTo(64);
    assertThat(measured.calls()).isEqualTo(truth.calls()).isEqualTo(200_000);
    assertThat((double) measured.latency().p50Nanos())
        .isCloseTo(truth.latency().p50Nanos(), within(0.05 * truth.latency().p50Nanos()));
    assertThat((double) measured.latency().p99Nanos())
        .isCloseTo(truth.latency().p99Nanos(), within(0.05 * truth.latency().p99Nanos()));
    assertThat((double) measured.totalNanos())
        .isCloseTo(truth.totalNanos(), within(0.05 * truth.totalNanos()));
  }

  @Test
  void aThreadsFirstCall_standsForItselfOnly() throws InterruptedException {
    TimingRecorders recorders = new TimingRecorders(null, 16, TimingSampling.auto(64));
    int id = woven(recorders);
    for (int i = 0; i < 1_000; i++) {
      recorders.callForTest(id, 100);
    }
    recorders.snapshot();
    for (int i = 0; i < 100; i++) {
      // many short-lived threads, one call each: each call is clocked, and counts once
      Thread thread = new Thread(() -> recorders.callForTest(id, 100));
      thread.start();
      thread.join();
    }

    MethodSnapshot snapshot = recorders.snapshot().get(0);
    assertThat(snapshot.sampleEvery()).isEqualTo(64);
    assertThat(snapshot.calls()).isEqualTo(1_100);
    assertThat(snapshot.totalNanos()).isEqualTo(1_100L * 100);
  }

  @Test
  void unclockedCalls_ofManyThreads_areCountedExactly_alsoAfterTheirThreadsEnded()
      throws InterruptedException {
    TimingRecorders recorders = new TimingRecorders(null, 16, TimingSampling.auto(64));
    int id = woven(recorders);
    for (int i = 0; i < 1_000; i++) {
      recorders.callForTest(id, 100);
    }
    assertThat(recorders.snapshot().get(0).sampleEvery()).isEqualTo(64);
    // More threads than the per-thread counters kept before ended ones are folded (64), in two
    // waves with a snapshot between, so that counters are folded both when a thread adds its
    // own and when the recorders are read; each thread's calls are mostly unclocked.
    for (int wave = 0; wave < 2; wave++) {
      Thread[] threads = new Thread[150];
      for (int t = 0; t < threads.length; t++) {
        threads[t] = new Thread(() -> {
          for (int i = 0; i < 100; i++) {
            recorders.callForTest(id, 100);
          }
        });
        threads[t].start();
      }
      for (Thread thread : threads) {
        thread.join();
      }
      assertThat(recorders.snapshot().get(0).calls()).isEqualTo(1_000 + (wave + 1) * 15_000L);
    }
    for (int i = 0; i < 500; i++) {
      recorders.callForTest(id, 100); // this thread's own counter, still live
    }

    assertThat(recorders.snapshot().get(0).calls()).isEqualTo(31_500);
  }

  @Test
  void longMethods_andPinnedOnes_stayAsTheyAre() {
    TimingRecorders recorders = new TimingRecorders(null, 16, TimingSampling.auto(16));
    int id = woven(recorders);
    for (int i = 0; i < 2_000; i++) {
      recorders.callForTest(id, 50_000);
    }
    assertThat(recorders.snapshot().get(0).sampleEvery()).as("50 us is worth timing").isEqualTo(1);

    recorders.pinSampling(id, 256);
    for (int i = 0; i < 2_000; i++) {
      recorders.callForTest(id, 50_000);
    }
    assertThat(recorders.snapshot().get(0).sampleEvery()).as("pinned by the governor").isEqualTo(256);
  }

  @Test
  void exactRequired_isNeverSampled_evenWhenPinned() {
    TimingRecorders recorders = new TimingRecorders(null, 16, TimingSampling.auto(16));
    recorders.requireExact(SHORT.key());
    int id = woven(recorders);
    recorders.pinSampling(id, 64);
    for (int i = 0; i < 5_000; i++) {
      recorders.callForTest(id, 10);
      if (i % 1_000 == 0) {
        recorders.snapshot();
      }
    }

    MethodSnapshot snapshot = recorders.snapshot().get(0);
    assertThat(snapshot.sampleEvery()).isEqualTo(1);
    assertThat(snapshot.latency().calls()).isEqualTo(5_000);
  }

  @Test
  void aMethodTheDetectorChose_isSampledFromItsFirstCall_andTimedExactlyOnceItsCallsAreLong() {
    TimingRecorders recorders = new TimingRecorders(null, 16, TimingSampling.auto(16));
    recorders.sampleFirst(SHORT.key()); // before its class is retransformed: not registered yet
    int id = woven(recorders);
    for (int i = 0; i < 320; i++) {
      recorders.callForTest(id, 100);
    }
    MethodSnapshot shortCalls = recorders.snapshot().get(0);
    assertThat(shortCalls.sampleEvery()).as("sampled before its first 1,000 calls").isEqualTo(16);
    assertThat(shortCalls.calls()).as("every call counted").isEqualTo(320);
    assertThat(shortCalls.latency().calls()).as("one in 16 clocked, each standing for 16")
        .isEqualTo(320);

    MethodRef longOne = new MethodRef("com.acme.Text", "render", "()V", "auto");
    recorders.sampleFirst(longOne.key());
    int longId = recorders.register(longOne);
    recorders.woven(longId);
    for (int i = 0; i < 320; i++) {
      recorders.callForTest(longId, 50_000);
    }
    assertThat(snapshotOf(recorders, longOne).sampleEvery()).as("read once: its calls are long")
        .isEqualTo(1);
    for (int i = 0; i < 100; i++) {
      recorders.callForTest(longId, 50_000);
    }
    assertThat(snapshotOf(recorders, longOne).calls()).isEqualTo(420);
  }

  @Test
  void sampleFirst_leavesExactRequiredMethods_andExactRecorders_alone() {
    TimingRecorders recorders = new TimingRecorders(null, 16, TimingSampling.auto(16));
    recorders.requireExact(SHORT.key());
    recorders.sampleFirst(SHORT.key());
    int id = woven(recorders);
    recorders.callForTest(id, 100);
    recorders.callForTest(id, 100);
    assertThat(recorders.snapshot().get(0).sampleEvery()).isEqualTo(1);

    TimingRecorders exact = new TimingRecorders(null, 16);
    exact.sampleFirst(SHORT.key());
    int exactId = woven(exact);
    exact.callForTest(exactId, 100);
    assertThat(exact.snapshot().get(0).sampleEvery()).isEqualTo(1);
  }

  private static MethodSnapshot snapshotOf(TimingRecorders recorders, MethodRef method) {
    return recorders.snapshot().stream()
        .filter(snapshot -> snapshot.method().key().equals(method.key())).findFirst().orElseThrow();
  }

  /** The calls with these latencies, one thread; the recorders decide after the first 1,001. */
  private static MethodSnapshot run(TimingRecorders recorders, long[] latencies) {
    int id = woven(recorders);
    for (int i = 0; i < latencies.length; i++) {
      recorders.callForTest(id, latencies[i]);
      if (i == 1_000) {
        recorders.snapshot();
      }
    }
    return recorders.snapshot().get(0);
  }

  private static int woven(TimingRecorders recorders) {
    int id = recorders.register(SHORT);
    recorders.woven(id);
    return id;
  }

  @Test
  void depthsLeftTooHighByAStackOverflow_areRebuiltAtTheNextClockedCall() {
    // Only clocked calls rebuild doubtful depths; the counted-only calls in between must not keep
    // them wrong, nor stand in the way.
    TimingRecorders recorders =
        new TimingRecorders(null, 16, new TimingSampling(8, Long.MAX_VALUE));
    int id = woven(recorders);
    recorders.sampleFirst(SHORT.key());
    for (int i = 0; i < 3; i++) {
      recorders.enter(id); // entries whose exits an overflow skipped: depth 3, no frame on the stack
    }
    Object unclocked = recorders.enter(id);
    assertThat(unclocked).isInstanceOf(UnclockedCall.class);
    recorders.exit(id, unclocked, 0L, new StackOverflowError()); // the overflow passes its exit
    assertThat(recorders.snapshot().get(0).totalNanos()).isZero();

    for (int i = 0; i < 16; i++) {
      recorders.callForTest(id, 100); // outermost calls, two of them clocked
    }

    MethodSnapshot snapshot = recorders.snapshot().get(0);
    assertThat(snapshot.sampleEvery()).isEqualTo(8);
    assertThat(snapshot.calls()).isEqualTo(17);
    assertThat(snapshot.errors()).isEqualTo(1);
    assertThat(snapshot.totalNanos()).as("the clocked calls are outermost again").isPositive();
  }
}
