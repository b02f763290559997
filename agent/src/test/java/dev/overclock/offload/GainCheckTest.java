package dev.overclock.offload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Whether a move to virtual threads paid, from injected task ends: no clock is read. */
class GainCheckTest {

  private static final long MS = 1_000_000;

  /**
   * Ends {@code tasks} tasks of {@code taskMs} each, evenly from {@code fromMs} to {@code toMs}
   * after the move (the first at {@code fromMs} plus one interval); returns the outcome of the
   * last one, checking that there is one outcome at most.
   */
  private static GainCheck.Outcome run(GainCheck check, long tasks, double taskMs, double fromMs,
      double toMs, boolean backlog) {
    GainCheck.Outcome outcome = null;
    for (long i = 1; i <= tasks; i++) {
      GainCheck.Outcome now = check.ended((long) (taskMs * MS),
          (long) ((fromMs + (toMs - fromMs) * i / tasks) * MS), backlog);
      if (now != null) {
        assertThat(outcome).as("one outcome only").isNull();
        outcome = now;
      }
    }
    return outcome;
  }

  /** Lets {@code check} settle: its settling task ends, all at the move. */
  private static GainCheck settled(GainCheck check) {
    assertThat(run(check, check.settle(), 10, 0, 0, true)).isNull();
    return check;
  }

  @Test
  void cpuBoundTasksThatGainedNothing_goBack() {
    // 200 tasks/s on 2 platform threads before; 32 tasks in 160 ms after: the same 200/s
    GainCheck check = settled(new GainCheck(200, 10 * MS, 2));
    GainCheck.Outcome outcome = run(check, 32, 10, 0, 160, true);

    assertThat(outcome.paid()).isFalse();
    assertThat(outcome.reason()).isEqualTo("moved back: virtual threads did not pay (200 tasks/s"
        + " on virtual threads against 200 on platform threads before the move (1.00x), a task"
        + " ran 10.0 ms against 10.0 ms, tasks still waiting to start); new tasks run on platform"
        + " threads");
  }

  @Test
  void blockingTasksThatEndFaster_stay() {
    // 8 threads of 10 ms tasks: 800/s before; after, 3200/s over four task times and more
    GainCheck check = settled(new GainCheck(800, 10 * MS, 8));
    GainCheck.Outcome outcome = run(check, 160, 10, 0, 50, true);

    assertThat(outcome.paid()).isTrue();
    assertThat(outcome.reason()).startsWith("paid: 3200 tasks/s on virtual threads against 800");
  }

  @Test
  void tasksThatNoLongerWaitForAThread_stay_unlessTheyRunLonger() {
    // tasks arrive at 100/s: no more can end, but none waits to start any more
    assertThat(run(settled(new GainCheck(100, 10 * MS, 2)), 32, 11, 0, 320, false).paid())
        .isTrue();
    // the same, each task running three times as long (a resource they now crowd)
    assertThat(run(settled(new GainCheck(100, 10 * MS, 2)), 32, 30, 0, 320, false).paid())
        .isFalse();
  }

  @Test
  void theSettlingIsTwoWindowsOfTheLimit_andTheWindowFourRoundsOfThePool_atLeast32Tasks() {
    GainCheck small = new GainCheck(100, MS, 8);
    assertThat(small.settle()).isEqualTo(2 * AdaptiveLimit.MIN_WINDOW);
    assertThat(small.window()).isEqualTo(32);
    assertThat(run(small, 32 + 31, 1, 0, 63, true)).isNull();
    assertThat(small.ended(MS, 64 * MS, true)).isNotNull();

    GainCheck large = new GainCheck(100, MS, 64);
    assertThat(large.settle()).isEqualTo(128);
    assertThat(large.window()).isEqualTo(256);
    assertThat(run(large, 128 + 255, 1, 0, 383, true)).isNull();
    assertThat(large.ended(MS, 384 * MS, true)).isNotNull();
  }

  /**
   * Right after a move the virtual side is slow (its scheduler starting, its limit still the
   * pool's size, tasks that ran long): those ends are not measured, so the rate after settling
   * decides.
   */
  @Test
  void theSettlingTaskEnds_areNotMeasured() {
    GainCheck check = new GainCheck(800, 10 * MS, 8);
    // the settling tasks end at half the platform rate, each running 60 ms
    assertThat(run(check, check.settle(), 60, 0, check.settle() * 2.5, true)).isNull();
    double settledAtMs = check.settle() * 2.5;
    // then 3200/s
    GainCheck.Outcome outcome = run(check, 160, 10, settledAtMs, settledAtMs + 50, true);

    assertThat(outcome.paid()).isTrue();
    assertThat(outcome.reason()).startsWith("paid: 3200 tasks/s on virtual threads against 800")
        .contains("a task ran 10.0 ms against 10.0 ms");
  }

  /** A gain within a busy machine's noise (1.15x) does not pay; 1.25x does. */
  @Test
  void aGainBelow1_2x_doesNotPay() {
    // 40 tasks over 1739 ms after settling: 23/s against 20/s before
    assertThat(run(settled(new GainCheck(20, 50 * MS, 4)), 40, 50, 0, 1739, true).paid())
        .isFalse();
    assertThat(run(settled(new GainCheck(20, 50 * MS, 4)), 40, 50, 0, 1600, true).paid())
        .isTrue();
  }

  /**
   * 32 tasks in flight end within 2 ms of each other: a burst, not a rate. The window goes on
   * until it spans four times a task's platform run time, and the slope over the rounds reads the
   * rate (32 tasks per 10 ms round: 3200/s).
   */
  @Test
  void aWindowWithinOneRound_goesOnForFourTaskTimes() {
    GainCheck check = settled(new GainCheck(800, 10 * MS, 8));
    GainCheck.Outcome outcome = null;
    int ends = 0;
    for (int round = 1; round <= 6 && outcome == null; round++) {
      for (int t = 0; t < 32 && outcome == null; t++) {
        outcome = check.ended(10 * MS, round * 10 * MS + t * 62_500, true);
        ends++;
      }
    }
    assertThat(ends).isGreaterThan(4 * 32);
    assertThat(outcome.paid()).isTrue();
    assertThat(outcome.reason()).containsPattern("paid: 3\\d\\d\\d tasks/s on virtual threads");
  }

  /**
   * A permit-bound pool: tasks end at the permit's 20/s on either kind of thread, with the
   * jitter of a busy machine; the slope reads 20/s and the move goes back.
   */
  @Test
  void aPoolBoundByASharedPermit_goesBack_whateverTheWindowsPhase() {
    GainCheck check = settled(new GainCheck(20, 50 * MS, 4));
    GainCheck.Outcome outcome = null;
    for (int i = 1; i <= 32 && outcome == null; i++) {
      // 50 ms apart, every other one 20 ms late; the last one early
      long at = i * 50 * MS + (i % 2 == 0 ? 20 * MS : 0) - (i == 32 ? 30 * MS : 0);
      outcome = check.ended(200 * MS, at, true);
    }
    assertThat(outcome.paid()).isFalse();
    assertThat(outcome.reason()).startsWith("moved back: virtual threads did not pay (20 tasks/s"
        + " on virtual threads against 20 on platform threads before the move (1.0");
  }
}
