package dev.overclock.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentWindowTest {

  private static final long MINUTE = 60_000_000_000L;
  private static final long SLOT = MINUTE / RecentWindow.SLOTS;

  @Test
  void summary_holdsTheCallsAdded_withTheirErrorsAndMean() {
    RecentWindow window = new RecentWindow(MINUTE, 0);

    add(window, calls(1_000, 3_000), 1, 4_000, 0);
    add(window, calls(2_000), 0, 2_000, SLOT + 1);

    LatencySummary summary = window.summary(SLOT + 2);
    assertThat(summary.calls()).isEqualTo(3);
    assertThat(summary.meanNanos()).isEqualTo(2_000.0);
    assertThat(summary.maxNanos()).isBetween(3_000L, 3_030L);
    assertThat(window.errors(SLOT + 2)).isEqualTo(1);
  }

  @Test
  void callsLeaveTheWindow_oneSlotAtATime() {
    RecentWindow window = new RecentWindow(MINUTE, 0);
    add(window, calls(1_000), 1, 1_000, 0); // slot 0
    add(window, calls(9_000), 0, 9_000, 2 * SLOT); // slot 2

    // slot 0 leaves when the window has moved on by five slots
    assertThat(window.summary(5 * SLOT - 1).calls()).isEqualTo(2);
    assertThat(window.summary(5 * SLOT).calls()).isEqualTo(1);
    assertThat(window.errors(5 * SLOT)).isZero();
    assertThat(window.summary(5 * SLOT).minNanos()).isGreaterThanOrEqualTo(8_900);
    assertThat(window.summary(7 * SLOT).calls()).isZero();
  }

  @Test
  void theSlowestCall_leavesWithItsSlot() {
    RecentWindow window = new RecentWindow(MINUTE, 0);
    add(window, calls(900_000), 0, 900_000, 0);
    add(window, calls(1_000, 2_000), 0, 3_000, SLOT);

    assertThat(window.summary(SLOT).maxNanos()).isGreaterThanOrEqualTo(900_000);
    LatencySummary later = window.summary(5 * SLOT);
    assertThat(later.calls()).isEqualTo(2);
    assertThat(later.maxNanos()).isBetween(2_000L, 2_020L);
    assertThat(later.p999Nanos()).isLessThanOrEqualTo(later.maxNanos());
    assertThat(later.meanNanos()).isEqualTo(1_500.0);
  }

  @Test
  void aLongPause_emptiesTheWholeWindow_andKeepsNewCalls() {
    RecentWindow window = new RecentWindow(MINUTE, 0);
    add(window, calls(1_000, 2_000), 2, 3_000, 0);

    add(window, calls(5_000), 0, 5_000, 1_000 * MINUTE);

    assertThat(window.summary(1_000 * MINUTE).calls()).isEqualTo(1);
    assertThat(window.errors(1_000 * MINUTE)).isZero();
  }

  @Test
  void aClockReadEarlierThanTheLastOne_staysInTheCurrentSlot() {
    RecentWindow window = new RecentWindow(MINUTE, 10 * SLOT);
    add(window, calls(1_000), 0, 1_000, 10 * SLOT);

    add(window, calls(1_000), 0, 1_000, 9 * SLOT);

    assertThat(window.summary(10 * SLOT).calls()).isEqualTo(2);
  }

  @Test
  void summary_ofAnEmptyWindow_isEmpty() {
    RecentWindow window = new RecentWindow(MINUTE, 0);

    assertThat(window.summary(0)).isEqualTo(LatencySummary.EMPTY);
  }

  /** A drain whose calls were all clocked. */
  private static void add(RecentWindow window, DrainedLatencies drained, long errors,
      long sumNanos, long nowNanos) {
    window.add(drained, drained.total(), errors, sumNanos, nowNanos);
  }

  private static DrainedLatencies calls(long... nanos) {
    LatencyCounts counts = new LatencyCounts();
    for (long value : nanos) {
      counts.record(value);
    }
    DrainedLatencies drained = new DrainedLatencies();
    counts.drainInto(drained);
    return drained;
  }
}
