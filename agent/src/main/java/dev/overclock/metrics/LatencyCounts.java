package dev.overclock.metrics;

import java.util.Arrays;

/**
 * A {@link Stripe}'s latencies since its last drain: the counts of an HdrHistogram with two
 * significant digits and a lowest discernible value of 1 (the histograms the readers keep), in the
 * same buckets, written by one thread at a time with plain stores.
 *
 * <h2>Why not an HdrHistogram</h2>
 *
 * Recording into an {@code IntCountsHistogram} reads its layout from a dozen fields, two of them
 * {@code volatile} (the minimum and maximum it keeps for concurrent readers, which a stripe does
 * not have), and takes a virtual call for each step; on an exact timed call of a tiny method that
 * was a good part of what the agent adds over a hand-written {@code nanoTime} pair. Here the
 * layout is constants, and a call is an index computation and an increment. The drain hands every
 * count on by its bucket ({@link #drainInto}); {@link DrainedLatencies} records it into the real
 * histograms at its bucket's value, which lands in the same bucket there: the readers'
 * histograms, and every percentile, are what they were (a test checks it bucket by bucket).
 *
 * <h2>Memory</h2>
 *
 * The array grows with the largest latency recorded, like an auto-resizing histogram: 1 KB for
 * latencies up to 255 ns, 12 KB up to a second, 29 KB at most, as an auto-resizing {@code
 * IntCountsHistogram}'s counts. An {@code int} per bucket:
 * a bucket would need 2^31 calls between two drains (reports drain at least every few minutes)
 * to overflow.
 */
final class LatencyCounts {

  // HdrHistogram's layout for 2 significant digits, unit 1: 256 sub-buckets of which each bucket
  // after the first uses the upper half.
  private static final int SUB_BUCKET_HALF_COUNT_MAGNITUDE = 7;
  private static final int SUB_BUCKET_HALF_COUNT = 1 << SUB_BUCKET_HALF_COUNT_MAGNITUDE;
  private static final long SUB_BUCKET_MASK = 2L * SUB_BUCKET_HALF_COUNT - 1;
  private static final int LEADING_ZERO_COUNT_BASE = 64 - (SUB_BUCKET_HALF_COUNT_MAGNITUDE + 1);

  /** Buckets of the first array: the values below 256. */
  static final int FIRST_LENGTH = 2 * SUB_BUCKET_HALF_COUNT;

  /** Buckets enough for {@link Long#MAX_VALUE}. */
  static final int MAX_LENGTH = index(Long.MAX_VALUE) + 1;

  private int[] counts = new int[FIRST_LENGTH];
  private long total;

  /** Counts one latency; {@code nanos} is not negative. */
  void record(long nanos) {
    int index = index(nanos);
    int[] buckets = counts;
    if (index >= buckets.length) {
      buckets = grow(index);
    }
    buckets[index]++;
    total++;
  }

  /** Grows to the end of the bucket {@code index} is in, as an auto-resizing histogram does. */
  private int[] grow(int index) {
    int buckets = (index >> SUB_BUCKET_HALF_COUNT_MAGNITUDE) + 1;
    counts = Arrays.copyOf(counts, buckets << SUB_BUCKET_HALF_COUNT_MAGNITUDE);
    return counts;
  }

  /** Latencies counted since the last drain. */
  long total() {
    return total;
  }

  /** Adds every count to {@code drained} and clears them. */
  void drainInto(DrainedLatencies drained) {
    if (total == 0) {
      return; // an idle method's drain costs no pass over the buckets
    }
    int[] buckets = counts;
    for (int i = 0; i < buckets.length; i++) {
      if (buckets[i] != 0) {
        drained.add(i, buckets[i]);
        buckets[i] = 0;
      }
    }
    total = 0;
  }

  /** The bucket of a value: HdrHistogram's {@code countsArrayIndex}, with its layout as constants. */
  static int index(long value) {
    int bucket = LEADING_ZERO_COUNT_BASE - Long.numberOfLeadingZeros(value | SUB_BUCKET_MASK);
    int subBucket = (int) (value >>> bucket);
    return ((bucket + 1) << SUB_BUCKET_HALF_COUNT_MAGNITUDE) + subBucket - SUB_BUCKET_HALF_COUNT;
  }

  /**
   * The middle value of a bucket, the one HdrHistogram's mean counts each call of the bucket at:
   * its {@code medianEquivalentValue}, the lowest value plus half the bucket's width (a width of
   * 1 below 256, then doubling every 128 buckets).
   */
  static long medianAt(int index) {
    int bucket = (index >> SUB_BUCKET_HALF_COUNT_MAGNITUDE) - 1;
    long width = bucket <= 0 ? 1 : 1L << bucket;
    return valueAt(index) + (width >> 1);
  }

  /** The lowest value of a bucket: HdrHistogram's {@code valueFromIndex}. */
  static long valueAt(int index) {
    int bucket = (index >> SUB_BUCKET_HALF_COUNT_MAGNITUDE) - 1;
    int subBucket = (index & (SUB_BUCKET_HALF_COUNT - 1)) + SUB_BUCKET_HALF_COUNT;
    if (bucket < 0) {
      subBucket -= SUB_BUCKET_HALF_COUNT;
      bucket = 0;
    }
    return (long) subBucket << bucket;
  }
}
