package dev.overclock.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.PackedHistogram;
import org.junit.jupiter.api.Test;

/**
 * A method's snapshot must give every figure, and the encoded histogram to the byte, that
 * reference packed histograms give for the same calls, drained the same way: the guard for any
 * change of how the recorder keeps its histograms (plain ones were tried on 2026-12-05).
 */
class MethodRecorderTest {

  private static final MethodRef QUOTE =
      new MethodRef("com.acme.Pricing", "quote", "(I)J", "annotation");

  @Test
  void snapshots_areThoseOfPackedHistogramsThatRecordedEveryCall_encodingIncluded() {
    Random random = new Random(3);
    MethodRecorder recorder = new MethodRecorder(QUOTE, 2, new AtomicLong());
    // the reference: packed histograms that recorded every call's latency as it was made
    PackedHistogram cumulative = new PackedHistogram(2);
    PackedHistogram window = new PackedHistogram(2);
    long allNanos = 0;
    long windowNanos = 0;
    long calls = 0;
    long windowCalls = 0;
    DrainedLatencies scratch = new DrainedLatencies();

    for (int second = 1; second <= 12; second++) {
      // one second of calls; their range changes, so the histograms grow between drains
      long largest = second % 3 == 0 ? 50_000_000L : 200_000L * second;
      int made = 500 + random.nextInt(2_000);
      for (int i = 0; i < made; i++) {
        long nanos = 1 + (long) (random.nextDouble() * largest);
        recorder.record(i % 2, nanos, i % 97 == 0, /* outermost= */ true);
        cumulative.recordValue(nanos);
        window.recordValue(nanos);
        allNanos += nanos;
        windowNanos += nanos;
      }
      calls += made;
      windowCalls += made;

      if (second % 4 != 0) {
        // the overhead governor's read each second: drains into both histograms
        assertThat(recorder.calls(scratch, second)).isEqualTo(calls);
        continue;
      }
      MethodSnapshot snapshot = recorder.snapshot(scratch, second);

      assertThat(snapshot.calls()).isEqualTo(calls);
      assertThat(snapshot.window()).isEqualTo(LatencySummary.of(window, windowNanos, windowCalls));
      LatencySummary expected =
          LatencySummary.of(cumulative, allNanos, calls).withHistogram(cumulative);
      assertThat(snapshot.latency().histogram()).isNotNull().isEqualTo(expected.histogram());
      assertThat(snapshot.latency()).isEqualTo(expected);
      window.reset();
      windowNanos = 0;
      windowCalls = 0;
    }
  }
}
