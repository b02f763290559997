package dev.overclock.offload;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The audit of {@code auto=optimize}'s pool moves: one entry per pool moved, its gain check's
 * verdict and figures, and the move back with its reason in one word.
 */
class PoolMovesTest {

  private static final String SITE = "com.acme.Shop::start line 42 (Executors.newFixedThreadPool)";
  private static final Instant T0 = Instant.parse("2026-12-04T11:00:00Z");
  private static final Instant T1 = Instant.parse("2026-12-04T11:00:02Z");
  private static final Instant T2 = Instant.parse("2026-12-04T11:00:05Z");

  private static GainCheck.Outcome outcome(boolean paid, double after) {
    return new GainCheck.Outcome(paid, (paid ? "paid: " : "moved back: virtual threads did not pay (")
        + after + " tasks/s", after, 160, 10.4e6, 10.1e6);
  }

  @Test
  void aMoveThatPaid_isAppliedAndProven_withBothRates() {
    PoolMoves moves = new PoolMoves();
    Object lane = new Object();
    moves.moved(lane, T0, SITE, 8, "blocking: the first 4 tasks waited", 160, 10.1e6);

    PoolMove moved = moves.list().get(0);
    assertThat(moved.state()).isEqualTo("applied");
    assertThat(moved.verdict()).isEqualTo("waiting");
    assertThat(moved.reason()).isEqualTo("moved to virtual threads: blocking: the first 4 tasks"
        + " waited");
    assertThat(moved.virtualPerSecond()).isEqualTo(-1);
    assertThat(moved.gain()).isEqualTo(-1);
    assertThat(moved.proven()).isFalse();

    moves.checked(lane, T1, outcome(true, 400));

    PoolMove paid = moves.list().get(0);
    assertThat(paid.state()).isEqualTo("applied");
    assertThat(paid.verdict()).isEqualTo("proven");
    assertThat(paid.proven()).isTrue();
    assertThat(paid.reason()).isEqualTo("moved to virtual threads: blocking: the first 4 tasks"
        + " waited; paid: 400.0 tasks/s");
    assertThat(paid.platformPerSecond()).isEqualTo(160);
    assertThat(paid.virtualPerSecond()).isEqualTo(400);
    assertThat(paid.gain()).isEqualTo(2.5);
    assertThat(paid.taskNanosBefore()).isEqualTo(10.1e6);
    assertThat(paid.taskNanosAfter()).isEqualTo(10.4e6);
    assertThat(paid.movedAt()).isEqualTo(T0);
    assertThat(paid.at()).isEqualTo(T1);
    assertThat(paid.poolSize()).isEqualTo(8);
  }

  @Test
  void aMoveWithoutGain_isUndone_noGain_withTheCheckFigures() {
    PoolMoves moves = new PoolMoves();
    Object lane = new Object();
    moves.moved(lane, T0, SITE, 4, "blocking", 160, 50e6);
    moves.checked(lane, T1, outcome(false, 161));
    moves.back(lane, T2, "moved back: virtual threads did not pay (161 tasks/s ...); new tasks run"
        + " on platform threads", "ignored");

    PoolMove back = moves.list().get(0);
    assertThat(back.state()).isEqualTo("undone");
    assertThat(back.undoneBecause()).isEqualTo("no-gain");
    assertThat(back.verdict()).isEqualTo("refuted");
    assertThat(back.reason()).startsWith("moved back: virtual threads did not pay (");
    assertThat(back.evidence()).isNull();
    assertThat(back.virtualPerSecond()).isEqualTo(161);
    assertThat(back.at()).isEqualTo(T2);
    assertThat(back.proven()).isFalse();
  }

  @Test
  void pinningAndDetach_undoAMove_beforeOrAfterItsCheck() {
    PoolMoves moves = new PoolMoves();
    Object pinned = new Object();
    Object detached = new Object();
    moves.moved(pinned, T0, SITE, 8, "blocking", 160, 10e6);
    moves.moved(detached, T0, SITE, 8, "blocking", 160, 10e6);
    moves.checked(detached, T1, outcome(true, 400));
    moves.back(pinned, T2, "pinned: a task blocked 25.0 ms on a virtual thread it could not leave,"
        + " at com.acme.Shop::lock:9; new tasks run on platform threads", "com.acme.Shop::lock:9");
    moves.back(detached, T2, "the agent detached", null);

    assertThat(moves.list()).hasSize(2);
    PoolMove first = moves.list().get(0);
    assertThat(first.undoneBecause()).isEqualTo("pinned");
    assertThat(first.evidence()).isEqualTo("com.acme.Shop::lock:9");
    assertThat(first.verdict()).isNull(); // moved back before its check ended
    PoolMove second = moves.list().get(1);
    assertThat(second.undoneBecause()).isEqualTo("detached");
    assertThat(second.verdict()).isEqualTo("proven"); // the check that ran, kept
    assertThat(second.state()).isEqualTo("undone");
    assertThat(second.proven()).isFalse();
  }

  @Test
  void poolsThatNeverMoved_haveNoEntry_andEachPoolHasOne() {
    PoolMoves moves = new PoolMoves();
    Object cpu = new Object();
    Object lane = new Object();
    moves.back(cpu, T0, "CPU-bound: the first 4 tasks spent 98% of their time on a CPU", null);
    moves.checked(cpu, T0, outcome(true, 400));
    moves.moved(lane, T0, SITE, 8, "blocking", 160, 10e6);
    moves.moved(lane, T1, SITE, 8, "blocking again", 160, 10e6);

    assertThat(moves.list()).hasSize(1);
    assertThat(moves.list().get(0).reason()).endsWith(": blocking");
  }

  @Test
  void theAudit_keepsTheFirstMoves_andCountsTheRest() {
    PoolMoves moves = new PoolMoves();
    for (int i = 0; i < PoolMoves.MAX + 5; i++) {
      moves.moved(new Object(), T0, SITE, 8, "blocking", 160, 10e6);
    }

    assertThat(moves.list()).hasSize(PoolMoves.MAX);
    assertThat(moves.leftOut()).isEqualTo(5);
  }
}
