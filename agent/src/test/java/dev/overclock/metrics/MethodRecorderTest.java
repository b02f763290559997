package dev.overclock.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;
import org.junit.jupiter.api.Test;

/**
 * The overhead governor reads every timed method each second ({@link MethodRecorder#calls}); its
 * reads keep the drained latencies as plain counts until a reader needs the histograms. Every
 * figure must be what it was when each read added them to the histograms at once.
 */
class MethodRecorderTest {

  private static final MethodRef QUOTE =
      new MethodRef("com.acme.Pricing", "quote", "(I)J", "annotation");

  @Test
  void governorReads_betweenSnapshots_leaveEveryFigureAsIfEachReadFilledTheHistograms()
      throws DataFormatException {
    Random random = new Random(3);
    MethodRecorder recorder = new MethodRecorder(QUOTE, 2, new AtomicLong());
    // the histograms as the readers filled them before: each read added its calls at once
    PackedHistogram cumulative = new PackedHistogram(2);
    PackedHistogram window = new PackedHistogram(2);
    long allNanos = 0;
    long windowNanos = 0;
    long calls = 0;
    long windowCalls = 0;
    Histogram scratch = new Histogram(2);
    LatencyCounts drained = new LatencyCounts();

    for (int second = 1; second <= 12; second++) {
      Histogram read = new Histogram(2);
      // latencies of one second; their range changes, so the histograms grow between reads
      long largest = second % 3 == 0 ? 50_000_000L : 200_000L * second;
      int made = 500 + random.nextInt(2_000);
      for (int i = 0; i < made; i++) {
        long nanos = 1 + (long) (random.nextDouble() * largest);
        recorder.record(i % 2, nanos, i % 97 == 0, /* outermost= */ true);
        read.recordValue(nanos);
        allNanos += nanos;
        windowNanos += nanos;
      }
      calls += made;
      windowCalls += made;
      cumulative.add(read);
      window.add(read);

      assertThat(recorder.calls(scratch, drained, second)).isEqualTo(calls);
      assertThat(drained.total()).as("the caller's counts are empty again").isZero();

      if (second % 4 == 0) {
        MethodSnapshot snapshot = recorder.snapshot(scratch, drained, second);

        assertThat(snapshot.calls()).isEqualTo(calls);
        LatencySummary expectedWindow = LatencySummary.of(window, windowNanos, windowCalls);
        assertThat(snapshot.window()).isEqualTo(expectedWindow);
        LatencySummary latency = snapshot.latency();
        assertThat(latency.histogram()).isNotNull();
        assertThat(withoutHistogram(latency))
            .isEqualTo(LatencySummary.of(cumulative, allNanos, calls));
        // the encoded histogram holds the same counts, bucket by bucket
        Histogram decoded = Histogram.decodeFromCompressedByteBuffer(
            ByteBuffer.wrap(Base64.getDecoder().decode(latency.histogram())), 0);
        assertThat(decoded).isEqualTo(cumulative);
        assertThat(decoded.getTotalCount()).isEqualTo(calls);

        window.reset();
        windowNanos = 0;
        windowCalls = 0;
      }
    }
  }

  @Test
  void aFirstPrometheusRead_putsTheGovernorsPendingCallsInTheTotals_butNotInItsRecentWindow() {
    MethodRecorder recorder = new MethodRecorder(QUOTE, 2, new AtomicLong());
    Histogram scratch = new Histogram(2);
    LatencyCounts drained = new LatencyCounts();
    recorder.record(0, 1_000, false, true);
    recorder.record(0, 2_000, false, true);
    recorder.calls(scratch, drained, 1); // pending now
    recorder.record(1, 3_072, false, true);

    MethodSnapshot read = recorder.read(scratch, drained, 2, 60_000_000_000L);

    assertThat(read.calls()).isEqualTo(3);
    assertThat(read.latency().calls()).isEqualTo(3);
    assertThat(read.latency().minNanos()).isEqualTo(1_000);
    // the recent window starts with the first read: it holds the call drained by that read only
    assertThat(read.window().calls()).isEqualTo(1);
    assertThat(read.window().minNanos()).isEqualTo(3_072);
    // and the report's window still gets all three
    MethodSnapshot report = recorder.snapshot(scratch, drained, 3);
    assertThat(report.window().calls()).isEqualTo(3);
    assertThat(report.window().minNanos()).isEqualTo(1_000);
  }

  private static LatencySummary withoutHistogram(LatencySummary summary) {
    return new LatencySummary(summary.calls(), summary.minNanos(), summary.meanNanos(),
        summary.p50Nanos(), summary.p90Nanos(), summary.p99Nanos(), summary.p999Nanos(),
        summary.maxNanos(), summary.distribution());
  }
}
