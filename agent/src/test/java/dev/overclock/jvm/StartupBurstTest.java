package dev.overclock.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The start-up burst's end, on injected class counts and main-thread CPU (no sleeping). */
class StartupBurstTest {

  /** A main thread that has ended: class loading alone decides. */
  private static final java.util.function.LongSupplier IDLE = () -> StartupBurst.ENDED;

  @Test
  void aJvmThatLoadsNoMoreClasses_isPastItsStartAfterTheQuietPolls() throws Exception {
    int polls = StartupBurst.awaitEnd(() -> 5_000, IDLE, 2_000, millis -> {}, () -> false);

    assertThat(polls).isEqualTo(StartupBurst.QUIET_POLLS);
  }

  @Test
  void whileClassesKeepLoading_itWaits_andTheQuietPollsMustFollowEachOther() throws Exception {
    AtomicLong loaded = new AtomicLong(1_000);
    AtomicInteger poll = new AtomicInteger();
    // 100 classes a poll for 5 polls, one quiet poll, 100 more, then quiet
    int polls = StartupBurst.awaitEnd(loaded::get, IDLE, 10_000, millis -> {
      int n = poll.incrementAndGet();
      if (n <= 5 || n == 7) {
        loaded.addAndGet(100);
      }
    }, () -> false);

    assertThat(polls).isEqualTo(7 + StartupBurst.QUIET_POLLS);
  }

  @Test
  void anApplicationThatNeverStopsLoadingClasses_waitsOnlyTheLongestWait() throws Exception {
    AtomicLong loaded = new AtomicLong();
    AtomicLong slept = new AtomicLong();
    int polls = StartupBurst.awaitEnd(loaded::get, IDLE, 1_050, millis -> {
      slept.addAndGet(millis);
      loaded.addAndGet(500);
    }, () -> false);

    assertThat(polls).isEqualTo(11);
    assertThat(slept.get()).isEqualTo(1_050);
  }

  @Test
  void aCallerThatStopsWaiting_endsTheWaitAtTheNextPoll() throws Exception {
    AtomicLong loaded = new AtomicLong();
    AtomicInteger poll = new AtomicInteger();
    int polls = StartupBurst.awaitEnd(loaded::get, IDLE, 10_000, millis -> {
      poll.incrementAndGet();
      loaded.addAndGet(500);
    }, () -> poll.get() >= 2);

    assertThat(polls).isEqualTo(2);
  }

  @Test
  void noWaitAtAll_pollsNothing() throws Exception {
    assertThat(StartupBurst.awaitEnd(() -> 0, IDLE, 0, millis -> {}, () -> false)).isZero();
  }

  @Test
  void aMainThreadStillComputing_keepsTheWaitGoing_thoughNoClassLoads() throws Exception {
    // the cpu workload building its index: no new class for a while, its main thread busy
    AtomicLong mainCpu = new AtomicLong();
    AtomicInteger poll = new AtomicInteger();
    int polls = StartupBurst.awaitEnd(() -> 5_000, mainCpu::get, 10_000, millis -> {
      if (poll.incrementAndGet() <= 6) {
        mainCpu.addAndGet(millis * 900_000); // 90% of a core
      }
    }, () -> false);

    assertThat(polls).isEqualTo(6 + StartupBurst.QUIET_POLLS);
  }

  @Test
  void aMainThreadThatWaits_countsAsIdle_belowATenthOfACore() throws Exception {
    AtomicLong mainCpu = new AtomicLong();
    int polls = StartupBurst.awaitEnd(() -> 5_000, mainCpu::get, 10_000,
        millis -> mainCpu.addAndGet(millis * 1_000_000 / StartupBurst.BUSY_SHARE - 1),
        () -> false);

    assertThat(polls).isEqualTo(StartupBurst.QUIET_POLLS);
  }

  @Test
  void aMainThreadThatEnds_isIdle_andClassLoadingDecides() throws Exception {
    AtomicLong mainCpu = new AtomicLong();
    AtomicLong loaded = new AtomicLong();
    AtomicInteger poll = new AtomicInteger();
    // busy for 2 polls, then it returns from main while other threads load classes for 2 more
    int polls = StartupBurst.awaitEnd(loaded::get, mainCpu::get, 10_000, millis -> {
      int n = poll.incrementAndGet();
      if (n <= 2) {
        mainCpu.addAndGet(millis * 1_000_000);
      } else {
        mainCpu.set(StartupBurst.ENDED);
      }
      if (n <= 4) {
        loaded.addAndGet(100);
      }
    }, () -> false);

    assertThat(polls).isEqualTo(4 + StartupBurst.QUIET_POLLS);
  }

  @Test
  void aMainThreadThatNeverIdles_waitsOnlyTheLongestWait() throws Exception {
    AtomicLong mainCpu = new AtomicLong();
    int polls = StartupBurst.awaitEnd(() -> 5_000, mainCpu::get, 2_000,
        millis -> mainCpu.addAndGet(millis * 1_000_000), () -> false);

    assertThat(polls).isEqualTo(20);
  }
}
