package dev.overclock.shutdown;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;

class JfrExitGuardTest {

  @Test
  void exit_waitsForAStartInProgress_untilItsFirstFlush() throws Exception {
    JfrExitGuard guard = new JfrExitGuard();
    JfrExitGuard.Start start = guard.start();
    assertThat(start).isNotNull();

    CountDownLatch exitWaiting = new CountDownLatch(1);
    AtomicBoolean exitDone = new AtomicBoolean();
    Thread exit = new Thread(() -> {
      exitWaiting.countDown();
      exitDone.set(guard.awaitExit(60_000));
    });
    exit.start();
    exitWaiting.await();
    exit.join(200);
    assertThat(exit.isAlive()).as("the exit waits while the start is in progress").isTrue();

    start.started();
    exit.join(TimeUnit.SECONDS.toMillis(30));
    assertThat(exit.isAlive()).isFalse();
    assertThat(exitDone).isTrue();
  }

  /**
   * A program that ends just after the stream's start used to wait for a first flush that JFR's
   * own shutdown hook had made impossible: the start now leaves as soon as its recording runs.
   * Real recordings: JFR's listeners are told of the new state on the starting thread.
   */
  @Test
  void startWatchingItsRecording_leavesOnceItRuns_andNotForAnotherThreadsRecording()
      throws Exception {
    JfrExitGuard guard = new JfrExitGuard();
    JfrExitGuard.Start start = guard.start();
    assertThat(start.beforeStart()).as("the JVM runs: the start goes on").isTrue();

    Thread other = new Thread(() -> {
      try (Recording recording = new Recording()) {
        recording.start();
      }
    });
    other.start();
    other.join(TimeUnit.SECONDS.toMillis(60));
    assertThat(guard.awaitExit(0)).as("another thread's recording ran and closed").isFalse();
    assertThat(guard.exitedIdle()).as("the start is still inside").isFalse();

    try (Recording recording = new Recording()) {
      recording.start();
      assertThat(guard.exitedIdle()).as("this thread's recording runs: the start has left").isTrue();
    }
    start.close(); // leaves once only
    assertThat(guard.exitedIdle()).isTrue();
  }

  /** A start let in before the exit skips JFR's start once the exit has begun, and leaves. */
  @Test
  void startLetInBeforeTheExit_skipsJfrsStart_onceTheJvmExits() {
    JfrExitGuard guard = new JfrExitGuard();
    JfrExitGuard.Start start = guard.start();
    assertThat(guard.awaitExit(0)).isFalse();

    assertThat(start.beforeStart()).as("the JVM exits: JFR's start is skipped").isFalse();
    start.close();
    assertThat(guard.exitedIdle()).isTrue();
  }

  @Test
  void nothingStarts_orChanges_onceTheJvmExits() {
    JfrExitGuard guard = new JfrExitGuard();
    assertThat(guard.awaitExit(0)).isTrue();

    AtomicBoolean ran = new AtomicBoolean();
    assertThat(guard.start()).isNull();
    assertThat(guard.run(() -> ran.set(true))).isFalse();
    assertThat(ran).isFalse();
  }

  @Test
  void exitedIdle_onlyOnceTheJvmExits_andNoStartIsInProgress() {
    JfrExitGuard guard = new JfrExitGuard();
    assertThat(guard.exitedIdle()).as("running").isFalse();
    JfrExitGuard.Start start = guard.start();

    assertThat(guard.awaitExit(0)).isFalse();
    assertThat(guard.exitedIdle()).as("a start still inside").isFalse();

    start.close();
    assertThat(guard.exitedIdle()).isTrue();
  }

  @Test
  void aSettingChange_runs_andLeaves() {
    JfrExitGuard guard = new JfrExitGuard();
    AtomicBoolean ran = new AtomicBoolean();

    assertThat(guard.run(() -> ran.set(true))).isTrue();

    assertThat(ran).isTrue();
    assertThat(guard.awaitExit(0)).as("nothing left inside").isTrue();
  }

  @Test
  void aStart_leavesOnce_whetherItFlushedOrEnded() {
    JfrExitGuard guard = new JfrExitGuard();
    JfrExitGuard.Start first = guard.start();
    JfrExitGuard.Start second = guard.start();

    first.started();
    first.close(); // its blocking start returned later: must not count as the second's leave

    assertThat(guard.awaitExit(0)).as("the second start is still inside").isFalse();
    second.close();
    assertThat(guard.awaitExit(0)).isTrue();
  }

  @Test
  void theExitsWait_isBounded_whenAStartNeverLeaves() {
    JfrExitGuard guard = new JfrExitGuard();
    guard.start();

    assertThat(guard.awaitExit(50)).isFalse();
  }
}
