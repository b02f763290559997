package dev.overclock.offload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Whether a move to virtual threads paid, from injected task ends: no clock is read. */
class GainCheckTest {

  private static final long MS = 1_000_000;

  /**
   * Ends {@code tasks} tasks of {@code taskMs} each, evenly over {@code overMs} after the move;
   * returns the outcome of the last one.
   */
  private static GainCheck.Outcome run(GainCheck check, int tasks, double taskMs, double overMs,
      boolean backlog) {
    GainCheck.Outcome outcome = null;
    for (int i = 1; i <= tasks; i++) {
      GainCheck.Outcome now =
          check.ended((long) (taskMs * MS), (long) (overMs * MS * i / tasks), backlog);
      if (now != null) {
        assertThat(outcome).as("one outcome only").isNull();
        outcome = now;
      }
    }
    return outcome;
  }

  @Test
  void cpuBoundTasksThatGainedNothing_goBack() {
    // 200 tasks/s on 2 platform threads before; 32 tasks in 160 ms after: the same 200/s
    GainCheck check = new GainCheck(200, 10 * MS, 0, 2);
    GainCheck.Outcome outcome = run(check, 32, 10, 160, true);

    assertThat(outcome.paid()).isFalse();
    assertThat(outcome.reason()).isEqualTo("moved back: virtual threads did not pay (200 tasks/s"
        + " on virtual threads against 200 on platform threads before the move (1.00x), a task"
        + " ran 10.0 ms against 10.0 ms, tasks still waiting to start); new tasks run on platform"
        + " threads");
  }

  @Test
  void blockingTasksThatEndFaster_stay() {
    // 8 threads of 10 ms tasks: 800/s before; 32 tasks in 10 ms after
    GainCheck.Outcome outcome = run(new GainCheck(800, 10 * MS, 0, 8), 32, 10, 10, true);

    assertThat(outcome.paid()).isTrue();
    assertThat(outcome.reason()).startsWith("paid: 3200 tasks/s on virtual threads against 800");
  }

  @Test
  void tasksThatNoLongerWaitForAThread_stay_unlessTheyRunLonger() {
    // tasks arrive at 100/s: no more can end, but none waits to start any more
    assertThat(run(new GainCheck(100, 10 * MS, 0, 2), 32, 11, 320, false).paid()).isTrue();
    // the same, each task running three times as long (a resource they now crowd)
    assertThat(run(new GainCheck(100, 10 * MS, 0, 2), 32, 30, 320, false).paid()).isFalse();
  }

  @Test
  void theWindowIsFourRoundsOfThePool_atLeast32Tasks() {
    assertThat(run(new GainCheck(100, MS, 0, 8), 31, 1, 31, true)).isNull();
    assertThat(run(new GainCheck(100, MS, 0, 16), 63, 1, 63, true)).isNull();
    assertThat(run(new GainCheck(100, MS, 0, 16), 64, 1, 64, true)).isNotNull();
  }
}
