package dev.overclock.jvm;

import java.time.Instant;
import java.util.Arrays;

/**
 * The count of execution samples and the times of the latest ones, from which the interval JFR's
 * sampler really kept is estimated.
 */
final class SampleTimes {

  private final long[] recent;
  private long samples;

  SampleTimes(int recentCapacity) {
    recent = new long[recentCapacity];
  }

  /** Counts one sample taken at {@code at} (null: unknown) and returns its number, from 1. */
  long add(Instant at) {
    if (at != null) {
      recent[(int) (samples % recent.length)] = Timeline.epochNanos(at);
    }
    return ++samples;
  }

  /** Execution samples so far. */
  long count() {
    return samples;
  }

  /**
   * The interval at which JFR's sampler really took samples lately: the median gap between its
   * sampling rounds (the samples of one round are taken within a fraction of the interval). On a
   * busy machine the sampler thread falls behind its nominal interval, and a method's samples
   * times the nominal interval would understate its time on CPU.
   *
   * @param nominalNanos the interval the recording asked for
   * @return at least {@code nominalNanos}, at most ten times it; {@code nominalNanos} while there
   *     are too few samples to tell
   */
  long observedInterval(long nominalNanos) {
    int count = (int) Math.min(samples, recent.length);
    if (count < 32 || nominalNanos <= 0) {
      return nominalNanos;
    }
    long[] times = Arrays.copyOf(recent, count);
    Arrays.sort(times);
    long[] gaps = new long[count];
    int rounds = 0;
    long roundStart = times[0];
    for (int i = 1; i < count; i++) {
      if (times[i] - roundStart > nominalNanos / 4) {
        gaps[rounds++] = times[i] - roundStart;
        roundStart = times[i];
      }
    }
    if (rounds < 16) {
      return nominalNanos;
    }
    long[] sorted = Arrays.copyOf(gaps, rounds);
    Arrays.sort(sorted);
    long median = sorted[rounds / 2];
    return Math.max(nominalNanos, Math.min(10 * nominalNanos, median));
  }
}
