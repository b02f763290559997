package dev.overclock.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * A {@link Stripe}'s drain: the same figures as a drain in place, and the histogram work done
 * after the claim is released, so that a writer meeting the claim is rare (see the class comment).
 */
class StripeTest {

  /** A window that notes, for each value added, whether the stripe was free to claim then. */
  private static final class Watching extends Histogram {
    private final Stripe stripe;
    final List<Boolean> stripeFree = new ArrayList<>();

    Watching(Stripe stripe) {
      super(2);
      this.stripe = stripe;
    }

    @Override
    public void recordValueWithCount(long value, long count) {
      boolean free = stripe.tryClaimFree();
      if (free) {
        stripe.release();
      }
      stripeFree.add(free);
      super.recordValueWithCount(value, count);
    }
  }

  private static void record(Stripe stripe, long nanos) {
    assertThat(stripe.tryClaimFree()).isTrue();
    stripe.record(nanos, false, true, 1);
    stripe.release();
  }

  @Test
  void drain_addsTheCountsToTheWindow_afterReleasingTheClaim() {
    Stripe stripe = new Stripe();
    record(stripe, 300);
    record(stripe, 300);
    record(stripe, 20_000_000);
    Watching window = new Watching(stripe);
    long[] totals = new long[Stripe.COUNTERS];

    stripe.drainInto(window, totals, new int[0]);

    assertThat(window.stripeFree).containsExactly(true, true);
    assertThat(window.getTotalCount()).isEqualTo(3);
    assertThat(window.getCountAtValue(300)).isEqualTo(2);
    assertThat(window.getCountAtValue(20_000_000)).isEqualTo(1);
    assertThat(totals[7]).as("clocked calls").isEqualTo(3);
    assertThat(totals[0]).as("all nanos").isEqualTo(20_000_600);
  }

  @Test
  void drain_givesTheSameFiguresAsADrainInPlace_overManyDrains() {
    Stripe swapped = new Stripe();
    LatencyCounts inPlace = new LatencyCounts();
    Histogram swappedWindow = new Histogram(2);
    Histogram inPlaceWindow = new Histogram(2);
    int[] spare = new int[0];
    long[] totals = new long[Stripe.COUNTERS];
    java.util.Random random = new java.util.Random(11);
    for (int drain = 0; drain < 50; drain++) {
      int calls = random.nextInt(200);
      for (int i = 0; i < calls; i++) {
        long nanos = (long) Math.pow(10, random.nextDouble() * 9);
        record(swapped, nanos);
        inPlace.record(nanos);
      }
      totals = new long[Stripe.COUNTERS];
      spare = swapped.drainInto(swappedWindow, totals, spare);
      inPlace.drainInto(inPlaceWindow);

      assertThat(swappedWindow).isEqualTo(inPlaceWindow);
      assertThat(spare).as("the array handed on is empty").containsOnly(0);
    }
    assertThat(totals[7]).isEqualTo(swappedWindow.getTotalCount());
  }

  @Test
  void drain_neverShrinksTheCounts_andHandsOnAnArrayAtLeastAsLong() {
    Stripe stripe = new Stripe();
    record(stripe, 1_000_000_000); // grows the counts to cover a second
    int grown = stripe.countsLength();
    assertThat(grown).isGreaterThan(256);

    int[] next = stripe.drainInto(new Histogram(2), new long[Stripe.COUNTERS], new int[256]);

    assertThat(stripe.countsLength()).as("a short spare is not swapped in").isEqualTo(grown);
    assertThat(next.length).isEqualTo(grown);
    assertThat(next).containsOnly(0);
  }

  @Test
  void drainOfAnIdleStripe_keepsTheSpare() {
    Stripe stripe = new Stripe();
    int[] spare = new int[256];

    int[] next = stripe.drainInto(new Histogram(2), new long[Stripe.COUNTERS], spare);

    assertThat(next).isSameAs(spare);
  }
}
