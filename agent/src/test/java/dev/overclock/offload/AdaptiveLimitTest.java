package dev.overclock.offload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AdaptiveLimitTest {

  private static final long MS = 1_000_000;

  /** One window of completions, each {@code latency} long, with the limit in use. */
  private static void window(AdaptiveLimit limit, long latency) {
    int size = Math.max(AdaptiveLimit.MIN_WINDOW, limit.limit());
    for (int i = 0; i < size; i++) {
      limit.completed(latency, limit.limit());
    }
  }

  @Test
  void startsAtThePoolsOwnSize() {
    assertThat(new AdaptiveLimit(8, Integer.MAX_VALUE).limit()).isEqualTo(8);
  }

  @Test
  void grows_whileLatencyHolds_andTheLimitIsUsed() {
    AdaptiveLimit limit = new AdaptiveLimit(8, Integer.MAX_VALUE);
    for (int i = 0; i < 10; i++) {
      window(limit, 10 * MS);
    }
    assertThat(limit.limit()).isGreaterThan(200);
  }

  @Test
  void doesNotGrow_whenTheLimitIsNotUsed() {
    AdaptiveLimit limit = new AdaptiveLimit(8, Integer.MAX_VALUE);
    for (int i = 0; i < 10 * AdaptiveLimit.MIN_WINDOW; i++) {
      limit.completed(10 * MS, 2);
    }
    assertThat(limit.limit()).isEqualTo(8);
  }

  @Test
  void backsOff_whenLatencyGrows_butNeverBelowThePoolsSize() {
    AdaptiveLimit limit = new AdaptiveLimit(8, Integer.MAX_VALUE);
    for (int i = 0; i < 6; i++) {
      window(limit, 10 * MS);
    }
    int grown = limit.limit();
    // tasks now queue for a shared resource: the more run, the longer each takes
    window(limit, 40 * MS);
    assertThat(limit.limit()).isLessThan(grown);
    for (int i = 0; i < 20; i++) {
      window(limit, 400 * MS);
    }
    assertThat(limit.limit()).isEqualTo(8);
    assertThat(limit.highest()).isEqualTo(grown);
  }

  @Test
  void neverPassesTheHardMaximum() {
    AdaptiveLimit limit = new AdaptiveLimit(8, 50);
    for (int i = 0; i < 20; i++) {
      window(limit, 10 * MS);
    }
    assertThat(limit.limit()).isEqualTo(50);
    assertThat(new AdaptiveLimit(80, 50).limit()).isEqualTo(50);
  }

  @Test
  void poolThreadNames_loseTheirNumber() {
    assertThat(VirtualLane.prefixOf("pool-3-thread-17")).isEqualTo("pool-3-thread-");
    assertThat(VirtualLane.prefixOf("orders")).isEqualTo("orders-");
  }

  @Test
  void keepsItsLastMoves_forTheReport() {
    AdaptiveLimit limit = new AdaptiveLimit(8, Integer.MAX_VALUE);
    for (int i = 0; i < 10; i++) {
      window(limit, 10 * MS);
    }
    assertThat(limit.changes()).isEqualTo(10);
    assertThat(limit.lowest()).isEqualTo(8);
    assertThat(limit.recentChanges()).hasSize(AdaptiveLimit.KEPT_CHANGES)
        .allSatisfy(change -> assertThat(change.to()).isGreaterThan(change.from()))
        .allSatisfy(change -> assertThat(change.why()).contains("every slot was in use"));
    assertThat(limit.recentChanges().get(AdaptiveLimit.KEPT_CHANGES - 1).to())
        .isEqualTo(limit.limit());

    int high = limit.limit();
    window(limit, 100 * MS); // ten times slower: something shared is the bottleneck
    assertThat(limit.limit()).isLessThan(high);
    assertThat(limit.recentChanges().get(AdaptiveLimit.KEPT_CHANGES - 1).why())
        .contains("their unloaded time");
  }
}
