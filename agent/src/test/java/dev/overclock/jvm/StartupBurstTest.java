package dev.overclock.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The start-up burst's end, on injected class counts (no sleeping). */
class StartupBurstTest {

  @Test
  void aJvmThatLoadsNoMoreClasses_isPastItsStartAfterTheQuietPolls() throws Exception {
    int polls = StartupBurst.awaitEnd(() -> 5_000, 2_000, millis -> {});

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
    });

    assertThat(polls).isEqualTo(7 + StartupBurst.QUIET_POLLS);
  }

  @Test
  void anApplicationThatNeverStopsLoadingClasses_waitsOnlyTheLongestWait() throws Exception {
    AtomicLong loaded = new AtomicLong();
    int polls = StartupBurst.awaitEnd(loaded::get, 1_000, millis -> loaded.addAndGet(500));

    assertThat(polls).isEqualTo((int) (1_000 / StartupBurst.POLL_MILLIS));
  }
}
