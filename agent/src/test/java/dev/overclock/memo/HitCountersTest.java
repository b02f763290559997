package dev.overclock.memo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The per-thread hit cells: found by thread id in a table, or through the thread-local when two
 * live threads' ids share a slot; the counts stay exact either way.
 */
class HitCountersTest {

  private static final int HITS = 200_000;

  @Test
  void countPlain_countsOnlyPlainHits_andLeavesTheOthersToCount_withTheSameFigures() {
    // The bound site's hit (countPlain, else the call by id: count) against count alone, hit by
    // hit, for a countdown of 7 and none; the read-through every 8 counted hits.
    for (int every : new int[] {0, 7}) {
      HitCounters plain = new HitCounters();
      HitCounters alone = new HitCounters();
      int slot = plain.newSlot();
      alone.newSlot();
      int plainOnes = 0;
      for (int i = 0; i < 1_000; i++) {
        long expected = alone.cell().count(slot, every);
        boolean isPlain = plain.cell().countPlain(slot, every, 7);
        long got = isPlain ? plain.cell().hits(slot) : plain.cell().count(slot, every);
        assertThat(isPlain).isEqualTo(expected != 0 && (expected & 7) != 0);
        assertThat(got).isEqualTo(expected == 0 ? got : expected);
        assertThat(expected == 0).isEqualTo(!isPlain && got == 0);
        assertThat(plain.hits(slot)).isEqualTo(alone.hits(slot));
        plainOnes += isPlain ? 1 : 0;
      }
      assertThat(plainOnes).isGreaterThan(700);
    }
  }

  @Test
  void threadsWhoseIdsShareATableSlot_countInCellsOfTheirOwn() throws Exception {
    HitCounters counters = new HitCounters();
    int slot = counters.newSlot();
    CountDownLatch bothRunning = new CountDownLatch(2);
    AtomicInteger sampled = new AtomicInteger();
    AtomicInteger otherCells = new AtomicInteger();
    Runnable hits = () -> {
      HitCounters.Cell first = counters.cell();
      bothRunning.countDown();
      awaitQuietly(bothRunning); // both alive: neither gives the slot up to the other
      for (int i = 0; i < HITS; i++) {
        HitCounters.Cell cell = counters.cell();
        if (cell != first) {
          otherCells.incrementAndGet();
        }
        if (!cell.hit(slot, 1000)) {
          sampled.incrementAndGet();
        }
      }
    };
    Thread one = new Thread(hits);
    Thread two = collidingWith(one, hits);

    one.start();
    two.start();
    one.join();
    two.join();

    assertThat(otherCells).hasValue(0);
    // Each thread verifies its own every 1000th hit: 200 each, which are not hits.
    assertThat(sampled).hasValue(2 * HITS / 1000);
    assertThat(counters.hits(slot)).isEqualTo(2L * (HITS - HITS / 1000));
  }

  @Test
  void aThreadTakingTheSlotOfOneThatEnded_keepsBothCounts() throws Exception {
    HitCounters counters = new HitCounters();
    int slot = counters.newSlot();
    Runnable hits = () -> {
      for (int i = 0; i < HITS; i++) {
        counters.cell().hit(slot, 0);
      }
    };
    Thread one = new Thread(hits);
    Thread two = collidingWith(one, hits);

    one.start();
    one.join();
    two.start();
    two.join();

    assertThat(counters.hits(slot)).isEqualTo(2L * HITS);
  }

  /** A new thread whose id falls in the same table slot as {@code thread}'s. */
  private static Thread collidingWith(Thread thread, Runnable task) {
    while (true) {
      Thread candidate = new Thread(task); // ids are handed out at construction
      if (candidate.getId() % 1024 == thread.getId() % 1024) {
        return candidate;
      }
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
