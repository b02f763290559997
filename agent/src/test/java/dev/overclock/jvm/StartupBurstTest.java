package dev.overclock.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The start-up burst's end, on injected class counts (no sleeping). */
class StartupBurstTest {

  @Test
  void aJvmThatLoadsNoMoreClasses_isPastItsStartAfterTheQuietPolls() throws Exception {
    int polls = StartupBurst.awaitEnd(() -> 5_000, 2_000, millis -> {}, () -> false);

    assertThat(polls).isEqualTo(StartupBurst.QUIET_POLLS);
  }

  @Test
  void whileClassesKeepLoading_itWaits_andTheQuietPollsMustFollowEachOther() throws Exception {
    AtomicLong loaded = new AtomicLong(1_000);
    AtomicInteger poll = new AtomicInteger();
    // 100 classes a poll for 5 polls, one quiet poll, 100 more, then quiet
    int polls = StartupBurst.awaitEnd(loaded::get, 10_000, millis -> {
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
    int polls = StartupBurst.awaitEnd(loaded::get, 1_050, millis -> {
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
    int polls = StartupBurst.awaitEnd(loaded::get, 10_000, millis -> {
      poll.incrementAndGet();
      loaded.addAndGet(500);
    }, () -> poll.get() >= 2);

    assertThat(polls).isEqualTo(2);
  }

  @Test
  void noWaitAtAll_pollsNothing() throws Exception {
    assertThat(StartupBurst.awaitEnd(() -> 0, 0, millis -> {}, () -> false)).isZero();
  }
}
