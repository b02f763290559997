package dev.overclock.offload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The platform baseline of the gain check: the pool's rate while saturated, from injected task
 * ends and pool states; no clock is read.
 */
class PlatformBaselineTest {

  private static final long MS = 1_000_000;

  /**
   * The fixture's no-gain pool: 4 threads, one shared permit held 50 ms. Its first 4 calls come
   * one after the other with a slow start (one thread busy, nothing queued), then 100 at once end
   * at the permit's 20/s. The baseline reads 20/s, not the ramp's slower rate.
   */
  @Test
  void theSequentialPrelude_andTheRamp_areLeftOut() {
    PlatformBaseline baseline = new PlatformBaseline(4);
    long at = 0;
    long ended = 0;
    for (int i = 0; i < 4; i++) {
      at += i == 0 ? 150 * MS : 60 * MS; // a slow first call, then 60 ms each
      baseline.ended(at, ++ended, 1, 0);
    }
    assertThat(baseline.points()).isZero();
    for (int i = 0; i < 100; i++) {
      at += 50 * MS;
      baseline.ended(at, ++ended, 4, 100 - i);
    }
    assertThat(baseline.perSecond()).isCloseTo(20, within(0.01));
    // over the same time from its first task, the pool read a ramp: 104 tasks in 5.33 s
    assertThat(ended / (at / 1e9)).isLessThan(19.6);
  }

  @Test
  void thePoolsFirstRound_isLeftOut_evenWhenSaturated() {
    PlatformBaseline baseline = new PlatformBaseline(8);
    for (int i = 1; i <= 8; i++) {
      baseline.ended(40 * MS + i * MS, i, 8, 392); // threads starting, code not yet compiled
    }
    assertThat(baseline.points()).isZero();
    baseline.ended(50 * MS, 9, 8, 391);
    assertThat(baseline.points()).isEqualTo(1);
  }

  @Test
  void endsThatFindThePoolNotSaturated_pauseTheMeasurement() {
    PlatformBaseline baseline = new PlatformBaseline(2);
    long ended = 2;
    long at = 0;
    for (int i = 0; i < 10; i++) {
      at += 10 * MS;
      baseline.ended(at, ++ended, 2, 5); // 100/s while saturated
    }
    for (int i = 0; i < 10; i++) {
      at += 100 * MS;
      baseline.ended(at, ++ended, i % 2 == 0 ? 1 : 2, 0); // tasks arrive at 10/s: not counted
    }
    for (int i = 0; i < 10; i++) {
      at += 10 * MS;
      baseline.ended(at, ++ended, 2, 3);
    }
    assertThat(baseline.perSecond()).isCloseTo(100, within(0.01));
  }

  @Test
  void itIsReady_afterTwoRoundsOfThePool_atLeast16TaskEnds() {
    assertReadyAfter(new PlatformBaseline(4), 4, 17);
    assertReadyAfter(new PlatformBaseline(20), 20, 41);
  }

  private static void assertReadyAfter(PlatformBaseline baseline, int poolSize, int points) {
    long ended = poolSize;
    for (int i = 1; i < points; i++) {
      baseline.ended(i * MS, ++ended, poolSize, 1);
      assertThat(baseline.ready()).as("after %d", i).isFalse();
    }
    baseline.ended(points * MS, ++ended, poolSize, 1);
    assertThat(baseline.ready()).isTrue();
  }

  @Test
  void aRestart_startsOver() {
    PlatformBaseline baseline = new PlatformBaseline(2);
    for (int i = 3; i < 40; i++) {
      baseline.ended(i * MS, i, 2, 1);
    }
    assertThat(baseline.ready()).isTrue();
    baseline.restart();
    assertThat(baseline.ready()).isFalse();
    assertThat(baseline.perSecond()).isNaN();
  }
}
