package dev.overclock.offload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The least-squares rate of ended tasks, from injected times and counts: no clock is read. */
class CompletionRateTest {

  private static final long MS = 1_000_000;

  @Test
  void evenlySpacedEnds_readTheirRate() {
    CompletionRate rate = new CompletionRate();
    for (int i = 0; i < 20; i++) {
      rate.add(1_000 * MS + i * 50 * MS, 100 + i); // 20/s, from any origin and count
    }
    assertThat(rate.perSecond()).isCloseTo(20, within(1e-6));
    assertThat(rate.points()).isEqualTo(20);
    assertThat(rate.seconds()).isCloseTo(0.95, within(1e-9));
  }

  @Test
  void fewerThanTwoPoints_orNoTimeBetween_haveNoRate() {
    CompletionRate rate = new CompletionRate();
    assertThat(rate.perSecond()).isNaN();
    rate.add(5 * MS, 1);
    assertThat(rate.perSecond()).isNaN();
    rate.add(5 * MS, 2);
    assertThat(rate.perSecond()).isNaN();
  }

  /**
   * A pool of 8 ends its tasks in bursts, one per 10 ms round: the endpoints of a window that
   * starts with a burst's last task and ends with a later burst's first miss most of a round
   * (0.84x); the slope through every point reads within 5% of the pool's 800/s.
   */
  @Test
  void bursts_readThePoolsRate_whereEndpointsReadARoundOff() {
    CompletionRate rate = new CompletionRate();
    long count = 0;
    long firstAt = -1;
    long lastAt = 0;
    long firstCount = 0;
    for (int round = 1; round <= 6; round++) {
      for (int t = 0; t < 8; t++) {
        long at = round * 10 * MS + t * 100_000; // the 8 ends of a round within 0.7 ms
        count++;
        if (round == 1 && t < 7) {
          continue; // the window starts with the first round's last end
        }
        if (firstAt < 0) {
          firstAt = at;
          firstCount = count;
        }
        rate.add(at, count);
        lastAt = at;
        if (round == 6) {
          break; // ... and ends with the last round's first
        }
      }
    }
    double endpoints = (count - firstCount) / ((lastAt - firstAt) / 1e9);
    assertThat(endpoints).isLessThan(680);
    assertThat(rate.perSecond()).isCloseTo(800, within(40.0));
  }

  @Test
  void aPause_leavesTheTimeBetweenStretchesOut() {
    CompletionRate rate = new CompletionRate();
    for (int i = 0; i < 10; i++) {
      rate.add(i * 50 * MS, i);
    }
    rate.pause();
    // 5 s later (the pool idle, then not saturated: 30 tasks ended meanwhile), 20/s again
    for (int i = 0; i < 10; i++) {
      rate.add(5_450 * MS + i * 50 * MS, 40 + i);
    }
    assertThat(rate.perSecond()).isCloseTo(20, within(1e-6));
    // the new stretch's first point joins the last one: 19 points, 18 intervals of 50 ms
    assertThat(rate.points()).isEqualTo(19);
    assertThat(rate.seconds()).isCloseTo(0.9, within(1e-9));
  }
}
